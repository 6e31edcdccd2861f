// Takes in the events hooks leave in HEATDESK_HOME/spool, one file each (see src/hooks/_runtime.ts). The
// leader watches the folder and drains it as files appear; a periodic call covers a watcher that misses
// something (network folders, a folder re-created under it). A file is deleted only after its event is
// durable in the store, so a crash half-way re-reads it next time and the store's dedup by id keeps it
// single. Files are only ever renamed into the folder whole, so there is nothing to race with.
import { mkdirSync, promises as fsp, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, type HeatdeskEvent } from '../../shared/events';
import { SPOOL_DIR } from '../../shared/ingestInfo';
import { validateEvent } from '../../shared/validation';
import type { Logger } from '../log';

/** A hook's temp file this old belongs to a hook that died while writing it (they live under a second). */
const STALE_TMP_MS = 60_000;
/** Files read at once: bounds memory and open files when thousands wait. */
const READ_SLICE = 200;

export class SpoolFolder {
  readonly dir: string;
  private watcher: FSWatcher | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private closed = false;
  private lastFailureLog = 0;

  constructor(
    home: string,
    private readonly ingest: (events: HeatdeskEvent[]) => Promise<unknown>,
    private readonly log: Logger,
  ) {
    this.dir = join(home, SPOOL_DIR);
  }

  /** Creates the folder (private) and starts watching it. Without a watcher, drain() calls still work. */
  watch(): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.watcher = watch(this.dir, () => void this.drain());
      this.watcher.on('error', (err) => {
        this.log.warn(`spool: stopped watching ${this.dir} (${err.message}); checking it every second instead`);
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (err) {
      this.log.warn(`spool: cannot watch ${this.dir} (${err instanceof Error ? err.message : String(err)}); checking it every second instead`);
    }
  }

  /**
   * Drains until the folder is empty; concurrent calls share the run (and make it look once more). Never
   * rejects: when the store cannot take the events (disk full) the files stay and the failure is logged,
   * at most every 10 s, until a later drain succeeds.
   */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          total += await this.drainOnce();
        } while (this.again && !this.closed);
      } catch (err) {
        const now = Date.now();
        if (now - this.lastFailureLog > 10_000) {
          this.lastFailureLog = now;
          this.log.error(`spool: events wait in ${this.dir}, the store cannot take them yet: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    await this.running?.catch(() => undefined);
  }

  private async drainOnce(): Promise<number> {
    let names: string[];
    try {
      names = await fsp.readdir(this.dir);
    } catch {
      return 0; // No folder yet: no hook has spooled.
    }
    await this.removeStaleTemps(names);
    const ready = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    let taken = 0;
    let invalid = 0;
    for (let i = 0; i < ready.length && !this.closed; i += READ_SLICE) {
      const slice = ready.slice(i, i + READ_SLICE);
      const read = await Promise.all(
        slice.map(async (name) => {
          try {
            return { name, text: await fsp.readFile(join(this.dir, name), 'utf8') };
          } catch {
            return { name, text: null }; // Taken by a concurrent drain.
          }
        }),
      );
      const events: HeatdeskEvent[] = [];
      const done: string[] = [];
      for (const { name, text } of read) {
        if (text === null) continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          value = undefined;
        }
        const r = validateEvent(value);
        if (r.ok) events.push(r.event);
        else invalid++;
        done.push(name);
      }
      // Throws when the store cannot write: the files stay for the next drain.
      for (let k = 0; k < events.length; k += LIMITS.batch) await this.ingest(events.slice(k, k + LIMITS.batch));
      await Promise.all(done.map((n) => fsp.unlink(join(this.dir, n)).catch(() => undefined)));
      taken += events.length;
    }
    if (invalid) this.log.warn(`spool: dropped ${invalid} unreadable file(s) from ${this.dir}`);
    return taken;
  }

  private async removeStaleTemps(names: string[]): Promise<void> {
    const now = Date.now();
    for (const n of names) {
      if (!n.startsWith('.') || !n.endsWith('.tmp')) continue;
      const p = join(this.dir, n);
      try {
        if (now - (await fsp.stat(p)).mtimeMs > STALE_TMP_MS) await fsp.unlink(p);
      } catch {
        // Renamed or removed meanwhile.
      }
    }
  }
}
