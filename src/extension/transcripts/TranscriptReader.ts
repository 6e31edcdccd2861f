// Incremental reader of Claude Code transcripts. Per file it remembers the byte offset of the first
// unread line and the running account, and on each call reads only what was appended, in fixed-size
// chunks: a Stop on a 100 MB transcript costs the new turn, not the file. A partial last line (Claude
// Code still writing it) is left unread until its newline arrives. A replaced (new inode), truncated
// (smaller) or rewritten (different head) file is read again from the start.
import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../log';
import {
  accountLine,
  createTranscriptAccount,
  latestUsage,
  type ResponseUsage,
  type TranscriptAccount,
  type TranscriptTotals,
} from '../../shared/transcript';
import { TranscriptPaths } from './transcriptPaths';

export interface TranscriptReaderOptions {
  claudeConfigDir?: string;
  log: Logger;
  /** Bytes read per system call (default 1 MiB). */
  chunkBytes?: number;
  /** A line longer than this is skipped, not buffered (default 64 MiB): memory stays bounded. */
  maxLineBytes?: number;
  /**
   * Files whose state is kept (default 64); the least recently read is forgotten beyond this. A subagent's
   * file is read once at its SubagentStop, so old entries are mostly finished agents.
   */
  maxFiles?: number;
}

export interface TranscriptSnapshot {
  /** The real path read. */
  path: string;
  totals: TranscriptTotals;
  latest?: ResponseUsage;
  /** Model of the most recent response. */
  model?: string;
  /** Bytes read by this call (0 when nothing was appended). */
  bytesRead: number;
  /** Offset up to which the file is accounted (the start of a partial last line, if any). */
  offset: number;
}

interface FileState {
  dev: number;
  ino: number;
  offset: number;
  size: number;
  mtimeMs: number;
  /** First bytes of the file as last read: if they change, the file was rewritten in place. */
  head: Buffer;
  account: TranscriptAccount;
}

const HEAD_BYTES = 1024;
const NEWLINE = 0x0a;

