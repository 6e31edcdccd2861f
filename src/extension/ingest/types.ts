// The contract between the ingest service (server + store) and whoever hosts it: the VS Code extension
// (src/extension/extension.ts) and the headless CLI (src/cli/cli.ts).
import type { HeatdeskEvent } from '../../shared/events';
import type { Logger } from '../log';

/**
 * Fills token fields/model/context pressure from transcripts before an event is stored (metrics issue).
 * Gets a copy of the event; returns a new object when it fills anything (that one is validated again), or
 * the very object it was given, untouched, when it has nothing to add.
 */
export type EventEnricher = (event: HeatdeskEvent) => Promise<HeatdeskEvent>;

export interface IngestServiceOptions {
  /** Folder for the store's files (snapshot, journal). */
  dataDir: string;
  /** HEATDESK_HOME: where ingest.json ({"url","token"}, mode 0600) and the hooks' spool live. */
  home: string;
  /** 0 = any free port. */
  port: number;
  log: Logger;
  enrich?: EventEnricher;
  /** Retention: events older than maxAgeDays, or beyond the newest maxEvents, are pruned. 0 = keep. */
  retention?: { maxAgeDays: number; maxEvents: number };
  /** Bearer token to require (a stable one for Claude Code http hooks); a fresh random one when absent. */
  token?: string;
  /** Keep prompt text of raw UserPromptSubmit payloads posted to /v1/hooks (privacy: default false). */
  capturePrompts?: boolean;
  /** Longest wait for the enricher before an event is stored without its token data (default 5 s). */
  enrichTimeoutMs?: number;
}

/** Every window runs the service; the one holding HEATDESK_HOME's leader lock owns the port and the store. */
export type IngestRole = 'leader' | 'follower';

export interface IngestService {
  /** The ingest server's URL and token: this process's own as leader, the leader's as follower. */
  readonly url: string;
  readonly token: string;
  /** Leader: owns the port, the store and the spool. Follower: mirrors the leader's events over its stream. */
  readonly role: IngestRole;
  /** Called when this window takes over as leader (or, rarely, steps down to follow). */
  onRoleChange(listener: (role: IngestRole) => void): () => void;
  /** Called when the store was emptied (Reset Metrics in any window): drop what was shown. */
  onReset(listener: () => void): () => void;
  /** Every stored event, oldest first (by timestamp, then arrival). */
  allEvents(): HeatdeskEvent[];
  /** Live: called with each batch of newly stored (never duplicate) events, after they are durable. */
  onEvents(listener: (events: HeatdeskEvent[]) => void): () => void;
  /** Deletes every stored event (the "Reset Metrics" command), in every window. */
  reset(): Promise<void>;
  /** Stops listening, flushes the store, removes ingest.json if it is still ours. */
  close(): Promise<void>;
}
