// `heatdesk stats`: per-agent metrics computed by the seed's model over the stored events, as one JSON
// object on stdout. The store is opened read-only (safe beside a running server), the events are
// replayed through processEvent exactly as the views do, and intensity is the seed's heatmap figure as if
// the heatmap were on.
import { existsSync } from 'node:fs';
import { stderrLogger } from '../extension/log';
import { EventStore } from '../extension/store/EventStore';
import { computeHeatmap, createMetricsState, emptyTokenMetrics, processEvents, selectAgents, type MetricsOptions } from '../shared/metrics';

export interface AgentStats {
  id: string;
  sessionId: string;
  parentId: string | null;
  type: string;
  toolCallCount: number;
  toolCallDurationMs: number;
  failedToolCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  contextPressure: number;
  costUsd: number;
  intensity: number;
}

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
  return selectAgents(state).map((a) => {
    const m = state.tokenMetrics.get(a.id) ?? emptyTokenMetrics();
    return {
      id: a.id,
      sessionId: a.sessionId,
      parentId: a.parentId,
      type: a.type,
      toolCallCount: m.toolCallCount,
      toolCallDurationMs: m.toolCallDurationMs,
      failedToolCalls: m.failedToolCalls,
      inputTokens: m.inputTokens,
      outputTokens: m.outputTokens,
      cacheReadTokens: m.cacheReadTokens,
      cacheCreationTokens: m.cacheCreationTokens,
      contextPressure: m.contextPressure,
      costUsd: Math.round(m.costUsd * 1e6) / 1e6,
      intensity: intensity.get(a.id) ?? 0,
    };
  });
}
