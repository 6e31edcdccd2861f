// The runtime every hook script shares: read stdin, stamp the time, map, leave the event in the spool
// folder, exit 0. Claude Code starts one process per event, so this file is built for start-up cost: no
// zod, no `net` or `http` in the usual path, stdin read through fs so no stream machinery loads.
//   Spool first: the event is written as its own file in HEATDESK_HOME/spool (dot-file, fdatasync,
//   rename), which is as durable as the server's journal, and the leading Heatdesk window drains the folder
//   the moment a file appears (fs.watch). The hook never waits on a server, so a hung, busy, restarting or
//   absent server costs it nothing, and a leader change loses nothing. Measured: ~1.05x the cost of
//   `node -e 0`, against ~1.45x for connecting and POSTing (bench/hook-cost.bench.mjs).
//   Only if the folder cannot be written (disk full, permissions) does the hook POST to the server, and if
//   that fails too it appends to the legacy spool.ndjson.
// A hook must never disturb Claude Code: it prints nothing, always exits 0 and gives up within a second.
import * as fs from 'node:fs';
import type { Socket } from 'node:net';
import type { HeatdeskEvent } from '../shared/events';
import { mapHookInput, type HookEventName } from '../shared/hookMapping';
import {
  INGEST_FILE,
  SPOOL_DIR,
  SPOOL_DIR_MAX_BYTES,
  SPOOL_FILE,
  type IngestInfo,
  SPOOL_MAX_BYTES,
  homeFile,
  parseIngestInfo,
  parseLoopbackUrl,
  resolveHeatdeskHome,
  spoolFileName,
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
/** An event not yet kept anywhere: the backstop appends it to the legacy spool before exiting. */
let unsaved: { home: string; event: HeatdeskEvent } | null = null;

function finish(): void {
  if (done) return;
  done = true;
  if (unsaved) spool(unsaved.home, unsaved.event);
  process.exit(0);
}

/**
 * Leaves the event in the spool folder as its own file; true once it is on disk. Written under a dot-name
 * (the drainer skips those), flushed, then renamed, so the drainer only ever sees whole events.
 */
function spoolToFolder(home: string, event: HeatdeskEvent): boolean {
  const dir = homeFile(home, SPOOL_DIR);
  const name = spoolFileName(event, Date.now());
  const tmp = homeFile(dir, `.${name}.tmp`);
  let fd: number | null = null;
  try {
    try {
      // A folder that big means no Heatdesk window has run for a very long time: stop filling the disk.
      if (fs.statSync(dir).size > SPOOL_DIR_MAX_BYTES) return false;
    } catch {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    fd = fs.openSync(tmp, 'wx', 0o600);
    fs.writeSync(fd, spoolLine(event));
    fs.fdatasyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, homeFile(dir, name));
    return true;
  } catch {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // Nothing more to do.
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Never created.
    }
    return false;
  }
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
  // Deferred like the backstop: a read that completed while the process was starved is taken first.
  const timer = setTimeout(() => setImmediate(settle), STDIN_BUDGET_MS);
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

/** A connection to the ingest server: the fallback when the spool folder cannot be written. */
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
  // The backstop: whatever is pending (a stuck read, a hung server on the fallback path), the process
  // ends in time, and an event not kept anywhere yet goes to the legacy spool first. Deferred by one
  // setImmediate: a process starved of CPU (a loaded machine) wakes with its timers AND its stdin read
  // due, and libuv runs timers first; the read must get its turn, or the event would be dropped unread.
  setTimeout(() => setImmediate(finish), TOTAL_BUDGET_MS + 100).unref();
  try {
    const home = resolveHeatdeskHome(process.env, process.env['HOME'] || (require('node:os') as typeof import('node:os')).homedir());
    readStdin((text) => {
      try {
        handle(hookEventName, text, home);
      } catch {
        finish();
      }
    });
  } catch {
    finish();
  }
}

function handle(hookEventName: HookEventName, text: string, home: string): void {
  const now = new Date();
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return finish();
  }
  let info: IngestInfo | null = null;
  try {
    // Only for the user's prompt-capture choice, which the server publishes there.
    info = parseIngestInfo(fs.readFileSync(homeFile(home, INGEST_FILE), 'utf8'));
  } catch {
    // No server has run yet: prompts stay out (the private default).
  }
  const event = mapHookInput(input, { id: newId(), now, capturePrompts: info?.capturePrompts === true }, hookEventName);
  if (!event) return finish();
  if (spoolToFolder(home, event)) return finish();
  // The folder cannot be written: hand the event to the server directly, else to the legacy spool file.
  unsaved = { home, event };
  const target = info ? parseLoopbackUrl(info.url) : null;
  if (!info || !target) return finish();
  connect(target.host, target.port, info.token).send(event, TOTAL_BUDGET_MS - (Date.now() - startedAt), (ok) => {
    if (ok) unsaved = null;
    finish();
  });
}
