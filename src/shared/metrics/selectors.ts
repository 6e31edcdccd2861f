// Read-only views of the metrics state for the scene, the HUD, the tree view and `cli stats`.
import type { AgentInfo, HeatmapEntry, MetricMode, TokenMetrics } from './types';
import { emptyTokenMetrics, type MetricsState } from './metricsState';

/**
 * The seed's heatmap: activityScore = toolCallCount*100 + toolCallDurationMs; tokenScore = input+output
 * tokens, which overrides activityScore when > 0; intensity = score / max score over the agents shown
 * (0 when every score is 0). Empty when the heatmap is off. Order: selectAgents' order.
 */
export function selectHeatmapData(state: MetricsState, visibleAgentIds?: Iterable<string>): HeatmapEntry[] {
  if (!state.heatmapEnabled) return [];
  return heatmapOf(state, visibleAgentIds);
}

/** The heatmap figures regardless of the toggle (for `cli stats` and the snapshot tool). */
export function computeHeatmap(state: MetricsState, visibleAgentIds?: Iterable<string>): HeatmapEntry[] {
  return heatmapOf(state, visibleAgentIds);
}

function heatmapOf(state: MetricsState, visibleAgentIds?: Iterable<string>): HeatmapEntry[] {
  const visible = visibleAgentIds ? new Set(visibleAgentIds) : undefined;
  const shown = selectAgents(state).filter((a) => !visible || visible.has(a.id));
  const mode = state.options.metricMode ?? 'auto';
  const scores = shown.map((a) => ({ agentId: a.id, score: agentScore(state.tokenMetrics.get(a.id), mode) }));
  const max = scores.reduce((m, s) => Math.max(m, s.score), 0);
  return scores.map((s) => ({ agentId: s.agentId, score: s.score, intensity: max > 0 ? s.score / max : 0 }));
}

/** One agent's heat score: by default the seed's formula; the metric mode setting can pin one side. */
export function agentScore(m: TokenMetrics | undefined, mode: MetricMode = 'auto'): number {
  if (!m) return 0;
  const tokenScore = m.inputTokens + m.outputTokens;
  const activityScore = m.toolCallCount * 100 + m.toolCallDurationMs;
  switch (mode) {
    case 'tokens':
      return tokenScore;
    case 'activity':
      return activityScore;
    case 'auto':
      return tokenScore > 0 ? tokenScore : activityScore;
  }
}

export function selectAgentTokenMetrics(state: MetricsState, id: string): TokenMetrics | undefined {
  return state.tokenMetrics.get(id);
}

export function selectAgent(state: MetricsState, id: string): AgentInfo | undefined {
  return state.agents.get(id);
}

const byAge = (a: AgentInfo, b: AgentInfo): number => a.firstSeen - b.firstSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Stable order: sessions by first appearance, each followed by its subagents (depth first). */
export function selectAgents(state: MetricsState): AgentInfo[] {
  const children = new Map<string, AgentInfo[]>();
  const roots: AgentInfo[] = [];
  for (const a of state.agents.values()) {
    if (a.parentId === null || !state.agents.has(a.parentId)) roots.push(a);
    else {
      const list = children.get(a.parentId);
      if (list) list.push(a);
      else children.set(a.parentId, [a]);
    }
  }
  const out: AgentInfo[] = [];
  const visit = (a: AgentInfo): void => {
    out.push(a);
    for (const c of (children.get(a.id) ?? []).sort(byAge)) visit(c);
  };
  for (const r of roots.sort(byAge)) visit(r);
  return out;
}

/** Direct subagents of an agent, oldest first. */
export function selectChildren(state: MetricsState, parentId: string): AgentInfo[] {
  return [...state.agents.values()].filter((a) => a.parentId === parentId).sort(byAge);
}

/** Sums over agents (all, or the given ids); contextPressure is the highest, not a sum. */
export function selectTotals(state: MetricsState, agentIds?: Iterable<string>): TokenMetrics {
  const total = emptyTokenMetrics();
  const ids = agentIds ?? state.tokenMetrics.keys();
  for (const id of ids) {
    const m = state.tokenMetrics.get(id);
    if (!m) continue;
    total.toolCallCount += m.toolCallCount;
    total.toolCallDurationMs += m.toolCallDurationMs;
    total.failedToolCalls += m.failedToolCalls;
    total.inputTokens += m.inputTokens;
    total.outputTokens += m.outputTokens;
    total.cacheReadTokens += m.cacheReadTokens;
    total.cacheCreationTokens += m.cacheCreationTokens;
    total.costUsd += m.costUsd;
    total.contextPressure = Math.max(total.contextPressure, m.contextPressure);
  }
  return total;
}

/** Totals of one session: its main agent and all its subagents. */
export function selectSessionTotals(state: MetricsState, sessionId: string): TokenMetrics {
  const ids = [...state.agents.values()].filter((a) => a.sessionId === sessionId).map((a) => a.id);
  return selectTotals(state, ids);
}
