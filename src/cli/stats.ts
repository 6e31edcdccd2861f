// `heatdesk stats`: per-agent metrics computed by the seed's model over the stored events, as one JSON
// object on stdout. The store is opened read-only (safe beside a running server), the events are
// replayed through processEvent exactly as the views do, and intensity is the seed's heatmap figure as if
// the heatmap were on.
import { existsSync } from 'node:fs';
import { stderrLogger } from '../extension/log';
import { EventStore } from '../extension/store/EventStore';
import {
  agentStats,
  computeHeatmap,
  createMetricsState,
  emptyTokenMetrics,
  processEvents,
  selectAgents,
  type AgentStats,
  type MetricsOptions,
} from '../shared/metrics';

export type { AgentStats };

/** Prints `{"agents":[…]}` for the store in `dataDir`. Throws when there is no store there. */
export async function printStats(dataDir: string, options: MetricsOptions = {}): Promise<void> {
  if (!existsSync(dataDir)) throw new Error(`no Heatdesk data folder at ${dataDir}`);
  const store = await EventStore.open({ dataDir, log: stderrLogger, readOnly: true });
  let events;
  try {
    events = store.all();
  } finally {
    await store.close();
  }
  const agents = computeStats(events, options);
  process.stdout.write(`${JSON.stringify({ agents })}\n`);
}

/** The stats of a list of events (oldest first), agents in the model's stable order. */
export function computeStats(events: Parameters<typeof processEvents>[1], options: MetricsOptions = {}): AgentStats[] {
  const state = processEvents(createMetricsState(options), events);
  const intensity = new Map(computeHeatmap(state).map((h) => [h.agentId, h.intensity]));
  return selectAgents(state).map((a) => agentStats(a, state.tokenMetrics.get(a.id) ?? emptyTokenMetrics(), intensity.get(a.id) ?? 0));
}
