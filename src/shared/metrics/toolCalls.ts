// Tool-call counting and durations. Claude Code sends a Pre with no Post (denied, cancelled) and a Post
// with no Pre (hook installed mid-call, lost event); pairing by tool_use_id makes each call count once
// whatever arrives, in whatever order: the record stays after the call ends.
import type { TokenMetrics } from './types';
import type { MetricsState } from './metricsState';

/** Returns true when this start is news (not a repeat and not after its own end). */
export function applyToolStart(
  state: MetricsState,
  agentId: string,
  metrics: TokenMetrics,
  toolName: string,
  toolUseId: string | undefined,
  ts: number,
): boolean {
  if (!toolUseId) {
    metrics.toolCallCount++;
    let queue = state.anonymousStarts.get(agentId);
    if (!queue) state.anonymousStarts.set(agentId, (queue = []));
    queue.push({ toolName, startMs: ts });
    return true;
  }
  const call = state.toolCalls.get(toolUseId);
  if (!call) {
    state.toolCalls.set(toolUseId, { agentId, startMs: ts, started: true, ended: false, durationKnown: false });
    metrics.toolCallCount++;
    return true;
  }
  if (call.started) return false;
  // The end arrived first and already counted the call as auto-created; now its start gives the duration.
  call.started = true;
  call.startMs = ts;
  if (call.ended && !call.durationKnown && call.endMs !== undefined) {
    addDuration(state, call.agentId, Math.max(0, call.endMs - ts));
    call.durationKnown = true;
  }
  return false;
}

/**
 * A PostToolUse (`addsDuration`) or PostToolUseFailure. Duration, as the seed has it, is the sum over
 * ToolCallCompleted only: duration_ms when Claude Code sent it, else the time between the paired Pre and
 * Post hook stamps. A failure ends its call (so a late Pre neither counts nor times it) without adding
 * time. Counts the call only when no Started was seen (the seed's "auto-created" call).
 */
export function applyToolEnd(
  state: MetricsState,
  agentId: string,
  metrics: TokenMetrics,
  toolName: string,
  toolUseId: string | undefined,
  ts: number,
  durationMs: number | undefined,
  addsDuration: boolean,
): void {
  if (!toolUseId) {
    const queue = state.anonymousStarts.get(agentId);
    const i = queue ? queue.findIndex((s) => s.toolName === toolName) : -1;
    const start = queue && i >= 0 ? queue.splice(i, 1)[0] : undefined;
    if (!start) metrics.toolCallCount++;
    if (addsDuration) metrics.toolCallDurationMs += durationMs ?? (start ? Math.max(0, ts - start.startMs) : 0);
    return;
  }
  const call = state.toolCalls.get(toolUseId);
  if (!call) {
    state.toolCalls.set(toolUseId, { agentId, endMs: ts, started: false, ended: true, durationKnown: !addsDuration || durationMs !== undefined });
    metrics.toolCallCount++;
    if (addsDuration) metrics.toolCallDurationMs += durationMs ?? 0;
    return;
  }
  if (call.ended) return; // a second end for the same call (e.g. Post and PostFailure both fired)
  call.ended = true;
  call.endMs = ts;
  call.durationKnown = true;
  if (!addsDuration) return;
  const duration = durationMs ?? (call.startMs !== undefined ? Math.max(0, ts - call.startMs) : undefined);
  call.durationKnown = duration !== undefined;
  if (duration !== undefined) addDuration(state, call.agentId, duration);
}

function addDuration(state: MetricsState, agentId: string, ms: number): void {
  const m = state.tokenMetrics.get(agentId);
  if (m) m.toolCallDurationMs += ms;
}
