// Ingest throughput: events/s through the real server (`dist/cli.js serve`: auth, zod validation, SQLite
// insert, journal write + fdatasync before each answer) with 16 keep-alive connections posting one event
// per request, against a bare Node `http` server answering 204 on the same machine in the same run.
// Target: ≥ 0.5× the bare server. Then batch posting (arrays of events). Every event counted as accepted
// must be in the store afterwards (checked with `cli events`).
// Requests that arrive together share one SQLite transaction and one durable journal write (group commit),
// but each still waits for its own write: this ratio suffers more than the bare server from a busy machine
// (every write is a wake-up that waits for a free core), so the load average is printed beside it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, result, startServe, stopProcess } from './_lib.mjs';

const dist = resolve(process.env.HEATDESK_DIST ?? 'dist');
const cli = join(dist, 'cli.js');
if (!existsSync(cli)) {
  console.error(`missing ${cli}: run npm run build`);
  process.exit(1);
}
const CONNECTIONS = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const REPEATS = 3;

const tmp = mkdtempSync(join(tmpdir(), 'heatdesk-bench-ingest-'));
let seq = 0;
const event = () =>
  JSON.stringify({
    id: `bench-${process.pid}-${seq++}`,
    type: 'ToolCallCompleted',
    timestamp: new Date().toISOString(),
    session_id: '1a8d294c-6dc6-4fa6-962c-24493cbe5924',
    cwd: '/home/u/proj',
    tool_name: 'Bash',
    tool_use_id: `toolu_${seq}`,
    duration_ms: 412,
  });

/** Runs CONNECTIONS request loops for SECONDS; returns requests/s and how many got a 2xx. */
async function load(url, token, makeBody) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let ok = 0;
  let failed = 0;
  const statuses = new Map();
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const status = await new Promise((res) => {
        const req = request(`${url}/v1/events`, { method: 'POST', agent, headers }, (r) => {
          r.resume();
          r.on('end', () => res(r.statusCode));
        });
        req.on('error', () => res(0));
        req.end(makeBody());
      });
      if (status >= 200 && status < 300) ok++;
      else {
        failed++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  if (failed) console.log(`  ${failed} request(s) not 2xx: ${JSON.stringify(Object.fromEntries(statuses))}`);
  return { rps: ok / secs, ok, failed };
}

function startBare() {
  const code =
    "const s=require('http').createServer((q,r)=>{q.resume();q.on('end',()=>{r.writeHead(204);r.end()})});" +
    "s.keepAliveTimeout=5000;s.listen(0,'127.0.0.1',()=>console.log(s.address().port))";
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res) => child.stdout.once('data', (d) => res({ child, url: `http://127.0.0.1:${Number(String(d))}` })));
}

function countStored(dataDir) {
  return new Promise((res) => {
    const c = spawn(process.execPath, [cli, 'events', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let n = 0;
    let tail = '';
    c.stdout.on('data', (d) => {
      const s = tail + d;
      const lines = s.split('\n');
      tail = lines.pop() ?? '';
      n += lines.filter((l) => l.trim()).length;
    });
    c.on('exit', () => res(n + (tail.trim() ? 1 : 0)));
  });
}

const bare = await startBare();
const home = join(tmp, 'home');
const dataDir = join(tmp, 'data');
const real = await startServe(cli, { home, dataDir });
let accepted = 0;
try {
  const bareRps = [];
  const realRps = [];
  await load(bare.url, 'x', event); // warm-up both
  accepted += (await load(real.info.url, real.info.token, event)).ok;
  for (let i = 0; i < REPEATS; i++) {
    bareRps.push((await load(bare.url, 'x', event)).rps);
    const r = await load(real.info.url, real.info.token, event);
    realRps.push(r.rps);
    accepted += r.ok;
  }
  const b = median(bareRps);
  const h = median(realRps);
  console.log(`${CONNECTIONS} keep-alive connections, one event per request, ${SECONDS} s × ${REPEATS} runs each (medians)`);
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores (figures from a busy machine are lower)`);
  result('bare Node http server answering 204', b, 'req/s');
  result('Heatdesk ingest, durable (validate + insert + journal fdatasync)', h, 'events/s');
  result('Heatdesk ingest / bare http', h / b, 'x', { target: '≥ 0.5', ok: h / b >= 0.5 });

  for (const size of [10, 100, 1000]) {
    const body = () => `[${Array.from({ length: size }, event).join(',')}]`;
    const r = await load(real.info.url, real.info.token, body);
    accepted += r.ok * size;
    result(`batch posting, ${size} events per request`, r.rps * size, 'events/s');
  }
} finally {
  await stopProcess(real.child);
  await stopProcess(bare.child);
}
const stored = await countStored(dataDir);
result('events in the store / events answered 2xx', stored / accepted, 'ratio', { target: '= 1', ok: stored === accepted });
rmSync(tmp, { recursive: true, force: true });
