// Plays a recorded Claude Code session into Heatdesk the way Claude Code itself would: every hook event is
// fed on stdin to the REAL built hook script (dist/hooks/<name>.js), and token usage is written as
// transcript JSONL under CLAUDE_CONFIG_DIR, where Heatdesk's enricher reads it (hooks carry no tokens).
// The transcripts are written like Claude Code writes them: one line per content block of a response, all
// with the same message id and requestId, early blocks with a placeholder output count, so a reader that
// does not deduplicate shows inflated numbers.
//
// Recording format (demo/session.ndjson, one JSON object per line; "wait" = ms to pause after the step):
//   {"t":"meta","models":{agent: model},"agentTypes":{subagentId: type}}
//   {"t":"hook","hook":"<Claude Code hook event>","agent":"main"|"<subagent id>", ...fields of that event}
//   {"t":"usage","agent":…,"blocks":["thinking","text","tool_use"],"in":N,"cw":N,"cr":N,"out":N}
//      one API response: input, cache write, cache read and output tokens
//   {"t":"compact","agent":"main","preTokens":N}   a compact_boundary line after an auto compaction
//   {"t":"wait","ms":N}
// The player fills in what a real Claude Code would: session id, cwd, transcript paths, agent ids/types.
//
// CLI: HEATDESK_HOME=… CLAUDE_CONFIG_DIR=… node demo/player.mjs --cwd <dir> [--speed 2] [--loop]
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_RECORDING = join(repoRoot, 'demo', 'session.ndjson');
const CLAUDE_CODE_VERSION = '2.1.229';

