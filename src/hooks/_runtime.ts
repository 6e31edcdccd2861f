// The runtime every hook script shares: read stdin, stamp the time, map, POST to the ingest server, spool on
// any failure, exit 0. Claude Code starts one process per event and waits for it, so this file is built for
// start-up cost: no zod, no `http` (a raw HTTP/1.1 request over `net` is a fraction of its load time), `net`
// required only when there is a server to talk to, stdin read through fs so no stream machinery loads, and
// the connection opened first so that the TCP handshake overlaps reading stdin.
// A hook must never disturb Claude Code: it prints nothing, always exits 0 and gives up within a second.
import * as fs from 'node:fs';
import type { Socket } from 'node:net';
import type { HeatdeskEvent } from '../shared/events';
import { mapHookInput, type HookEventName } from '../shared/hookMapping';
import {
  INGEST_FILE,
  SPOOL_FILE,
  type IngestInfo,
  SPOOL_MAX_BYTES,
  homeFile,
  parseIngestInfo,
  parseLoopbackUrl,
  resolveHeatdeskHome,
  spoolLine,
} from '../shared/ingestInfo';

/** Longest wait for stdin to be complete; Claude Code writes it at once, so this only guards odd parents. */
const STDIN_BUDGET_MS = 300;
/** From start to giving up on the server: past this the event goes to the spool and the process ends. */
const TOTAL_BUDGET_MS = 700;
/** Stdin beyond this is given up on (PostToolUse carries the tool's output, which Claude Code caps far lower). */
const STDIN_MAX_BYTES = 32 * 1024 * 1024;

const startedAt = Date.now();
let done = false;

function finish(): void {
  if (done) return;
  done = true;
  process.exit(0);
}

/** The one place an event is kept when the server cannot take it. Failing here loses only this event. */
function spool(home: string, event: HeatdeskEvent): void {
  try {
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    const file = homeFile(home, SPOOL_FILE);
    let size = 0;
    try {
      size = fs.statSync(file).size;
    } catch {
      // No spool yet.
    }
    if (size > SPOOL_MAX_BYTES) return;
    // O_APPEND: concurrent hooks each add whole lines; the server renames the file away before reading it.
    fs.appendFileSync(file, spoolLine(event), { mode: 0o600 });
  } catch {
    // Nowhere left to put it; a hook must still exit 0 silently.
  }
}

/**
 * Unique, and fixed before the first attempt so a spooled retry carries the same id and is never doubled.
 * Not crypto.randomUUID: loading the crypto module (which globalThis.crypto also does) costs ~2 ms of a
 * ~25 ms process. Time + pid already separate every concurrent hook; 96 random bits from V8's per-process
 * seeded generator separate the rest.
 */
function newId(): string {
  const r32 = () => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `h${Date.now().toString(36)}-${process.pid.toString(36)}-${r32()}${r32()}${r32()}`;
}

/**
 * Reads all of stdin through fd 0, finishing early as soon as the bytes form complete JSON: a parent that
 * keeps the pipe open must not keep the hook alive. Calls back with the text, possibly partial, at the budget.
 */
function readStdin(onText: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let total = 0;
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    onText(Buffer.concat(chunks, total).toString('utf8'));
  };
  const timer = setTimeout(settle, STDIN_BUDGET_MS);
  const looksComplete = (): boolean => {
    // Only try to parse when the tail could close a JSON object: cheap even for megabytes of input.
    const last = chunks[chunks.length - 1];
    if (!last) return false;
    let i = last.length - 1;
    while (i >= 0 && (last[i] === 0x0a || last[i] === 0x0d || last[i] === 0x20 || last[i] === 0x09)) i--;
    if (i < 0 || last[i] !== 0x7d) return false;
    try {
      JSON.parse(Buffer.concat(chunks, total).toString('utf8'));
      return true;
    } catch {
      return false;
    }
  };
  const buf = Buffer.allocUnsafe(64 * 1024);
  const step = () => {
    fs.read(0, buf, 0, buf.length, null, (err, n) => {
      if (settled) return;
      if (err) {
        // A non-blocking pipe from an unusual parent: poll gently until data or the budget runs out.
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return void setTimeout(step, 2);
        return settle();
      }
      if (n === 0) return settle();
      total += n;
      if (total > STDIN_MAX_BYTES) return finish();
      chunks.push(Buffer.from(buf.subarray(0, n)));
      // A short read means the writer paused: the moment to check whether it already sent everything.
      // (Parsing after every full read would cost quadratic time on multi-megabyte tool output.)
      if (n < buf.length && looksComplete()) return settle();
      step();
    });
  };
  step();
}

