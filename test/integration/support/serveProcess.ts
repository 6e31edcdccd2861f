// Real `heatdesk serve` processes for the load, fault and multi-window tests: start, find through
// ingest.json, post to, kill, and read the store back with `heatdesk events`. Everything runs against the
// built bundles (dist/, or HEATDESK_DIST when set, so a private build can be tested while others rebuild).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HeatdeskEvent } from '../../../src/shared/events';

export const DIST = resolve(process.env['HEATDESK_DIST'] ?? join(__dirname, '..', '..', '..', 'dist'));
export const CLI = join(DIST, 'cli.js');
export const hookScript = (name: string): string => join(DIST, 'hooks', `${name}.js`);

export function requireBuild(): void {
  if (!existsSync(CLI) || !existsSync(hookScript('pre-tool-use'))) throw new Error(`${CLI} or its hooks are missing: run \`npm run build\` first`);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `heatdesk-${prefix}-`));
}

export interface IngestInfoFile {
  url: string;
  token: string;
  pid?: number;
}

export function readIngestInfo(home: string): IngestInfoFile | null {
  try {
    return JSON.parse(readFileSync(join(home, 'ingest.json'), 'utf8')) as IngestInfoFile;
  } catch {
    return null;
  }
}

export interface ServeProcess {
  child: ChildProcess;
  home: string;
  dataDir: string;
  log(): string;
  /** Resolves when the process has exited (any way). */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<ChildProcess>();

/**
 * Kills every serve process this test file started and has not stopped (call from `after`): a server left
 * running by a failed assertion would keep the test process, and the whole tier, alive.
 */
export function killAllServes(): void {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  running.clear();
}

/** Spawns `heatdesk serve --port 0`; does not wait for it to listen (see waitUntilServing). */
export function spawnServe(
  home: string,
  dataDir: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
  stdout: 'ignore' | 'pipe' = 'ignore',
): ServeProcess {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--home', home, ...extraArgs], {
    env: { ...process.env, HEATDESK_HOME: home, ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  running.add(child);
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      running.delete(child);
      r(code);
    }),
  );
  return {
    child,
    home,
    dataDir,
    log: () => log,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function waitFor<T>(what: string, check: () => T | null | undefined | false, ms = 15_000, stepMs = 20): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Waits until this process is the one ingest.json names and its signal handlers are in place. */
export async function waitUntilServing(p: ServeProcess, ms = 15_000): Promise<IngestInfoFile> {
  return waitFor(
    `serve pid ${p.child.pid} to listen (log so far: ${p.log()})`,
    () => {
      if (p.child.exitCode !== null) throw new Error(`serve exited ${p.child.exitCode}: ${p.log()}`);
      const info = readIngestInfo(p.home);
      return info?.pid === p.child.pid && p.log().includes('serving') ? info : null;
    },
    ms,
  );
}

export async function startServe(home = tempDir('home'), dataDir = tempDir('data'), extraArgs: string[] = []): Promise<ServeProcess & { info: IngestInfoFile; port: number }> {
  requireBuild();
  const p = spawnServe(home, dataDir, extraArgs);
  const info = await waitUntilServing(p);
  return { ...p, info, port: Number(new URL(info.url).port) };
}

/** The stored events, through `heatdesk events` (read-only beside a running server). */
export function storedEvents(dataDir: string): HeatdeskEvent[] {
  const r = spawnSync(process.execPath, [CLI, 'events', '--data-dir', dataDir], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`heatdesk events failed (${r.status}): ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HeatdeskEvent);
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request through node:http (well-formed HTTP; use rawRequest for hostile bytes). */
export function httpRequest(
  url: string,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent; timeoutMs?: number },
): Promise<HttpAnswer> {
  return new Promise((res, rej) => {
    const req = request(`${url}${opts.path ?? '/v1/events'}`, { method: opts.method ?? 'POST', headers: opts.headers, agent: opts.agent }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d: string) => (body += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }));
      r.on('error', rej);
    });
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error('request timed out')));
    req.on('error', rej);
    req.end(opts.body);
  });
}

export interface RawAnswer {
  /** 0 when the server closed without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** ms from connect to the server closing the connection (or to the answer, whichever came last). */
  ms: number;
}

/**
 * Writes raw bytes (in pieces, `delayMs` apart) and reads one HTTP/1.1 answer. For requests node:http
 * would refuse to send: bad methods, lying lengths, missing Host, slow dribbles.
 */
export function rawRequest(port: number, pieces: Array<string | Buffer>, opts: { delayMs?: number; timeoutMs?: number } = {}): Promise<RawAnswer> {
  return new Promise((res, rej) => {
    const t0 = Date.now();
    const sock = connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`no answer within ${opts.timeoutMs ?? 10_000} ms`)), opts.timeoutMs ?? 10_000);
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) return rej(err);
      res(parseAnswer(buf, Date.now() - t0));
    };
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const a = parseAnswer(buf, 0);
      const len = Number(a.headers['content-length'] ?? NaN);
      // A complete answer with a length: done (the server may keep the connection open).
      if (a.status && Number.isFinite(len) && Buffer.byteLength(a.body) >= len) finish();
    });
    sock.on('error', () => finish());
    sock.on('close', () => finish());
    sock.on('connect', async () => {
      for (const [i, piece] of pieces.entries()) {
        if (settled || sock.destroyed) return;
        if (i > 0 && opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (settled || sock.destroyed) return;
        sock.write(piece);
      }
    });
  });
}

function parseAnswer(buf: Buffer, ms: number): RawAnswer {
  const text = buf.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!m || end < 0) return { status: 0, headers: {}, body: '', ms };
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(m[1]), headers, body: text.slice(end + 4), ms };
}
