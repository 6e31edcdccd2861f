// The mutable state of the seed's metrics model and the operations that create, clear and prune it.
// Maps (not immutable records) because the reducer runs over 100,000 stored events on every replay and
// stores notice changes through `version` instead of object identity.
import type { AgentInfo, MetricMode, TokenMetrics } from './types';
import type { ModelPrice } from './pricing';

export interface MetricsOptions {
  /** Context window by model id prefix; used when an event carries the raw context token count. */
  contextWindows?: Record<string, number>;
  /** Price overrides by model id prefix or family word ("opus"). */
  prices?: Record<string, Partial<ModelPrice>>;
  /**
   * A session with no event for this long counts as no longer active for the reset rule (a new session
   * in the same folder then replaces it). Default 30 minutes; 0 = only an explicit SessionEnd ends one.
   */
  inactiveSessionMs?: number;
  heatmapEnabled?: boolean;
  /** What heat measures (default 'auto', the seed's formula). */
  metricMode?: MetricMode;
}

/** A tool call paired by tool_use_id. Kept after it ends so that a late or repeated Pre/Post never counts twice. */
export interface ToolCallRecord {
  agentId: string;
  startMs?: number;
  endMs?: number;
  started: boolean;
  ended: boolean;
  /** False while an end without duration_ms waits for its start to give the Pre→Post difference. */
  durationKnown: boolean;
}

export interface SessionRecord {
  cwd?: string;
  /** Ended by SessionEnd with a reason other than 'stop' (Stop only ends a turn). */
  ended: boolean;
  lastSeenMs: number;
}

/** What token events last said about an agent: set, never added, so a replay or retry changes nothing. */
export interface TokenSnapshot {
  atMs: number;
  cacheCreation1hTokens: number;
  model?: string;
}

export interface MetricsState {
  agents: Map<string, AgentInfo>;
  tokenMetrics: Map<string, TokenMetrics>;
  heatmapEnabled: boolean;
  /** Bumped on every change, so that stores and views can tell that something moved. */
  version: number;
  readonly options: Readonly<MetricsOptions>;
  /** Event ids already applied: the same event twice changes nothing. */
  seenEventIds: Set<string>;
  toolCalls: Map<string, ToolCallRecord>;
  /** Calls without tool_use_id (older Claude Code): paired first-in-first-out per agent and tool name. */
  anonymousStarts: Map<string, Array<{ toolName: string; startMs: number }>>;
  sessions: Map<string, SessionRecord>;
  /** Ended sessions removed by the reset rule or cleanup: their late events are ignored until they start again. */
  removedSessions: Set<string>;
  tokenSnapshots: Map<string, TokenSnapshot>;
}

export const DEFAULT_INACTIVE_SESSION_MS = 30 * 60 * 1000;

export function createMetricsState(opts: MetricsOptions = {}): MetricsState {
  return {
    agents: new Map(),
    tokenMetrics: new Map(),
    heatmapEnabled: opts.heatmapEnabled ?? false,
    version: 0,
    options: { ...opts },
    seenEventIds: new Set(),
    toolCalls: new Map(),
    anonymousStarts: new Map(),
    sessions: new Map(),
    removedSessions: new Set(),
    tokenSnapshots: new Map(),
  };
}

export function emptyTokenMetrics(): TokenMetrics {
  return {
    toolCallCount: 0,
    toolCallDurationMs: 0,
    failedToolCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    contextPressure: 0,
    cacheReadTokens: 0,
    cacheCreationTokens: 0,
    costUsd: 0,
  };
}

/** The seed's reset(): clears agents, metrics and all bookkeeping; keeps options and the heatmap toggle. */
export function reset(state: MetricsState): MetricsState {
  state.agents.clear();
  state.tokenMetrics.clear();
  state.seenEventIds.clear();
  state.toolCalls.clear();
  state.anonymousStarts.clear();
  state.sessions.clear();
  state.removedSessions.clear();
  state.tokenSnapshots.clear();
  state.version++;
  return state;
}

export function setHeatmapEnabled(state: MetricsState, on: boolean): MetricsState {
  if (state.heatmapEnabled !== on) {
    state.heatmapEnabled = on;
    state.version++;
  }
  return state;
}

/** Ids of an agent and everything below it. */
export function subtreeIds(state: MetricsState, rootId: string): string[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) {
    const parent = out[i];
    for (const a of state.agents.values()) if (a.parentId === parent && !out.includes(a.id)) out.push(a.id);
  }
  return out;
}

/** Removes agents with their metrics and tool-call bookkeeping (seed: metrics go with their agents). */
export function removeAgents(state: MetricsState, ids: readonly string[]): void {
  if (!ids.length) return;
  const gone = new Set(ids);
  for (const id of gone) {
    state.agents.delete(id);
    state.tokenMetrics.delete(id);
    state.tokenSnapshots.delete(id);
    state.anonymousStarts.delete(id);
  }
  for (const [key, call] of state.toolCalls) if (gone.has(call.agentId)) state.toolCalls.delete(key);
  state.version++;
}

/**
 * Removes a whole session: its main agent, subagents and metrics. A session that had ENDED is remembered,
 * so a straggling event (a late spool drain) does not bring its desk back; one removed only for being
 * idle comes back as soon as it does something again.
 */
export function removeSession(state: MetricsState, sessionId: string): void {
  const ids = [...state.agents.values()].filter((a) => a.sessionId === sessionId).map((a) => a.id);
  removeAgents(state, ids);
  if (state.sessions.get(sessionId)?.ended) state.removedSessions.add(sessionId);
  state.sessions.delete(sessionId);
  state.version++;
}