/** "PostToolUseFailure" → "post-tool-use-failure": the name of the built hook script for an event. */
export function hookScriptName(hookEventName) {
  return hookEventName.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Claude Code's project folder name: the cwd with every non-alphanumeric character replaced by "-". */
export function projectDirName(cwd) {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

function base62(n) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += chars[b % chars.length];
  return s;
}

export function readRecording(file = DEFAULT_RECORDING) {
  const steps = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        steps.push(JSON.parse(line));
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`);
      }
    });
  const meta = steps.find((s) => s.t === 'meta') ?? { models: {}, agentTypes: {} };
  return { meta, steps: steps.filter((s) => s.t !== 'meta') };
}

/**
 * One simulated Claude Code session: writes its transcripts and runs hook scripts for it. Tests use it to
 * send events whose token numbers they know (`totals`).
 */
export class SessionSimulator {
  constructor({ hooksDir, claudeConfigDir, cwd, env = {}, sessionId = randomUUID(), models = {}, agentTypes = {} }) {
    this.hooksDir = hooksDir;
    this.claudeConfigDir = claudeConfigDir;
    this.cwd = cwd;
    this.env = env;
    this.sessionId = sessionId;
    this.models = models;
    this.agentTypes = agentTypes;
    this.projectDir = join(claudeConfigDir, 'projects', projectDirName(cwd));
    this.lastUuid = new Map();
    this.toolInputs = new Map();
    this.sums = new Map();
  }

  transcriptPath(agent) {
    return agent === 'main'
      ? join(this.projectDir, `${this.sessionId}.jsonl`)
      : join(this.projectDir, this.sessionId, 'subagents', `agent-${agent}.jsonl`);
  }

  /** What a correct (deduplicating) reader must find in an agent's transcript. */
  totals(agent) {
    return { ...(this.sums.get(agent) ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, responses: 0 }) };
  }

  #append(agent, line) {
    const file = this.transcriptPath(agent);
    mkdirSync(dirname(file), { recursive: true });
    const uuid = randomUUID();
    const full = {
      parentUuid: this.lastUuid.get(agent) ?? null,
      isSidechain: agent !== 'main',
      userType: 'external',
      cwd: this.cwd,
      sessionId: this.sessionId,
      version: CLAUDE_CODE_VERSION,
      gitBranch: 'main',
      ...(agent === 'main' ? {} : { agentId: agent }),
      ...line,
      uuid,
      timestamp: new Date().toISOString(),
    };
    this.lastUuid.set(agent, uuid);
    appendFileSync(file, JSON.stringify(full) + '\n');
  }

  /** One API response, written one line per content block (the duplication trap). */
  usage(agent, { blocks = ['text'], in: input = 0, cw = 0, cr = 0, out = 0 }) {
    const model = this.models[agent] ?? 'claude-sonnet-4-5';
    const messageId = `msg_01${base62(22)}`;
    const requestId = `req_011C${base62(20)}`;
    blocks.forEach((kind, i) => {
      const last = i === blocks.length - 1;
      const content =
        kind === 'thinking'
          ? { type: 'thinking', thinking: '', signature: base62(40) }
          : kind === 'tool_use'
            ? { type: 'tool_use', id: `toolu_01${base62(22)}`, name: 'Bash', input: {} }
            : { type: 'text', text: '(demo)' };
      this.#append(agent, {
        type: 'assistant',
        requestId,
        message: {
          model,
          id: messageId,
          type: 'message',
          role: 'assistant',
          content: [content],
          stop_reason: last ? (kind === 'tool_use' ? 'tool_use' : 'end_turn') : null,
          stop_sequence: null,
          usage: {
            input_tokens: input,
            cache_creation_input_tokens: cw,
            cache_read_input_tokens: cr,
            // Streaming writes early blocks before the final count is known.
            output_tokens: last ? out : Math.min(out, 1),
            cache_creation: { ephemeral_5m_input_tokens: cw, ephemeral_1h_input_tokens: 0 },
            service_tier: 'standard',
          },
        },
      });
    });
    const s = this.sums.get(agent) ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, responses: 0 };
    s.input += input;
    s.output += out;
    s.cacheRead += cr;
    s.cacheWrite += cw;
    s.responses += 1;
    this.sums.set(agent, s);
  }

  compact(agent, preTokens) {
    this.#append(agent, {
      type: 'system',
      subtype: 'compact_boundary',
      content: 'Conversation compacted',
      level: 'info',
      compactMetadata: { trigger: 'auto', preTokens },
    });
  }

  /** Runs the real hook script for `hookEventName` with Claude Code's stdin; resolves when it exits. */
  hook(hookEventName, agent, fields = {}) {
    const payload = {
      session_id: this.sessionId,
      transcript_path: this.transcriptPath('main'),
      cwd: this.cwd,
      permission_mode: 'default',
      hook_event_name: hookEventName,
    };
    if (agent !== 'main') {
      // Events fired inside a subagent carry its id and type (SubagentStart/Stop name the subagent too).
      payload.agent_id = agent;
      payload.agent_type = this.agentTypes[agent] ?? 'general-purpose';
    }
    if (hookEventName === 'SubagentStop') payload.agent_transcript_path = this.transcriptPath(agent);
    Object.assign(payload, fields);
    if (hookEventName === 'PreToolUse' && fields.tool_use_id) this.toolInputs.set(fields.tool_use_id, fields.tool_input);
    if ((hookEventName === 'PostToolUse' || hookEventName === 'PostToolUseFailure') && fields.tool_use_id) {
      payload.tool_input ??= this.toolInputs.get(fields.tool_use_id) ?? {};
      if (hookEventName === 'PostToolUse') payload.tool_response ??= { success: true };
      this.#append(agent, {
        type: 'user',
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: fields.tool_use_id, content: '(demo)' }] },
      });
    }
    if (hookEventName === 'UserPromptSubmit') {
      this.#append(agent, { type: 'user', message: { role: 'user', content: String(fields.prompt ?? '') } });
    }
    const script = join(this.hooksDir, `${hookScriptName(hookEventName)}.js`);
    if (!existsSync(script)) return Promise.reject(new Error(`hook script missing: ${script} (run npm run build)`));
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [script], {
        env: { ...process.env, ...this.env, CLAUDE_PROJECT_DIR: this.cwd, CLAUDE_CODE_SESSION_ID: this.sessionId },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', reject);
      child.on('exit', (code) => {
        // A hook must exit 0 and print nothing; say so loudly if the real one does not.
        if (code !== 0 || output !== '') reject(new Error(`${script} exited ${code}${output ? `, printed: ${output}` : ''}`));
        else resolvePromise();
      });
      child.stdin.end(JSON.stringify(payload));
    });
  }
}

const sleep = (ms, signal) =>
  new Promise((res) => {
    if (signal?.aborted || ms <= 0) return res();
    const onAbort = () => {
      clearTimeout(t);
      res();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      res();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Plays `recording` once through a new SessionSimulator; returns it (for its totals). */
export async function playRecording({ recording, hooksDir, claudeConfigDir, cwd, env, speed = 1, signal, log = () => {} }) {
  const sim = new SessionSimulator({
    hooksDir,
    claudeConfigDir,
    cwd,
    env,
    models: recording.meta.models ?? {},
    agentTypes: recording.meta.agentTypes ?? {},
  });
  log(`session ${sim.sessionId}: ${recording.meta.title ?? 'recorded session'}`);
  for (const step of recording.steps) {
    if (signal?.aborted) break;
    switch (step.t) {
      case 'hook': {
        const { t: _t, hook, agent, wait: _w, ...fields } = step;
        await sim.hook(hook, agent, fields);
        log(`${agent === 'main' ? 'main' : `${sim.agentTypes[agent] ?? 'subagent'} ${agent.slice(0, 7)}`}: ${hook}${fields.tool_name ? ` ${fields.tool_name}` : ''}`);
        break;
      }
      case 'usage':
        sim.usage(step.agent, step);
        break;
      case 'compact':
        sim.compact(step.agent, step.preTokens);
        log(`main: context compacted (${step.preTokens} tokens before)`);
        break;
      case 'wait':
        await sleep(step.ms / speed, signal);
        break;
      default:
        throw new Error(`unknown step type ${JSON.stringify(step.t)}`);
    }
    if (step.wait) await sleep(step.wait / speed, signal);
  }
  return sim;
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const cwd = resolve(opt('--cwd') ?? process.cwd());
  const claudeConfigDir = process.env.CLAUDE_CONFIG_DIR;
  if (!process.env.HEATDESK_HOME || !claudeConfigDir) {
    console.error('[demo] set HEATDESK_HOME and CLAUDE_CONFIG_DIR (private folders) first');
    process.exit(2);
  }
  const recording = readRecording(opt('--recording') ?? DEFAULT_RECORDING);
  const controller = new AbortController();
  process.on('SIGINT', () => controller.abort());
  do {
    await playRecording({
      recording,
      hooksDir: join(repoRoot, 'dist', 'hooks'),
      claudeConfigDir,
      cwd,
      speed: Number(opt('--speed') ?? 1),
      signal: controller.signal,
      log: (m) => console.log(`[demo] ${m}`),
    });
  } while (args.includes('--loop') && !controller.signal.aborted);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