export class TranscriptReader {
  readonly paths: TranscriptPaths;
  private readonly log: Logger;
  private readonly chunkBytes: number;
  private readonly maxLineBytes: number;
  private readonly maxFiles: number;
  private readonly files = new Map<string, FileState>();
  /** One read at a time per file: a Stop and a PreCompact racing must not account the same bytes twice. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly refused = new Set<string>();

  constructor(opts: TranscriptReaderOptions) {
    this.paths = new TranscriptPaths(opts.claudeConfigDir);
    this.log = opts.log;
    this.chunkBytes = Math.max(4096, opts.chunkBytes ?? 1 << 20);
    this.maxLineBytes = opts.maxLineBytes ?? 64 << 20;
    this.maxFiles = opts.maxFiles ?? 64;
  }

  /**
   * Accounts everything appended since the last call and returns the running figures, or undefined when
   * the path is refused (logged once per path) or cannot be read.
   */
  async read(path: string): Promise<TranscriptSnapshot | undefined> {
    const checked = this.paths.check(path);
    if (!checked.ok) {
      this.logRefusal(path, checked.reason);
      return undefined;
    }
    const real = checked.real;
    const previous = this.queues.get(real) ?? Promise.resolve();
    const run = previous.then(
      () => this.readNow(real),
      () => this.readNow(real),
    );
    this.queues.set(real, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(real) === run) this.queues.delete(real);
    }
  }

  private logRefusal(path: string, reason: string): void {
    if (this.refused.has(path)) return;
    if (this.refused.size < 1000) this.refused.add(path);
    this.log.warn(`transcript path ignored (${reason}): ${path.slice(0, 300)}`);
  }

  private async readNow(real: string): Promise<TranscriptSnapshot | undefined> {
    let fh: FileHandle;
    try {
      fh = await open(real, 'r');
    } catch (err) {
      this.log.warn(`transcript unreadable: ${real}: ${(err as Error).message}`);
      return undefined;
    }
    try {
      const st = await fh.stat();
      let state = this.files.get(real);
      if (state && (await this.wasReplaced(fh, state, st))) {
        this.log.info(`transcript replaced or truncated, reading again from the start: ${real}`);
        state = undefined;
      }
      if (!state) {
        state = { dev: st.dev, ino: st.ino, offset: 0, size: 0, mtimeMs: 0, head: Buffer.alloc(0), account: createTranscriptAccount() };
      }
      // Refresh LRU position.
      this.files.delete(real);
      this.files.set(real, state);
      this.evict();
      const before = state.offset;
      if (st.size > state.offset) await this.readAppended(fh, state, st.size, real);
      state.size = st.size;
      state.mtimeMs = st.mtimeMs;
      if (state.head.length < HEAD_BYTES && state.offset > state.head.length) state.head = await readAt(fh, 0, Math.min(HEAD_BYTES, state.offset));
      const latest = latestUsage(state.account);
      return {
        path: real,
        totals: { ...state.account.totals },
        latest: latest ? { ...latest } : undefined,
        model: latest?.model,
        bytesRead: state.offset - before,
        offset: state.offset,
      };
    } catch (err) {
      this.log.warn(`transcript read failed: ${real}: ${(err as Error).message}`);
      return undefined;
    } finally {
      await fh.close();
    }
  }

  private async wasReplaced(fh: FileHandle, state: FileState, st: { dev: number; ino: number; size: number; mtimeMs: number }): Promise<boolean> {
    if (st.ino !== state.ino || st.dev !== state.dev) return true;
    if (st.size < state.offset) return true;
    if (st.size === state.size && st.mtimeMs === state.mtimeMs) return false;
    // Same inode, not smaller: rewritten in place only if the bytes we already read changed. Checking the
    // head and the newline that ended the last line read costs two tiny reads.
    if (state.head.length && !(await readAt(fh, 0, state.head.length)).equals(state.head)) return true;
    if (state.offset > 0 && (await readAt(fh, state.offset - 1, 1))[0] !== NEWLINE) return true;
    return false;
  }

  private async readAppended(fh: FileHandle, state: FileState, size: number, real: string): Promise<void> {
    const buf = Buffer.allocUnsafe(this.chunkBytes);
    let pos = state.offset;
    /** Pieces of a line that spans chunks (copied: `buf` is reused). */
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let skippingLongLine = false;
    while (pos < size) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(this.chunkBytes, size - pos), pos);
      if (bytesRead === 0) break;
      let start = 0;
      /** Next position of the usage key in this chunk (-1: none left), found once per chunk region. */
      let usageAt = -2;
      for (;;) {
        const nl = buf.indexOf(NEWLINE, start);
        if (nl === -1 || nl >= bytesRead) break;
        if (skippingLongLine) {
          skippingLongLine = false;
        } else if (carryBytes) {
          carry.push(buf.subarray(start, nl));
          this.feed(state.account, Buffer.concat(carry).toString('utf8'));
        } else {
          // Decode a line only when its bytes contain the usage key: most transcript bytes are tool output.
          if (usageAt !== -1 && usageAt < start) usageAt = buf.indexOf(USAGE_KEY, start);
          if (usageAt !== -1 && usageAt < nl) this.feed(state.account, buf.toString('utf8', start, nl), true);
        }
        carry = [];
        carryBytes = 0;
        start = nl + 1;
        state.offset = pos + start;
      }
      if (start < bytesRead && !skippingLongLine) {
        carryBytes += bytesRead - start;
        if (carryBytes > this.maxLineBytes) {
          this.log.warn(`transcript line over ${this.maxLineBytes} bytes skipped: ${real}`);
          skippingLongLine = true;
          carry = [];
          carryBytes = 0;
        } else {
          carry.push(Buffer.from(buf.subarray(start, bytesRead)));
        }
      }
      pos += bytesRead;
    }
    // Whatever is left in `carry` is a partial last line: state.offset stays at its start.
  }

  private feed(account: TranscriptAccount, line: string, prechecked = false): void {
    accountLine(account, line.endsWith('\r') ? line.slice(0, -1) : line, prechecked);
  }

  private evict(): void {
    while (this.files.size > this.maxFiles) {
      const oldest = this.files.keys().next().value;
      if (oldest === undefined) break;
      this.files.delete(oldest);
    }
  }
}

const USAGE_KEY = Buffer.from('"usage"');

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const b = Buffer.alloc(length);
  const { bytesRead } = await fh.read(b, 0, length, position);
  return b.subarray(0, bytesRead);
}
