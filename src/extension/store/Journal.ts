// The write-ahead journal of the event store: accepted events are appended here and fsync'd before the
// server answers 2xx, so a crash right after the answer loses nothing. Appends that arrive while a write is
// in flight are grouped into the next write + fdatasync (group commit), so many concurrent clients share one
// disk flush instead of queueing for one each.
//
// Journals are numbered generations (journal-000001.ndjson …). Taking a snapshot rotates to a new
// generation first; once the snapshot is safely on disk every older generation is deleted. Replaying a
// generation twice is harmless because the store ignores ids it already holds.
import * as fs from 'node:fs';
import { join } from 'node:path';

const JOURNAL_RE = /^journal-(\d+)\.ndjson$/;
/** O_DSYNC where the platform has it (Linux, macOS): every write is durable when it completes. */
const DSYNC = typeof fs.constants.O_DSYNC === 'number' && process.platform !== 'win32';
const APPEND_FLAGS: string | number = DSYNC
  ? fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_DSYNC
  : 'a';

export function journalFileName(gen: number): string {
  return `journal-${String(gen).padStart(6, '0')}.ndjson`;
}

/** Journal generations present in a folder, oldest first. */
export function listJournalGenerations(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const gens: number[] = [];
  for (const n of names) {
    const m = JOURNAL_RE.exec(n);
    if (m?.[1]) gens.push(Number(m[1]));
  }
  return gens.sort((a, b) => a - b);
}

interface Pending {
  data: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Journal {
  private fd: number | null = null;
  /** Bytes known to be whole lines in the current file; a failed write is cut back to this. */
  private size = 0;
  private queue: Pending[] = [];
  private writing = false;
  private closed = false;
  /** Called each time a write has finished and nothing is queued (see EventStore's group commit). */
  onIdle: (() => void) | undefined;
  /** Files of past generations still open because a write to them was in flight at rotation. */
  private retiring: number[] = [];

  private constructor(
    private readonly dir: string,
    private gen: number,
  ) {}

  /** Opens (creating) the journal generation `gen` at once, so an unwritable folder fails here, clearly. */
  static open(dir: string, gen: number): Journal {
    const j = new Journal(dir, gen);
    j.openCurrent();
    return j;
  }

  /** A write is in flight: appends now wait for the next one. */
  get busy(): boolean {
    return this.writing;
  }

  get generation(): number {
    return this.gen;
  }

  /** Appends whole NDJSON lines; resolves once they are on disk (write + fdatasync). */
  append(data: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ data, resolve, reject });
      // At once when idle: EventStore already gathers the requests of one event-loop turn into one append.
      // While a write is in flight, appends wait and go together in the next one.
      this.pump();
    });
  }

  /**
   * Starts a new generation for every later append and returns the previous one's number. Called right
   * before the store exports a snapshot: everything in generations ≤ the returned one is then in the
   * snapshot (events enter the database before they are queued here).
   */
  rotate(): number {
    const old = this.gen;
    if (this.fd !== null) {
      if (this.writing) this.retiring.push(this.fd);
      else fs.closeSync(this.fd);
    }
    this.fd = null;
    this.gen++;
    this.size = 0;
    return old;
  }

  /** Deletes generations ≤ `gen` (their events are in a snapshot that is on disk). */
  removeUpTo(gen: number): void {
    for (const g of listJournalGenerations(this.dir)) {
      if (g > gen || g === this.gen) continue;
      try {
        fs.unlinkSync(join(this.dir, journalFileName(g)));
      } catch {
        // Already gone; replaying it would have been harmless anyway.
      }
    }
  }

  /** Waits for queued appends, then closes the file. */
  async close(): Promise<void> {
    while (this.writing || this.queue.length) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private openCurrent(): number {
    if (this.fd !== null) return this.fd;
    const path = join(this.dir, journalFileName(this.gen));
    const fd = fs.openSync(path, APPEND_FLAGS, 0o600);
    this.size = fs.fstatSync(fd).size;
    this.fd = fd;
    syncDir(this.dir);
    return fd;
  }

  private pump(): void {
    if (this.writing || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    let fd: number;
    try {
      fd = this.openCurrent();
    } catch (err) {
      for (const p of batch) p.reject(asError(err));
      return;
    }
    this.writing = true;
    const buf = Buffer.from(batch.map((p) => p.data).join(''), 'utf8');
    const goodSize = this.size;
    writeAll(fd, buf, 0, (err) => {
      const done = (e: Error | null) => {
        this.writing = false;
        for (const r of this.retiring.splice(0)) closeQuietly(r);
        if (e) {
          // Cut a torn write back so the next append does not glue onto half a line.
          try {
            if (this.fd === fd) fs.ftruncateSync(fd, goodSize);
          } catch {
            // The file is in trouble either way; replay skips a bad line.
          }
          for (const p of batch) p.reject(e);
        } else {
          if (this.fd === fd) this.size = goodSize + buf.length;
          for (const p of batch) p.resolve();
        }
        this.pump();
        if (!this.writing) this.onIdle?.();
      };
      if (err) return done(err);
      // With O_DSYNC the write itself returned only once the data was on disk: one trip to the thread pool
      // per batch instead of two (0.19 vs 0.30 ms per commit measured), which is what bounds throughput.
      if (DSYNC) return done(null);
      fs.fdatasync(fd, (e2) => done(e2 ? asError(e2) : null));
    });
  }
}

function writeAll(fd: number, buf: Buffer, off: number, cb: (err: Error | null) => void): void {
  fs.write(fd, buf, off, buf.length - off, null, (err, n) => {
    if (err) return cb(err);
    if (off + n < buf.length) return writeAll(fd, buf, off + n, cb);
    cb(null);
  });
}

/** Makes a created or renamed file's directory entry durable too (matters on power loss, not on kill). */
export function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the data itself is synced.
  } finally {
    if (fd !== null) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Nothing useful to do.
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
