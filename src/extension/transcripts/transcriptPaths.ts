// Where transcripts live and which paths Heatdesk agrees to read. A hook payload is untrusted input: only
// `.jsonl` files under the Claude config dir (CLAUDE_CONFIG_DIR, default ~/.claude) are ever opened, so a
// crafted transcript_path cannot make the server read anything else on the machine.
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

export function defaultClaudeConfigDir(): string {
  const fromEnv = process.env['CLAUDE_CONFIG_DIR'];
  return resolve(fromEnv && fromEnv.trim() ? fromEnv : join(homedir(), '.claude'));
}

/** Claude Code's project folder name: the cwd with every non-alphanumeric character replaced by '-'. */
export function projectDirName(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, '-');
}

/** Ids end up in file names: anything but plain id characters is refused (no '/', no '..'). */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class TranscriptPaths {
  readonly configDir: string;
  private realConfigDir: string | undefined;

  constructor(configDir?: string) {
    this.configDir = resolve(configDir ?? defaultClaudeConfigDir());
  }

  /**
   * The real path to open, or a reason for refusing. Lexical check first (under the dir, `.jsonl`), then
   * the same on the resolved real path so a symlink cannot lead outside.
   */
  check(given: string): { ok: true; real: string } | { ok: false; reason: string } {
    const path = expandHome(given);
    if (!isAbsolute(path)) return { ok: false, reason: 'not an absolute path' };
    const abs = resolve(path);
    if (!abs.endsWith('.jsonl')) return { ok: false, reason: 'not a .jsonl file' };
    if (!isUnder(abs, this.configDir)) return { ok: false, reason: `outside the Claude config dir ${this.configDir}` };
    let real: string;
    try {
      real = realpathSync(abs);
      this.realConfigDir ??= realpathSync(this.configDir);
    } catch {
      return { ok: false, reason: 'no such file' };
    }
    if (!real.endsWith('.jsonl') || !isUnder(real, this.realConfigDir)) {
      return { ok: false, reason: 'links outside the Claude config dir' };
    }
    return { ok: true, real };
  }

  /** The session's own transcript: the payload's path, else projects/<cwd as dir name>/<session>.jsonl. */
  mainTranscript(sessionId: string, transcriptPath?: string, cwd?: string): string | undefined {
    if (transcriptPath) return transcriptPath;
    if (!SAFE_ID.test(sessionId)) return undefined;
    const projects = join(this.configDir, 'projects');
    if (cwd) {
      const p = join(projects, projectDirName(cwd), `${sessionId}.jsonl`);
      if (existsSync(p)) return p;
    }
    return this.findInProjects((dir) => join(dir, `${sessionId}.jsonl`));
  }

  /**
   * A subagent's transcript: the payload's agent_transcript_path, else found by agent id beside the
   * session's transcript, in the current layout (<session>/subagents/agent-<id>.jsonl, since Claude
   * Code 2.1.2) or the older one (agent-<id>.jsonl next to the session file).
   */
  subagentTranscript(opts: { sessionId: string; agentId: string; agentTranscriptPath?: string; transcriptPath?: string; cwd?: string }): string | undefined {
    if (opts.agentTranscriptPath) return opts.agentTranscriptPath;
    if (!SAFE_ID.test(opts.agentId) || !SAFE_ID.test(opts.sessionId)) return undefined;
    const file = `agent-${opts.agentId}.jsonl`;
    const candidatesIn = (projectDir: string): string[] => [join(projectDir, opts.sessionId, 'subagents', file), join(projectDir, file)];
    const dirs: string[] = [];
    const main = opts.transcriptPath ? expandHome(opts.transcriptPath) : undefined;
    if (main && isAbsolute(main)) dirs.push(dirname(resolve(main)));
    if (opts.cwd) dirs.push(join(this.configDir, 'projects', projectDirName(opts.cwd)));
    for (const dir of dirs) for (const p of candidatesIn(dir)) if (existsSync(p)) return p;
    return this.findInProjects((dir) => candidatesIn(dir).find((p) => existsSync(p)));
  }

  /** Last resort when the payload says nothing useful: look through every project folder. */
  private findInProjects(pick: (projectDir: string) => string | undefined): string | undefined {
    const projects = join(this.configDir, 'projects');
    let names: string[];
    try {
      names = readdirSync(projects);
    } catch {
      return undefined;
    }
    for (const name of names) {
      const found = pick(join(projects, name));
      if (found && existsSync(found)) return found;
    }
    return undefined;
  }
}

/** "~/…" as a shell would read it (some tools write transcript paths that way). */
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function isUnder(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
