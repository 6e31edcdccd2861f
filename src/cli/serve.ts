// `heatdesk serve`: the ingest service without VS Code, for tests, benches, demos and headless machines.
// Several `serve` processes sharing a HEATDESK_HOME behave like several VS Code windows: one leads (owns
// the port and the store), the others follow it and take over when it goes away.
import { createEnricher } from '../extension/enrich';
import { startIngestService } from '../extension/ingest/IngestService';
import type { IngestService } from '../extension/ingest/types';
import { stderrLogger } from '../extension/log';
import type { HeatdeskEvent } from '../shared/events';
import type { ServeOptions } from './cliOptions';

/** Resolves with the exit code once a signal has stopped the service (after its final flush). */
export async function serve(o: ServeOptions): Promise<number> {
  // Signals first: a SIGTERM while the store opens must still end in a clean close, not a hard kill.
  let stopRequested: NodeJS.Signals | null = null;
  let onStop: ((signal: NodeJS.Signals) => void) | null = null;
  const signal = (s: NodeJS.Signals) => (onStop ? onStop(s) : (stopRequested ??= s));
  process.on('SIGINT', signal);
  process.on('SIGTERM', signal);

  const service = await startIngestService({
    dataDir: o.dataDir,
    home: o.home,
    port: o.port,
    log: stderrLogger,
    // Token fields come from transcripts under CLAUDE_CONFIG_DIR (default ~/.claude).
    enrich: createEnricher({ log: stderrLogger }),
    capturePrompts: o.capturePrompts,
    retention: { maxAgeDays: o.maxAgeDays, maxEvents: o.maxEvents },
  });
  if (o.printEvents) printEvents(service);
  service.onRoleChange((role) => stderrLogger.info(`role: ${role}`));
  stderrLogger.info(`serving as ${service.role}; data in ${o.dataDir}; stop with Ctrl+C`);
  return new Promise((resolve) => {
    let stopping = false;
    onStop = (sig: NodeJS.Signals) => {
      if (stopping) {
        stderrLogger.warn(`${sig} again: exiting without the final flush (the journal keeps every event)`);
        return resolve(1);
      }
      stopping = true;
      stderrLogger.info(`${sig}: flushing the store`);
      service.close().then(
        () => resolve(0),
        (err: unknown) => {
          stderrLogger.error(`close failed: ${err instanceof Error ? err.message : String(err)}`);
          resolve(1);
        },
      );
    };
    if (stopRequested) onStop(stopRequested);
  });
}

/** --print-events: what a window would show, as NDJSON on stdout: the history, then each live batch. */
function printEvents(service: IngestService): void {
  const write = (events: HeatdeskEvent[]) => {
    if (events.length) process.stdout.write(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  };
  write(service.allEvents());
  service.onEvents(write);
}
