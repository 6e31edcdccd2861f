// Token fields of SessionEnded / AgentCompleted / ContextCompaction are the agent's CUMULATIVE totals,
// filled by the server from transcripts. They are set, never added, and only by the newest event, so a
// replay, a retry or a late old event cannot inflate them.
import type { HeatdeskEvent } from '../events';
import type { AgentInfo, TokenMetrics } from './types';
import type { MetricsState } from './metricsState';
import { costUsd, priceForModel } from './pricing';
import { contextPressure, overrideContextWindow } from './contextWindow';

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

export function applyTokenFields(
  state: MetricsState,
  agentId: string,
  agent: AgentInfo,
  metrics: TokenMetrics,
  event: HeatdeskEvent,
  ts: number,
): void {
  const input = count(event.input_tokens);
  const output = count(event.output_tokens);
  const cacheRead = count(event.cache_read_input_tokens);
  const cacheCreation = count(event.cache_creation_input_tokens);
  if (input === undefined && output === undefined && cacheRead === undefined && cacheCreation === undefined) return;
  const prev = state.tokenSnapshots.get(agentId);
  if (prev && ts < prev.atMs) return;
  if (input !== undefined) metrics.inputTokens = input;
  if (output !== undefined) metrics.outputTokens = output;
  if (cacheRead !== undefined) metrics.cacheReadTokens = cacheRead;
  if (cacheCreation !== undefined) metrics.cacheCreationTokens = cacheCreation;
  const model = event.model ?? prev?.model ?? agent.model;
  const oneHour = count(event['cache_creation_1h_input_tokens']) ?? (cacheCreation === undefined ? prev?.cacheCreation1hTokens : 0) ?? 0;
  state.tokenSnapshots.set(agentId, { atMs: ts, cacheCreation1hTokens: oneHour, model });
  metrics.costUsd = costUsd({ ...metrics, cacheCreation1hTokens: oneHour }, priceForModel(model, state.options.prices));
}

/**
 * The pressure an event reports for its agent. The server computed it with its own window table; when
 * this model's options override the window for the agent's model and the event carries the raw
 * `context_tokens`, the override wins.
 */
export function pressureOf(state: MetricsState, event: HeatdeskEvent, model: string | undefined): number | undefined {
  const reported = typeof event.context_pressure === 'number' ? event.context_pressure : undefined;
  const contextTokens = count(event['context_tokens']);
  if (contextTokens === undefined) return reported;
  const window = overrideContextWindow(event.model ?? model, state.options.contextWindows);
  return window === undefined ? reported : contextPressure(contextTokens, window);
}
