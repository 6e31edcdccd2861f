// The one seam between the editor and where events come from. Every window starts the ingest service; the
// service itself elects one leader per HEATDESK_HOME (it serves and stores) and the other windows follow it
// over its event stream, so the rest of the extension never needs to know which one it is.
import { createEnricher } from '../enrich';
import { startIngestService } from '../ingest/IngestService';
import type { IngestService } from '../ingest/types';
import type { Config } from '../config';
import type { Logger } from '../log';

/** What the views need from the event source. */
export type EventFeed = Pick<
  IngestService,
  'url' | 'token' | 'role' | 'allEvents' | 'onEvents' | 'onReset' | 'onRoleChange' | 'reset' | 'close'
>;

export interface EventFeedOptions {
  /** The extension's global storage folder: the store's files. */
  dataDir: string;
  /** HEATDESK_HOME. */
  home: string;
  config: Readonly<Config>;
  log: Logger;
  /** CLAUDE_CONFIG_DIR, when set: the only place transcripts are read from. */
  claudeConfigDir?: string;
  /** A stable bearer token (http hooks); otherwise the service picks a fresh one. */
  token?: string;
}

export function startEventFeed(opts: EventFeedOptions): Promise<EventFeed> {
  const { config, log } = opts;
  return startIngestService({
    dataDir: opts.dataDir,
    home: opts.home,
    port: config.port,
    log,
    enrich: createEnricher({ log, contextWindows: config.contextWindows, ...(opts.claudeConfigDir ? { claudeConfigDir: opts.claudeConfigDir } : {}) }),
    retention: { maxAgeDays: config.retention.maxAgeDays, maxEvents: config.retention.maxEvents },
    capturePrompts: config.privacy.capturePrompts,
    ...(opts.token ? { token: opts.token } : {}),
  });
}
