// Who owns HEATDESK_HOME's ingest port and store: the process holding `leader.lock`. Every VS Code window
// (and every `heatdesk serve`) tries to take it; exactly one wins, the others follow the winner.
//   take:    open(O_CREAT|O_EXCL) — the filesystem lets exactly one of any number of racing processes
//            create the file, so two windows starting together cannot both lead.
//   stale:   the holder's pid is gone (kill -9, crash, power loss). Breaking a stale lock is itself
//            raced by every follower at once, so it happens under a second O_EXCL file (`.break`), and
//            the lock is removed only if it still holds the very content judged stale (its nonce).
//   release: the leader removes the file only if it is still its own.
// Why not a port or flock: a fixed port can be taken by anything else, and Node has no flock.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export const LOCK_FILE = 'leader.lock';
/** A lock file still empty or unreadable after this long was left by a holder that died while writing it. */
const UNWRITTEN_GRACE_MS = 5_000;
/** A `.break` file older than this belongs to a breaker that died; nothing holds one for more than a few ms. */
const BREAKER_STALE_MS = 2_000;

export interface LockHolder {
  pid: number;
  nonce: string;
  since: string;
}

/** Nonces of the locks held by LeaderLock instances in this process (several services may share one). */
const heldHere = new Set<string>();

/** Whether a process with this pid exists (EPERM: it exists but belongs to another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LeaderLock {
  private readonly path: string;
  private nonce: string | null = null;

  constructor(
    private readonly home: string,
    private readonly isAlive: (pid: number) => boolean = pidAlive,
  ) {
    this.path = join(home, LOCK_FILE);
  }

  get held(): boolean {
    return this.nonce !== null;
  }

  /** Tries once to become the leader, breaking a stale lock if there is one. Never waits. */
  tryAcquire(): boolean {
    if (this.nonce) return true;
    if (this.create()) return true;
    const seen = this.readRaw();
    if (seen === null || !this.isStale(seen)) return false;
    if (!this.breakStale(seen.text)) return false;
    return this.create();
  }

  /** The current holder as written in the file; null when the file is missing or not yet written. */
  holder(): LockHolder | null {
    return this.readRaw()?.holder ?? null;
  }

  /** Removes the lock if it is still ours. Call only after the store is closed. */
  release(): void {
    if (!this.nonce) return;
    const mine = this.nonce;
    this.nonce = null;
    heldHere.delete(mine);
    try {
      if (this.readRaw()?.holder?.nonce === mine) unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }

  /** Whether the file still names us (a lock removed by hand, or broken by mistake, means we lost it). */
  stillOurs(): boolean {
    return this.nonce !== null && this.readRaw()?.holder?.nonce === this.nonce;
  }

  private create(): boolean {
    let fd: number;
    try {
      mkdirSync(this.home, { recursive: true, mode: 0o700 });
      fd = openSync(this.path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new Error(`Heatdesk cannot create its leader lock ${this.path}: ${(err as Error).message}`);
    }
    const holder: LockHolder = { pid: process.pid, nonce: randomBytes(12).toString('hex'), since: new Date().toISOString() };
    try {
      writeSync(fd, `${JSON.stringify(holder)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.nonce = holder.nonce;
    heldHere.add(holder.nonce);
    return true;
  }

  private readRaw(): { text: string; holder: LockHolder | null; mtimeMs: number } | null {
    let text: string;
    let mtimeMs: number;
    try {
      text = readFileSync(this.path, 'utf8');
      mtimeMs = statSync(this.path).mtimeMs;
    } catch {
      return null;
    }
    return { text, holder: parseHolder(text), mtimeMs };
  }

  private isStale(seen: { holder: LockHolder | null; mtimeMs: number }): boolean {
    if (!seen.holder) return Date.now() - seen.mtimeMs > UNWRITTEN_GRACE_MS;
    // Our pid: live if an instance in this process holds it, else left by one that was never released.
    if (seen.holder.pid === process.pid) return !heldHere.has(seen.holder.nonce);
    return !this.isAlive(seen.holder.pid);
  }

  /** Removes the lock if it still has exactly the content judged stale; true when it is gone. */
  private breakStale(staleText: string): boolean {
    const breaker = `${this.path}.break`;
    let fd: number;
    try {
      fd = openSync(breaker, 'wx', 0o600);
    } catch {
      try {
        if (Date.now() - statSync(breaker).mtimeMs > BREAKER_STALE_MS) unlinkSync(breaker);
      } catch {
        // Gone meanwhile.
      }
      return false; // Someone else is breaking it; the caller retries later.
    }
    closeSync(fd);
    try {
      let current: string;
      try {
        current = readFileSync(this.path, 'utf8');
      } catch {
        return true; // Already removed.
      }
      if (current !== staleText) return false; // A new leader took it meanwhile.
      unlinkSync(this.path);
      return true;
    } catch {
      return false;
    } finally {
      try {
        unlinkSync(breaker);
      } catch {
        // Nothing to do.
      }
    }
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const o = JSON.parse(text) as Partial<LockHolder>;
    if (typeof o.pid === 'number' && typeof o.nonce === 'string') return { pid: o.pid, nonce: o.nonce, since: String(o.since ?? '') };
  } catch {
    // Empty (being written) or damaged.
  }
  return null;
}
