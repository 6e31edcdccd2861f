// Helpers shared by the bench scripts (this file is not a bench: the runner picks up `*.bench.mjs` only).
// A bench prints human-readable lines and, for each figure, one machine-readable line that the runner
// (bench/run.mjs) collects into its closing summary:
//   @@result {"name":"…","value":1.23,"unit":"x","target":"≤ 1.3","ok":true}
// `ok` is true/false when the figure has a target, null when it is only reported.
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** The machine a figure was measured on: figures from different machines are not comparable. */
export function machine() {
  const c = cpus();
  return {
    cpu: c[0]?.model?.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Prints one figure for people and one `@@result` line for the runner's summary. */
export function result(name, value, unit, { target = null, ok = null, note } = {}) {
  const shown = typeof value === 'number' ? fmt(value) : String(value);
  const verdict = ok === null ? '' : ok ? '  [target met]' : '  [TARGET MISSED]';
  console.log(`  ${name}: ${shown} ${unit}${target ? `  (target ${target})` : ''}${verdict}${note ? `  — ${note}` : ''}`);
  console.log(`@@result ${JSON.stringify({ name, value, unit, target, ok, ...(note ? { note } : {}) })}`);
}

export function fmt(n) {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Wall time in ms of a process from spawn to exit, with `input` on its stdin. */
export function timeProcess(cmd, args, { env = process.env, input = '' } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, out }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Starts `node dist/cli.js serve` and resolves once ingest.json names it. */
export async function startServe(cliPath, { home, dataDir, extraArgs = [], env = process.env }) {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--data-dir', dataDir, '--home', home, ...extraArgs], {
    env: { ...env, HEATDESK_HOME: home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const info = JSON.parse(readFileSync(join(home, 'ingest.json'), 'utf8'));
      // `serving` is logged once the signal handlers are in place: a SIGTERM before that skips the flush.
      if (info.pid === child.pid && log.includes('serving')) {
        return { child, info, startMs: Number(process.hrtime.bigint() - t0) / 1e6, log: () => log };
      }
    } catch {
      // Not written yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function stopProcess(child, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * Posts event batches over `connections` keep-alive connections, honouring 429 + Retry-After (the server
 * bounds each connection's rate). Resolves with the number of events acknowledged.
 */
export async function postBatches(url, token, batches, { connections = 16 } = {}) {
  const { Agent, request } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const post = (body) =>
    new Promise((res, rej) => {
      const r = request(`${url}/v1/events`, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (x) => {
        x.resume();
        x.on('end', () => res({ status: x.statusCode, retryAfter: Number(x.headers['retry-after'] ?? 1) }));
      });
      r.on('error', rej);
      r.end(body);
    });
  let next = 0;
  let acked = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        for (;;) {
          const a = await post(JSON.stringify(batch));
          if (a.status === 200) break;
          if (a.status !== 429) throw new Error(`batch answered ${a.status}`);
          await new Promise((r) => setTimeout(r, a.retryAfter * 1000));
        }
        acked += batch.length;
      }
    }),
  );
  agent.destroy();
  return acked;
}
