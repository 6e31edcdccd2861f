// Leader takeover: three `heatdesk serve` processes share one HEATDESK_HOME (three VS Code windows); the
// leader is killed with SIGKILL and the time until a follower serves (ingest.json names it and
// /v1/health answers) is measured. Repeated, a new window joining each round, with 20,000 events in the
// store (the new leader replays them from the journal or loads them from the snapshot). Target: ≤ 2 s.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, postBatches, result } from './_lib.mjs';

const dist = resolve(process.env.HEATDESK_DIST ?? 'dist');
const cli = join(dist, 'cli.js');
if (!existsSync(cli)) {
  console.error(`missing ${cli}: run npm run build`);
  process.exit(1);
}
const ROUNDS = 5;
const tmp = mkdtempSync(join(tmpdir(), 'heatdesk-bench-takeover-'));
const home = join(tmp, 'home');
const dataDir = join(tmp, 'data');

function window() {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir, '--home', home], { stdio: ['ignore', 'ignore', 'pipe'] });
  const w = { child, log: '' };
  child.stderr.on('data', (d) => (w.log += d));
  return w;
}
const info = () => {
  try {
    return JSON.parse(readFileSync(join(home, 'ingest.json'), 'utf8'));
  } catch {
    return null;
  }
};
const healthy = (url) =>
  new Promise((res) => {
    const r = request(`${url}/v1/health`, (x) => {
      x.resume();
      res(x.statusCode === 200);
    });
    r.on('error', () => res(false));
    r.end();
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, check, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${windows.map((w) => w.log).join("\n---\n")}`);
    await sleep(5);
  }
}

const windows = [window(), window(), window()];
const times = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    if (round === 0) {
      await until('a leader', () => info()?.pid && windows.some((w) => w.child.pid === info().pid));
      const { url, token } = info();
      const batches = Array.from({ length: 20 }, (_, b) =>
        Array.from({ length: 1000 }, (_, i) => ({ id: `t-${b}-${i}`, type: 'ToolCallStarted', timestamp: new Date().toISOString(), session_id: `s${i % 7}`, tool_name: 'Bash' })),
      );
      await postBatches(url, token, batches);
    }
    await until('three windows: one leads, two follow', () => {
      const live = windows.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
      return live.filter((w) => /this process leads/.test(w.log)).length === 1 && live.filter((w) => /following the leader/.test(w.log)).length === 2;
    });
    const i0 = info();
    const leader = windows.find((w) => w.child.pid === i0.pid);
    const t0 = performance.now();
    leader.child.kill('SIGKILL');
    await until('a follower to serve', async () => {
      const i = info();
      return i && i.pid !== i0.pid && (await healthy(i.url));
    });
    times.push(performance.now() - t0);
    windows.splice(windows.indexOf(leader), 1);
    windows.push(window());
  }
} finally {
  for (const w of windows) w.child.kill('SIGKILL');
}
console.log(`takeover times: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
result('leader kill -9 → a follower serves, median', median(times), 'ms', { target: '≤ 2000', ok: median(times) <= 2000 });
result('leader kill -9 → a follower serves, worst', Math.max(...times), 'ms', { target: '≤ 2000', ok: Math.max(...times) <= 2000 });
await sleep(200);
rmSync(tmp, { recursive: true, force: true });
