// The ingest path of the process that leads (see IngestService.ts for the election): open the store
// (snapshot + journal replay), listen on 127.0.0.1, drain what hooks spooled while nobody listened, then
// publish ingest.json, and keep draining the spool folder as hooks leave events in it.
import { randomBytes, randomUUID } from 'node:crypto';
import { stat } from 'node:fs';
import { join } from 'node:path';
import type { HeatdeskEvent } from '../../shared/events';
import { SPOOL_FILE } from '../../shared/ingestInfo';
import { validateEvent } from '../../shared/validation';
import type { Logger } from '../log';
import { EventStore } from '../store/EventStore';
import { drainSpool } from './drainSpool';
import { SpoolFolder } from './SpoolFolder';
import { EventStreamHub } from './EventStreamHub';
import { removeIngestFileIfOurs, writeIngestFile } from './ingestFile';
import { IngestServer } from './IngestServer';
import type { EventEnricher, IngestService, IngestServiceOptions } from './types';

/** How often the service looks for a spool written by hooks that missed it (e.g. during its own start). */
const SPOOL_CHECK_MS = 1_000;
/**
 * An enricher slower than this is skipped for the event. Generous on purpose: hooks leave events in the
 * spool and never wait for this answer, and the first read of a long transcript on a busy machine can take
 * a second or more; an event stored without its tokens would stay without them if no later Stop follows.
 */
const DEFAULT_ENRICH_TIMEOUT_MS = 5_000;

export async function startLocalIngestService(opts: IngestServiceOptions): Promise<IngestService> {
  const { log } = opts;
  const store = await EventStore.open({ dataDir: opts.dataDir, log, retention: opts.retention });
  const listeners = new Set<(events: HeatdeskEvent[]) => void>();
  const resetListeners = new Set<() => void>();
  const enrich = opts.enrich ? guardEnricher(opts.enrich, log, opts.enrichTimeoutMs ?? DEFAULT_ENRICH_TIMEOUT_MS) : undefined;

  const ingest = async (events: HeatdeskEvent[]): Promise<HeatdeskEvent[]> => {
    // Enrich only what is new: a retried or spooled duplicate must not cost a transcript read.
    const ready = enrich ? await Promise.all(events.map((e) => (store.has(e.id) ? e : enrich(e)))) : events;
    const added = await store.add(ready);
    if (added.length) {
      for (const l of listeners) {
        try {
          l(added);
        } catch (err) {
          log.error(`ingest: an event listener failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    return added;
  };

  // A stable token (Claude Code http hooks cannot read ingest.json) or a fresh one per start.
  const token = opts.token ?? randomBytes(32).toString('base64url');
  if (!/^[\x21-\x7e]{16,512}$/.test(token)) {
    await store.close();
    throw new Error('the ingest token must be 16 to 512 printable characters without spaces');
  }
  const reset = async (): Promise<void> => {
    await store.reset();
    for (const l of resetListeners) {
      try {
        l();
      } catch (err) {
        log.error(`ingest: a reset listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  const onEvents = (listener: (events: HeatdeskEvent[]) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const onReset = (listener: () => void) => {
    resetListeners.add(listener);
    return () => void resetListeners.delete(listener);
  };
  // Follower windows watch this process's events through GET /v1/stream.
  const hub = new EventStreamHub({ allEvents: () => store.all(), onEvents, onReset });
  const server = new IngestServer({
    token,
    log,
    ingest,
    newId: randomUUID,
    capturePrompts: opts.capturePrompts,
    stream: (req, res) => hub.handle(req, res),
    reset,
  });
  let url: string;
  try {
    url = await server.listen(opts.port);
  } catch (err) {
    await store.close();
    throw err;
  }

  // Hooks leave every event in the spool folder (watched: taken in as it appears); older hooks, and hooks
  // whose folder write failed, append to the legacy spool file (checked every second).
  const folder = new SpoolFolder(opts.home, ingest, log);
  const drainFolder = (): Promise<number> => folder.drain();
  let draining: Promise<void> | undefined;
  const drain = (): Promise<void> => {
    draining ??= drainSpool(opts.home, ingest, log)
      .then(() => undefined)
      .catch((err: unknown) => log.error(`spool: drain failed, will retry: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        draining = undefined;
      });
    return draining;
  };
  // Drain before publishing ingest.json: once the file names this server, what was spooled is stored.
  // Hooks that spool meanwhile (they still see the old file) are picked up by the periodic check.
  await drain();
  const waiting = await drainFolder();
  if (waiting) log.info(`spool: took in ${waiting} event(s) hooks had left while no server ran`);
  try {
    writeIngestFile(opts.home, { url, token, pid: process.pid, ...(opts.capturePrompts ? { capturePrompts: true } : {}) });
  } catch (err) {
    await server.close();
    await store.close();
    throw err;
  }
  log.info(`ingest listening on ${url} (hooks find it through ${join(opts.home, 'ingest.json')})`);
  folder.watch();
  void drainFolder(); // What arrived between the first drain and the watch.
  const spoolCheck = setInterval(() => {
    stat(join(opts.home, SPOOL_FILE), (err) => {
      if (!err) void drain();
    });
    void drainFolder();
  }, SPOOL_CHECK_MS);
  spoolCheck.unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    role: 'leader',
    onRoleChange: () => () => undefined,
    onReset,
    allEvents: () => store.all(),
    onEvents,
    reset,
    close() {
      closing ??= (async () => {
        clearInterval(spoolCheck);
        removeIngestFileIfOurs(opts.home, token);
        hub.closeAll();
        await server.close();
        await folder.close();
        await draining;
        await store.close();
        listeners.clear();
        resetListeners.clear();
      })();
      return closing;
    },
  };
}

/** Runs the enricher with a time limit; on failure, timeout or an invalid result the event is stored as it came. */
function guardEnricher(enrich: EventEnricher, log: Logger, timeoutMs: number): (e: HeatdeskEvent) => Promise<HeatdeskEvent> {
  let lastWarn = 0;
  let suppressed = 0;
  const warn = (why: string) => {
    const now = Date.now();
    if (now - lastWarn < 10_000) return void suppressed++;
    log.warn(`enrich: stored an event without token data: ${why}${suppressed ? ` (and ${suppressed} more)` : ''}`);
    lastWarn = now;
    suppressed = 0;
  };
  // Plain callbacks rather than an async function racing a timeout promise: this runs for every event on
  // the request path, and the promise machinery of the race cost more than the enricher's usual answer.
  return (event) =>
    new Promise((resolve) => {
      let settled = false;
      const finish = (e: HeatdeskEvent): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(e);
      };
      const timer = setTimeout(() => {
        warn(`enricher took over ${timeoutMs} ms`);
        finish(event);
      }, timeoutMs);
      let input: HeatdeskEvent;
      let pending: Promise<HeatdeskEvent>;
      try {
        input = structuredClone(event);
        pending = enrich(input);
      } catch (err) {
        warn(err instanceof Error ? err.message : String(err));
        return finish(event);
      }
      pending.then(
        (out) => {
          if (settled) return;
          // Most events need no transcript and come back as they went in: already valid, so no second check
          // (validating every event twice halved ingest throughput).
          if (out === input) return finish(event);
          const v = validateEvent({ ...out, id: event.id });
          if (v.ok) return finish(v.event);
          warn(`enricher returned an invalid event: ${v.error}`);
          finish(event);
        },
        (err: unknown) => {
          if (settled) return;
          warn(err instanceof Error ? err.message : String(err));
          finish(event);
        },
      );
    });
}
