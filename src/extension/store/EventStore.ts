// The durable event store: an in-memory SQLite database (EventDb) made crash-safe by a write-ahead journal
// and periodic snapshots.
//   add():      queued; after the current event-loop turn every queued add is committed together (group
//               commit): one SQLite transaction → one journal write with O_DSYNC → each add resolves with
//               its own new events (only then may the server answer 2xx)
//   snapshot(): on a debounce: rotate the journal, export the database, write it atomically, delete the
//               journal generations it now covers
//   open():     read the journal generations, then the snapshot, then replay the journals into it
// Journals are read before the snapshot so that a second process reading a live store (`cli events`) can
// never miss events that move from a journal into a snapshot while it reads.
import { copyFileSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { HeatdeskEvent } from '../../shared/events';
import { parseNdjson } from '../../shared/ingestInfo';
import { validateEvent } from '../../shared/validation';
import type { Logger } from '../log';
import { EventDb, type NewRow } from './EventDb';
import { Journal, journalFileName, listJournalGenerations } from './Journal';
import { loadSqlJs } from './loadSqlJs';
import { writeFileAtomic } from './writeFileAtomic';

export const SNAPSHOT_FILE = 'events.sqlite';

export interface EventStoreOptions {
  dataDir: string;
  log: Logger;
  /** Events older than maxAgeDays, or beyond the newest maxEvents, are pruned at each snapshot. 0 = keep. */
  retention?: { maxAgeDays: number; maxEvents: number };
  /** Quiet time after the last change before a snapshot (default 5 s). */
  snapshotDelayMs?: number;
  /** Longest time changes wait for a snapshot under steady load (default 30 s). */
  snapshotMaxDelayMs?: number;
  /** Load only: no journal opened, nothing written or moved (a reader beside a running server). */
  readOnly?: boolean;
}

/** A write the store could not make durable: the events were not stored and the caller must say so. */
export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
}

interface AddRequest {
  events: readonly HeatdeskEvent[];
  resolve: (added: HeatdeskEvent[]) => void;
  reject: (err: Error) => void;
}

export class EventStore {
  /** Ids whose journal write is in flight → that write (a later copy of the id waits for it). */
  private readonly pending = new Map<string, Promise<void>>();
  /** add() calls waiting for the next group commit. */
  private group: AddRequest[] = [];
  private flushScheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private dirtySince: number | undefined;
  private closed = false;

  private constructor(
    private readonly db: EventDb,
    private readonly journal: Journal | null,
    private readonly opts: EventStoreOptions,
  ) {
    // Requests that arrived while a write was in flight are committed as soon as it is done, together.
    if (journal) journal.onIdle = () => this.flush();
  }

  static async open(opts: EventStoreOptions): Promise<EventStore> {
    const { dataDir, log } = opts;
    const SQL = await loadSqlJs();
    if (!opts.readOnly) {
      try {
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      } catch (err) {
        throw new Error(`Heatdesk cannot create its data folder ${dataDir}: ${messageOf(err)}`);
      }
    }
    const gens = listJournalGenerations(dataDir);
    const valid: HeatdeskEvent[] = [];
    const damaged: Array<{ file: string; bad: number }> = [];
    for (const g of gens) {
      const file = join(dataDir, journalFileName(g));
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // Deleted by a running server after its snapshot: the snapshot read below has it.
      }
      const parsed = parseNdjson(text);
      let bad = parsed.badLines;
      for (const v of parsed.values) {
        const r = validateEvent(v);
        if (r.ok) valid.push(r.event);
        else bad++;
      }
      if (bad) damaged.push({ file, bad });
    }
    const db = loadSnapshot(SQL, dataDir, log, opts.readOnly === true);
    const replayed = db.insert(valid).length;
    for (const d of damaged) {
      // A copy, not a move: the original stays until a snapshot covers its valid events, so a crash before
      // then still replays them; the copy keeps the unreadable lines for whoever wants to look.
      let aside = '';
      if (!opts.readOnly) {
        try {
          aside = `${d.file}.corrupt-${Date.now()}`;
          copyFileSync(d.file, aside);
        } catch {
          aside = '';
        }
      }
      log.warn(
        `journal: skipped ${d.bad} unreadable line(s) in ${d.file} (a write torn by a crash leaves one)` +
          (aside ? `; kept a copy aside as ${aside}` : ''),
      );
    }
    if (opts.readOnly) return new EventStore(db, null, opts);

