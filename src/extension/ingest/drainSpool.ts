// Takes in the events hooks spooled while no server answered. Rename-then-read: the spool is renamed to a
// private name first, so hooks that spool meanwhile append to a fresh file instead of racing the reader;
// the renamed file is deleted only after its events are durable in the store. A crash half-way leaves the
// renamed file for the next drain, and the store's dedup by id means nothing is counted twice.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { HeatdeskEvent } from '../../shared/events';
import { LIMITS } from '../../shared/events';
import { SPOOL_DRAINING_PREFIX, SPOOL_FILE, parseNdjson } from '../../shared/ingestInfo';
import { validateEvent } from '../../shared/validation';
import type { Logger } from '../log';

/** How long a hook that opened the spool just before the rename may take to finish its one write. */
const RENAME_GRACE_MS = 100;

export interface DrainResult {
  files: number;
  events: number;
  invalid: number;
}

export async function drainSpool(
  home: string,
  ingest: (events: HeatdeskEvent[]) => Promise<unknown>,
  log: Logger,
): Promise<DrainResult> {
  const result: DrainResult = { files: 0, events: 0, invalid: 0 };
  const spool = join(home, SPOOL_FILE);
  const claimed = join(home, `${SPOOL_DRAINING_PREFIX}${process.pid}-${Date.now()}.ndjson`);
  let renamed = false;
  try {
    await fsp.rename(spool, claimed);
    renamed = true;
  } catch {
    // No spool (the usual case).
  }
  let names: string[];
  try {
    names = (await fsp.readdir(home)).filter((n) => n.startsWith(SPOOL_DRAINING_PREFIX) && n.endsWith('.ndjson')).sort();
  } catch {
    return result;
  }
  if (!names.length) return result;
  if (renamed) await new Promise((r) => setTimeout(r, RENAME_GRACE_MS));
  for (const name of names) {
    const path = join(home, name);
    let text: string;
    try {
      text = await fsp.readFile(path, 'utf8');
    } catch {
      continue; // Taken by a concurrent drain.
    }
    const { values, badLines } = parseNdjson(text);
    const events: HeatdeskEvent[] = [];
    let invalid = badLines;
    for (const v of values) {
      const r = validateEvent(v);
      if (r.ok) events.push(r.event);
      else invalid++;
    }
    for (let i = 0; i < events.length; i += LIMITS.batch) await ingest(events.slice(i, i + LIMITS.batch));
    await fsp.unlink(path).catch(() => undefined);
    result.files++;
    result.events += events.length;
    result.invalid += invalid;
  }
  if (result.events || result.invalid) {
    log.info(`spool: took in ${result.events} event(s) hooks had spooled${result.invalid ? `, dropped ${result.invalid} unreadable line(s)` : ''}`);
  }
  return result;
}
