// Helpers for the event-path integration tests: run the built CLI server and hook scripts as real
// processes, talk raw HTTP to the server, and read its store through `cli events`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HeatdeskEvent } from '../../../src/shared/events';

export const ROOT = resolve(__dirname, '../../..');
export const CLI = join(ROOT, 'dist/cli.js');
export const hookScript = (name: string): string => join(ROOT, 'dist/hooks', `${name}.js`);

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `heatdesk-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A temp-dir maker for one test file: every folder it made is removed after the file's tests. */
export function tempDirs(): (prefix: string) => string {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));
  return (prefix) => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };
}

export interface Served {
  proc: ChildProcess;
  url: string;
  token: string;
  stderr: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill9: () => Promise<void>;
}

/** Starts `node dist/cli.js serve --port 0` and waits until ingest.json names this very process. */
export async function serve(home: string, dataDir: string, extra: string[] = []): Promise<Served> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...extra], {
    env: { ...process.env, HEATDESK_HOME: home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`serve exited early (${proc.exitCode}): ${err}`);
    try {
      const info = JSON.parse(readFileSync(join(home, 'ingest.json'), 'utf8')) as { url: string; token: string; pid: number };
      if (info.pid === proc.pid) {
        return {
          proc,
          url: info.url,
          token: info.token,
          stderr: () => err,
          stop: () => {
            proc.kill('SIGTERM');
            return exited;
          },
          kill9: async () => {
            proc.kill('SIGKILL');
            await exited;
          },
        };
      }
    } catch {
      // Not written yet.
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`serve did not write ingest.json in time: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface HookRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a built hook script with `input` on stdin, like Claude Code does. */
export function runHook(name: string, input: unknown, home: string): Promise<HookRun> {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(process.execPath, [hookScript(name)], {
      env: { ...process.env, HEATDESK_HOME: home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, ms: Date.now() - started }));
    child.stdin.end(typeof input === 'string' ? input : JSON.stringify(input));
  });
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** Raw HTTP request with full control of headers (fetch would refuse to set Host). */
export function http(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export function postEvents(s: Pick<Served, 'url' | 'token'>, body: unknown): Promise<Reply> {
  return http(`${s.url}/v1/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The store's content as `node dist/cli.js events` prints it (works with or without a server running). */
export function storedEvents(dataDir: string): HeatdeskEvent[] {
  const r = spawnSync(process.execPath, [CLI, 'events', '--data-dir', dataDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli events failed (${r.status}): ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HeatdeskEvent);
}

let seq = 0;
/** A valid event with a unique id. */
export function sampleEvent(overrides: Record<string, unknown> = {}): HeatdeskEvent {
  seq++;
  return {
    id: `test-${process.pid}-${Date.now()}-${seq}`,
    type: 'ToolCallStarted',
    timestamp: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, seq)).toISOString(),
    session_id: 'c0ffee00-0000-4000-8000-000000000001',
    cwd: '/tmp',
    tool_name: 'Bash',
    tool_use_id: `toolu_${seq}`,
    ...overrides,
  } as HeatdeskEvent;
}

/** Events waiting in the spool: the legacy spool.ndjson lines, then the spool folder's files by name. */
export function spoolLines(home: string): string[] {
  const p = join(home, 'spool.ndjson');
  const legacy = existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter(Boolean) : [];
  const dir = join(home, 'spool');
  const files = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort() : [];
  return [...legacy, ...files.map((n) => readFileSync(join(dir, n), 'utf8').trim())];
}

/** Waits until the store holds at least `count` events (hooks leave events in the spool; the server drains it). */
export async function waitForStored(dataDir: string, count: number, ms = 10_000): Promise<HeatdeskEvent[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const events = storedEvents(dataDir);
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((r) => setTimeout(r, 50));
  }
}
