// `npm start`: Heatdesk in a real VS Code (code-server) in your browser, with a recorded Claude Code session
// played into it through the real hook scripts. No Claude Code needed.
//
//   npm start                       demo: private profile, private HEATDESK_HOME and CLAUDE_CONFIG_DIR (your
//                                   ~/.heatdesk and ~/.claude are never touched), heatmap on
//   npm start -- --no-demo          empty, for real use: your HEATDESK_HOME (~/.heatdesk) so Claude Code's
//                                   installed hooks reach it; profile kept in .tools/profile
//   options: --port <n> (default 3800, or any free one if taken), --folder <dir> (with --no-demo),
//            --speed <x> (demo speed factor), --loop (replay the demo until Ctrl-C), --no-build
//
// Steps: production build → VSIX → tools (Node 24 + code-server, once) → install the VSIX into a private
// profile → start code-server on 127.0.0.1 → print the URL → when VS Code has loaded in the browser (its
// extension host starts only then) Heatdesk writes ingest.json → the demo plays.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { makeProfile, writeUserSettings, installVsix, startCodeServer, freePort, readTools } from './codeServer.mjs';
import { packageVsix } from './package.mjs';
import { ensureTools, toolsDir } from './tools.mjs';
import { playRecording, readRecording } from '../demo/player.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const demo = !args.includes('--no-demo');
const say = (m) => console.log(`[start] ${m}`);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function portIsFree(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/** A small workspace that matches the recorded session's story, so the editor is not empty. */
function makeDemoWorkspace(dir) {
  const files = {
    'package.json': JSON.stringify({ name: 'acme-shop', version: '1.0.0', scripts: { test: 'node --test' } }, null, 2) + '\n',
    'README.md': '# acme-shop\n\nA demo workspace for Heatdesk. Open the Heatdesk view (desk icon, left) to watch the agents.\n',
    'src/api/checkout.ts': "export function checkout(customerId: string, cart: string[]): { ok: boolean } {\n  return { ok: cart.length > 0 && customerId !== '' };\n}\n",
    'src/middleware/rateLimit.ts':
      '// Token bucket per customer (written by the demo session).\nexport class RateLimiter {\n  private readonly buckets = new Map<string, { tokens: number; at: number }>();\n  constructor(private readonly capacity = 5, private readonly refillMs = 1000) {}\n}\n',
  };
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

function waitForFile(file, signal) {
  return new Promise((res, rej) => {
    const tick = () => {
      if (signal.aborted) return rej(new Error('stopped'));
      try {
        if (statSync(file).size > 0 && JSON.parse(readFileSync(file, 'utf8')).url) return res();
      } catch {
        // Not there yet, or half-written.
      }
      setTimeout(tick, 250);
    };
    tick();
  });
}

const controller = new AbortController();
/** Undo steps (stop code-server, remove the demo's temp folder), run in reverse order on exit. */
const cleanups = [];
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  controller.abort();
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch {
      // Best effort: keep cleaning the rest.
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main() {
  if (!args.includes('--no-build')) {
    say('building (production)…');
    const r = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
  const vsix = packageVsix({ build: false, out: join(repoRoot, '.tools', 'heatdesk-start.vsix') });
  say(`VSIX ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KiB) [${elapsed()}]`);
  ensureTools();
  const tools = readTools();

  let base;
  let folder;
  const env = {};
  if (demo) {
    base = mkdtempSync(join(tmpdir(), 'heatdesk-demo-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    folder = join(base, 'acme-shop');
    makeDemoWorkspace(folder);
    env.HEATDESK_HOME = join(base, 'heatdesk-home');
    env.CLAUDE_CONFIG_DIR = join(base, 'claude');
    mkdirSync(env.HEATDESK_HOME, { recursive: true, mode: 0o700 });
    mkdirSync(env.CLAUDE_CONFIG_DIR, { recursive: true });
  } else {
    base = join(toolsDir(), 'profile');
    folder = resolve(opt('--folder') ?? process.env.INIT_CWD ?? process.cwd());
  }
  const profile = makeProfile(base);
  writeUserSettings(profile, demo ? { 'heatdesk.heatmap.enabledAtStart': true, 'heatdesk.view.openAtStart': true } : {});
  installVsix(tools, profile, vsix);
  say(`installed into ${profile.extensionsDir} [${elapsed()}]`);

  const wanted = Number(opt('--port') ?? 3800);
  const port = wanted > 0 && (await portIsFree(wanted)) ? wanted : await freePort();
  const server = await startCodeServer({ tools, profile, folder, port, env, onSpawn: (stopServer) => cleanups.push(stopServer) });
  server.child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[start] code-server exited (${code}); log: ${join(profile.base, 'code-server.log')}`);
      void stop(1);
    }
  });
  const url = `http://127.0.0.1:${port}/`;
  console.log(
    [
      '',
      `  Heatdesk is running in VS Code at  ${url}   (ready in ${elapsed()})`,
      '  Open it in your browser, then click the Heatdesk icon (a desk) in the activity bar on the left. Drag the side bar edge to give the office more room.',
      demo
        ? '  The demo session starts as soon as VS Code has loaded (its extension host starts with the first browser).'
        : '  Claude Code sessions with Heatdesk hooks installed (command "Heatdesk: Install Claude Code Hooks") appear live.',
      '  Ctrl-C stops code-server.',
      '',
    ].join('\n'),
  );
  if (!demo) return;

  const ingestFile = join(env.HEATDESK_HOME, 'ingest.json');
  await waitForFile(ingestFile, controller.signal);
  say(`Heatdesk's ingest server is up (${JSON.parse(readFileSync(ingestFile, 'utf8')).url}); playing the demo session`);
  const recording = readRecording();
  const hooksDir = join(repoRoot, 'dist', 'hooks');
  if (!existsSync(hooksDir)) throw new Error(`${hooksDir} missing: the build did not produce the hook scripts`);
  do {
    await playRecording({
      recording,
      hooksDir,
      claudeConfigDir: env.CLAUDE_CONFIG_DIR,
      cwd: folder,
      env,
      speed: Number(opt('--speed') ?? 1),
      signal: controller.signal,
      log: (m) => say(`demo: ${m}`),
    });
  } while (args.includes('--loop') && !controller.signal.aborted);
  if (!controller.signal.aborted) say(`demo finished; VS Code keeps running at ${url} — Ctrl-C to stop.`);
}

main().catch((err) => {
  if (stopping) return;
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  void stop(1);
});
