// `heatdesk serve`: the ingest service without VS Code, for tests, benches, demos and headless machines.
import { createEnricher } from '../extension/enrich';
import { startIngestService } from '../extension/ingest/IngestService';
import { stderrLogger } from '../extension/log';
import type { ServeOptions } from './cliOptions';

/** Resolves with the exit code once a signal has stopped the service (after its final flush). */
export async function serve(o: ServeOptions): Promise<number> {
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
  stderrLogger.info(`serving; data in ${o.dataDir}; stop with Ctrl+C`);
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        stderrLogger.warn(`${signal} again: exiting without the final flush (the journal keeps every event)`);
        return resolve(1);
      }
      stopping = true;
      stderrLogger.info(`${signal}: flushing the store`);
      service.close().then(
        () => resolve(0),
        (err: unknown) => {
          stderrLogger.error(`close failed: ${err instanceof Error ? err.message : String(err)}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
