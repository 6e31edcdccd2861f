// The SQLite side of the event store: schema, inserts that ignore repeated ids, ordered reads, retention.
// Purely in memory (sql.js); EventStore makes it durable.
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import { agentIdOf, type HeatdeskEvent } from '../../shared/events';

const SCHEMA_VERSION = 1;

// `timestamp` is epoch milliseconds so that ordering and retention work whatever offset the ISO text used;
// `agent_id` is the agent the event belongs to (the session's main agent when it ran outside a subagent).
// Only `timestamp` is indexed (ordered reads, retention): nothing queries by session or agent (the model
// is built from all()), and the two indexes that did cost about half of every insert, each request paying
// it before its answer. Stores written with them lose them at the next open.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_time ON events(timestamp);
DROP INDEX IF EXISTS events_by_session;
DROP INDEX IF EXISTS events_by_agent;
PRAGMA user_version = ${SCHEMA_VERSION};
`;

/** A row an insert added, with the JSON text it stored. */
export interface NewRow {
  event: HeatdeskEvent;
  json: string;
}

export class EventDb {
  private insertStmt: Statement | null = null;
  private hasStmt: Statement | null = null;
  // Prepared once: exec() parses its SQL text on every call, which cost more than the commit itself.
  private beginStmt: Statement | null = null;
  private commitStmt: Statement | null = null;

  private constructor(private readonly db: Database) {
    // The database lives in memory and durability is EventStore's journal: SQLite's own rollback journal
    // only needs to support ROLLBACK, so keep it in memory instead of churning emscripten files per commit.
    // Exclusive locking: nothing else opens this in-memory database, and without it SQLite looks for a hot
    // journal file on every transaction (46 → 13 µs per one-event commit, measured).
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;');
    db.exec(SCHEMA);
  }

  /** A fresh database, or one loaded from snapshot bytes; throws if the bytes are not a usable store. */
  static create(SQL: SqlJsStatic, bytes?: Uint8Array): EventDb {
    const db = new SQL.Database(bytes);
    try {
      // sql.js accepts any bytes at construction; a check is what finds a torn or corrupt file (~1 ms per
      // 1,000 events), before a query deep in some view fails on it.
      if (bytes) {
        const check = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
        if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
      }
      return new EventDb(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  has(id: string): boolean {
    this.hasStmt ??= this.db.prepare('SELECT 1 FROM events WHERE id = ?');
    const s = this.hasStmt;
    try {
      s.bind([id]);
      return s.step();
    } finally {
      s.reset();
    }
  }

  /** Inserts in one transaction; returns the events that were new (repeated ids are skipped). */
  insert(events: readonly HeatdeskEvent[]): HeatdeskEvent[] {
    return (this.insertGroups([events])[0] ?? []).map((r) => r.event);
  }

  /**
   * Inserts several requests' events in ONE transaction, in order (a transaction per request cost more
   * than the inserts themselves). Returns, per request, the events that were new with their JSON text
   * (the journal line, so it is serialised once). An id seen earlier in the group, or already stored, is
   * not new for a later request.
   */
  insertGroups(groups: readonly (readonly HeatdeskEvent[])[]): NewRow[][] {
    const out: NewRow[][] = groups.map(() => []);
    if (!groups.some((g) => g.length > 0)) return out;
    this.insertStmt ??= this.db.prepare('INSERT OR IGNORE INTO events (id, type, timestamp, session_id, agent_id, json) VALUES (?, ?, ?, ?, ?, ?)');
    const s = this.insertStmt;
    this.beginStmt ??= this.db.prepare('BEGIN');
    this.commitStmt ??= this.db.prepare('COMMIT');
    this.beginStmt.run();
    try {
      groups.forEach((events, i) => {
        const added = out[i] as NewRow[];
        for (const event of events) {
          const json = JSON.stringify(event);
          s.run([event.id, event.type, timeOf(event), event.session_id, agentIdOf(event), json]);
          if (this.db.getRowsModified() > 0) added.push({ event, json });
        }
      });
      this.commitStmt.run();
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
    return out;
  }

  /** Takes events back out (a journal write failed, so they were never acknowledged). */
  remove(ids: readonly string[]): void {
    const s = this.db.prepare('DELETE FROM events WHERE id = ?');
    try {
      for (const id of ids) s.run([id]);
    } finally {
      s.free();
    }
  }

  /** Every event, oldest first by timestamp, then by arrival. */
  all(): HeatdeskEvent[] {
    const out: HeatdeskEvent[] = [];
    const s = this.db.prepare('SELECT json FROM events ORDER BY timestamp, rowid');
    try {
      while (s.step()) out.push(JSON.parse(String(s.get()[0])) as HeatdeskEvent);
    } finally {
      s.free();
    }
    return out;
  }

  count(): number {
    const r = this.db.exec('SELECT count(*) FROM events');
    return Number(r[0]?.values[0]?.[0] ?? 0);
  }

  /** Deletes events older than `maxAgeDays` and all but the newest `maxEvents` (0 = no limit); returns how many. */
  prune(maxAgeDays: number, maxEvents: number, now = Date.now()): number {
    let removed = 0;
    if (maxAgeDays > 0) {
      this.db.run('DELETE FROM events WHERE timestamp < ?', [now - maxAgeDays * 86_400_000]);
      removed += this.db.getRowsModified();
    }
    if (maxEvents > 0) {
      this.db.run(
        'DELETE FROM events WHERE rowid IN (SELECT rowid FROM events ORDER BY timestamp DESC, rowid DESC LIMIT -1 OFFSET ?)',
        [Math.floor(maxEvents)],
      );
      removed += this.db.getRowsModified();
    }
    return removed;
  }

  clear(): void {
    this.db.run('DELETE FROM events');
  }

  export(): Uint8Array {
    return this.db.export();
  }

  close(): void {
    for (const st of [this.insertStmt, this.hasStmt, this.beginStmt, this.commitStmt]) st?.free();
    this.insertStmt = this.hasStmt = this.beginStmt = this.commitStmt = null;
    this.db.close();
  }
}

function timeOf(e: HeatdeskEvent): number {
  const t = Date.parse(e.timestamp);
  return Number.isFinite(t) ? t : 0;
}