    let journal: Journal;
    try {
      journal = Journal.open(dataDir, (gens[gens.length - 1] ?? 0) + 1);
    } catch (err) {
      db.close();
      throw new Error(`Heatdesk cannot write to its data folder ${dataDir}: ${messageOf(err)}`);
    }
    const store = new EventStore(db, journal, opts);
    const pruned = store.prune();
    if (replayed) log.info(`store: replayed ${replayed} event(s) from the journal`);
    if (replayed || pruned || gens.length) store.scheduleSnapshot();
    return store;
  }

  has(id: string): boolean {
    return this.db.has(id);
  }

  count(): number {
    return this.db.count();
  }

  /** Every stored event, oldest first (by timestamp, then arrival). */
  all(): HeatdeskEvent[] {
    return this.db.all();
  }

  /**
   * Stores events whose ids are new and resolves with them once they are durable. Ids already stored, or
   * repeated within the batch, are skipped (if their first copy is still being written, this waits for it,
   * so a 2xx for a duplicate is never answered before the original is safe). Rejects with StoreWriteError
   * when the journal cannot be written; nothing of the batch is then kept.
   *
   * Calls made in the same turn of the event loop (concurrent requests) are committed together: one SQLite
   * transaction and one journal write for all of them (see flush()).
   */
  add(events: readonly HeatdeskEvent[]): Promise<HeatdeskEvent[]> {
    if (!this.journal || this.closed) return Promise.reject(new StoreWriteError('the event store is not open for writing'));
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.group.push({ events, resolve, reject });
      // Not at once: requests that arrive together are parsed in the same turn of the event loop; flushing
      // after that turn commits them all in one transaction and one durable write.
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Group commit: inserts every waiting request's events in one transaction, in arrival order, and appends
   * the new ones to the journal in one write. Each request is answered with its own new events: an id that
   * an earlier request of the same group (or an earlier group) added is a duplicate for the later one, which
   * still waits for that write, so no duplicate is acknowledged before its original is durable. A failed
   * write takes every event of the group back out and fails every request that depended on it.
   */
  private flush(force = false): void {
    this.flushScheduled = false;
    // While a write is in flight, keep gathering: onIdle flushes everything that came meanwhile at once.
    if (!force && this.journal?.busy) return;
    const group = this.group;
    this.group = [];
    if (group.length === 0) return;
    const journal = this.journal;
    const fresh: HeatdeskEvent[][] = [];
    const waits: Promise<void>[][] = [];
    for (const r of group) {
      const seen = new Set<string>();
      const f: HeatdeskEvent[] = [];
      const w: Promise<void>[] = [];
      for (const e of r.events) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
        const inFlight = this.pending.get(e.id);
        if (inFlight) w.push(inFlight);
        else f.push(e);
      }
      fresh.push(f);
      waits.push(w);
    }
    let rows: NewRow[][];
    try {
      if (!journal) throw new StoreWriteError('the event store is not open for writing');
      rows = this.db.insertGroups(fresh);
    } catch (err) {
      for (const r of group) r.reject(err instanceof Error ? err : new StoreWriteError(messageOf(err)));
      return;
    }
    const added = rows.flat();
    const groupIds = new Set(added.map((r) => r.event.id));
    let committed: Promise<void> | undefined;
    if (added.length) {
      const forget = () => {
        for (const id of groupIds) if (this.pending.get(id) === committed) this.pending.delete(id);
      };
      committed = journal.append(added.map((r) => `${r.json}\n`).join('')).then(
        () => {
          forget();
          this.scheduleSnapshot();
        },
        (err: unknown) => {
          this.db.remove([...groupIds]);
          forget();
          throw new StoreWriteError(`could not write the journal: ${messageOf(err)}`);
        },
      );
      for (const id of groupIds) this.pending.set(id, committed);
    }
    group.forEach((r, i) => {
      const deps = waits[i] ?? [];
      if (committed && fresh[i]?.some((e) => groupIds.has(e.id))) deps.push(committed);
      const mine = (rows[i] ?? []).map((x) => x.event);
      if (deps.length === 0) return r.resolve(mine);
      Promise.all(deps).then(
        () => r.resolve(mine),
        (err: unknown) => r.reject(err instanceof Error ? err : new StoreWriteError(messageOf(err))),
      );
    });
  }

  /** Deletes every event, durably (a restart does not bring them back). */
  reset(): Promise<void> {
    return this.enqueue(async () => {
      this.flush(true); // Requests that came before the reset are committed first, then cleared with the rest.
      this.db.clear();
      // Lines queued before the clear must land in a generation the snapshot below retires.
      await this.journal?.append('');
      await this.writeSnapshot();
    });
  }

  /** Writes a snapshot now (after any already running) and retires the journal it covers. */
  snapshot(): Promise<void> {
    return this.enqueue(() => this.writeSnapshot());
  }

  /** Final snapshot, then the files are closed. Nothing is lost if the snapshot fails: the journal stays. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.flush(true); // Requests already accepted are committed before the final snapshot.
    if (this.journal) {
      await Promise.allSettled([...this.pending.values()]);
      await this.enqueue(() => this.writeSnapshot()).catch((err: unknown) => this.opts.log.error(`store: final snapshot failed: ${messageOf(err)}`));
      await this.journal.close();
    }
    this.db.close();
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.chain.then(job);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private prune(): number {
    const r = this.opts.retention;
    if (!r || (!(r.maxAgeDays > 0) && !(r.maxEvents > 0))) return 0;
    const n = this.db.prune(r.maxAgeDays, r.maxEvents);
    if (n) this.opts.log.info(`store: retention removed ${n} old event(s)`);
    return n;
  }

  private scheduleSnapshot(): void {
    if (this.closed || !this.journal) return;
    const now = Date.now();
    this.dirtySince ??= now;
    const due = Math.min(now + (this.opts.snapshotDelayMs ?? 5000), this.dirtySince + (this.opts.snapshotMaxDelayMs ?? 30_000));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.snapshot().catch((err: unknown) => {
        this.opts.log.error(`store: snapshot failed, the journal still holds every event: ${messageOf(err)}`);
        this.scheduleSnapshot();
      });
    }, Math.max(0, due - now));
    this.timer.unref();
  }

  private async writeSnapshot(): Promise<void> {
    const journal = this.journal;
    if (!journal) return;
    clearTimeout(this.timer);
    this.dirtySince = undefined;
    this.prune();
    // Rotate first, then export, both synchronously: every event in the retired generations is in `bytes`.
    const retired = journal.rotate();
    const bytes = this.db.export();
    await writeFileAtomic(join(this.opts.dataDir, SNAPSHOT_FILE), bytes);
    journal.removeUpTo(retired);
  }
}

function loadSnapshot(SQL: Awaited<ReturnType<typeof loadSqlJs>>, dataDir: string, log: Logger, readOnly: boolean): EventDb {
  const path = join(dataDir, SNAPSHOT_FILE);
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(path);
  } catch {
    return EventDb.create(SQL); // First start.
  }
  try {
    return EventDb.create(SQL, bytes);
  } catch (err) {
    const aside = `${path}.corrupt-${Date.now()}`;
    if (!readOnly) {
      try {
        renameSync(path, aside);
      } catch {
        // Left in place; the next snapshot replaces it.
      }
    }
    log.error(`store: the snapshot ${path} is unreadable (${messageOf(err)})${readOnly ? '' : `; kept aside as ${aside}`}; starting from the journal`);
    return EventDb.create(SQL);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
