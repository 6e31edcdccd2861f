// Store figures: activation-to-listening time (empty store, 100,000 events in the journal, 100,000 in a
// snapshot), load + replay of 100,000 events, snapshot time and file size per 100,000 events, memory.
// The events go in through the real server (batches over HTTP) so the files are the ones users get.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, postBatches, result, startServe, stopProcess, timeProcess } from './_lib.mjs';

const dist = resolve(process.env.HEATDESK_DIST ?? 'dist');
const cli = join(dist, 'cli.js');
if (!existsSync(cli)) {
  console.error(`missing ${cli}: run npm run build`);
  process.exit(1);
}
const N = 100_000;
const tmp = mkdtempSync(join(tmpdir(), 'heatdesk-bench-store-'));
const home = join(tmp, 'home');
const dataDir = join(tmp, 'data');
const rssMB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const types = ['ToolCallStarted', 'ToolCallCompleted', 'ToolCallCompleted', 'ToolCallFailed'];
const make = (i) => {
  const type = types[i % types.length];
  return {
    id: `store-bench-${i}`,
    type,
    timestamp: new Date(Date.now() - (N - i) * 1000).toISOString(),
    session_id: `session-${i % 20}`,
    ...(i % 3 === 0 ? { agent_id: `agent-${i % 50}` } : {}),
    cwd: '/home/u/proj',
    tool_name: ['Bash', 'Read', 'Edit', 'Grep'][i % 4],
    tool_use_id: `toolu_${i}`,
    ...(type === 'ToolCallStarted' ? {} : { duration_ms: (i * 37) % 5000 }),
  };
};

const baseRuns = [];
for (let i = 0; i < 5; i++) baseRuns.push((await timeProcess(process.execPath, ['-e', '0'])).ms);
const nodeBase = median(baseRuns);
const startEmpty = [];
for (let i = 0; i < 3; i++) {
  const s = await startServe(cli, { home: join(tmp, `h${i}`), dataDir: join(tmp, `d${i}`) });
  startEmpty.push(s.startMs);
  await stopProcess(s.child);
}
result('spawn → listening, empty store (includes Node start)', median(startEmpty), 'ms', { note: `node -e 0 here: ${nodeBase.toFixed(0)} ms` });

// Fill through the server, then kill -9 before any snapshot: the restart replays 100,000 journaled events.
let server = await startServe(cli, { home, dataDir });
const rssIdle = rssMB(server.child.pid);
const batches = Array.from({ length: N / 1000 }, (_, b) => Array.from({ length: 1000 }, (_, k) => make(b * 1000 + k)));
const t0 = performance.now();
await postBatches(server.info.url, server.info.token, batches, { connections: 16 });
const fillS = (performance.now() - t0) / 1000;
result('fill: 100,000 events posted in batches of 1,000 on 16 connections', N / fillS, 'events/s');
result('server RSS, idle → holding 100,000 events', rssMB(server.child.pid), 'MB', { note: `idle ${rssIdle.toFixed(0)} MB` });
server.child.kill('SIGKILL');
await new Promise((r) => server.child.once('exit', r));
const journalBytes = readdirSync(dataDir).filter((f) => f.startsWith('journal-')).reduce((n, f) => n + statSync(join(dataDir, f)).size, 0);
result('journal size per 100,000 events', journalBytes / 2 ** 20, 'MB');

server = await startServe(cli, { home, dataDir });
result('spawn → listening, 100,000 events to replay from the journal', server.startMs, 'ms');
result('server RSS after replaying 100,000 events', rssMB(server.child.pid), 'MB');
// SIGTERM: the final snapshot covers all 100,000; time it from the signal to the exit.
let t = performance.now();
await stopProcess(server.child, 'SIGTERM');
result('SIGTERM → exit, final snapshot of 100,000 events', performance.now() - t, 'ms');
result('snapshot file size per 100,000 events', statSync(join(dataDir, 'events.sqlite')).size / 2 ** 20, 'MB');

const loads = [];
for (let i = 0; i < 3; i++) {
  server = await startServe(cli, { home, dataDir });
  loads.push(server.startMs);
  if (i < 2) await stopProcess(server.child, 'SIGKILL');
}
result('spawn → listening, 100,000 events in the snapshot', median(loads), 'ms');
result('server RSS after loading a 100,000-event snapshot', rssMB(server.child.pid), 'MB');
await stopProcess(server.child, 'SIGKILL');

// In-process: the store alone, without Node's start or the HTTP server.
const probe = fileURLToPath(new URL('./_storeProbe.ts', import.meta.url));
const p = await timeProcess(process.execPath, ['--expose-gc', '--import', 'tsx', probe, dataDir]);
try {
  const r = JSON.parse(p.out.trim().split('\n').pop());
  result('EventStore.open of a 100,000-event snapshot (in process)', r.openMs, 'ms');
  result('EventStore.all() of 100,000 events (history for the views)', r.allMs, 'ms');
  result('EventStore.snapshot() of 100,000 events', r.snapshotMs, 'ms');
  result('JS heap held by the open store (100,000 events)', r.heapUsedMB, 'MB', { note: `RSS ${r.rssMB.toFixed(0)} MB, external ${r.externalMB.toFixed(0)} MB (WASM memory)` });
  if (r.count !== N) throw new Error(`store holds ${r.count} events, expected ${N}`);
} catch (err) {
  console.log(`  in-process probe failed: ${err instanceof Error ? err.message : err}\n${p.out}`);
  process.exitCode = 1;
}
rmSync(tmp, { recursive: true, force: true });