/** A connection to the ingest server opened at start, so the TCP handshake overlaps reading stdin. */
interface Connection {
  /** Sends the event; calls back once with whether a 2xx status line came back within the budget. */
  send(event: HeatdeskEvent, budgetMs: number, cb: (ok: boolean) => void): void;
}

/**
 * A hand-written HTTP/1.1 POST over `net`. The server answers 2xx only after the event is durable, so the
 * status line is all a hook needs to read.
 */
function connect(host: string, port: number, token: string): Connection {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const net = require('node:net') as typeof import('node:net');
  const sock: Socket = net.connect({ host, port });
  sock.setNoDelay(true);
  let open = false;
  let failed = false;
  let request: Buffer | null = null;
  let onResult: ((ok: boolean) => void) | null = null;
  let timer: NodeJS.Timeout | undefined;
  let reply = '';
  const settle = (ok: boolean) => {
    if (!ok) failed = true;
    const cb = onResult;
    if (!cb) return; // Failed before there was anything to send: send() reports it at once.
    onResult = null;
    clearTimeout(timer);
    sock.destroy();
    cb(ok);
  };
  sock.on('connect', () => {
    open = true;
    if (request) sock.write(request);
  });
  sock.on('data', (d: Buffer) => {
    reply += d.toString('latin1');
    if (reply.indexOf('\r\n') < 0 && reply.length < 256) return;
    settle(/^HTTP\/1\.[01] 2\d\d /.test(reply));
  });
  sock.on('error', () => settle(false));
  sock.on('close', () => settle(false));
  return {
    send(event, budgetMs, cb) {
      if (failed) return cb(false);
      const body = Buffer.from(JSON.stringify(event), 'utf8');
      const head =
        `POST /v1/events HTTP/1.1\r\nHost: ${host.includes(':') ? `[${host}]` : host}:${port}\r\n` +
        `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      request = Buffer.concat([Buffer.from(head, 'latin1'), body]);
      onResult = cb;
      timer = setTimeout(() => settle(false), Math.max(budgetMs, 1));
      if (open) sock.write(request);
    },
  };
}

/** Entry point of every hook script: `runHook('PreToolUse')`. Never throws, always exits 0. */
export function runHook(hookEventName: HookEventName): void {
  process.on('uncaughtException', finish);
  // The backstop: whatever is pending (a hung server, a stuck read), the process ends in time.
  setTimeout(finish, TOTAL_BUDGET_MS + 100).unref();
  try {
    const home = resolveHeatdeskHome(process.env, process.env['HOME'] || (require('node:os') as typeof import('node:os')).homedir());
    let info: IngestInfo | null = null;
    try {
      info = parseIngestInfo(fs.readFileSync(homeFile(home, INGEST_FILE), 'utf8'));
    } catch {
      // No server has run yet (or it left): the spool keeps the event for the next one.
    }
    const target = info ? parseLoopbackUrl(info.url) : null;
    let conn: Connection | null = null;
    // The first stdin read goes to the thread pool first, so that loading `net` and the TCP handshake
    // overlap it; the callback cannot run before this function has returned.
    readStdin((text) => {
      try {
        handle(hookEventName, text, home, info, conn);
      } catch {
        finish();
      }
    });
    if (info && target) conn = connect(target.host, target.port, info.token);
  } catch {
    finish();
  }
}

function handle(hookEventName: HookEventName, text: string, home: string, info: IngestInfo | null, conn: Connection | null): void {
  const now = new Date();
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return finish();
  }
  const event = mapHookInput(input, { id: newId(), now, capturePrompts: info?.capturePrompts === true }, hookEventName);
  if (!event) return finish();
  if (!conn) {
    spool(home, event);
    return finish();
  }
  conn.send(event, TOTAL_BUDGET_MS - (Date.now() - startedAt), (ok) => {
    if (!ok) spool(home, event);
    finish();
  });
}
