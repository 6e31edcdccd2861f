// Pruning for long-running views (the one place a clock enters, through `nowMs`, so replay stays pure).
import type { AgentInfo } from './types';
import { removeAgents, removeSession, type MetricsState } from './metricsState';

/**
 * The seed's cleanupStaleAgents: removes, with their metrics,
 *  - subagents that finished (AgentCompleted) and have had no event for `staleMs`, and
 *  - any agent idle for `staleMs`; a session's main agent only when nothing in its session moved for
 *    `staleMs` (it then goes with all its subagents).
 * A finished subagent is kept for the same `staleMs` so the user still sees the heat of work just done.
 * `staleMs <= 0` disables cleanup. Returns the removed agent ids.
 */
export function cleanupStaleAgents(state: MetricsState, nowMs: number, staleMs: number): string[] {
  if (!(staleMs > 0)) return [];
  const cutoff = nowMs - staleMs;
  const removed: string[] = [];
  const sessionsToRemove = new Set<string>();
  for (const agent of state.agents.values()) {
    if (agent.parentId === null) {
      const session = state.sessions.get(agent.sessionId);
      const last = Math.max(agent.lastSeen, session?.lastSeenMs ?? 0);
      if (last < cutoff) sessionsToRemove.add(agent.sessionId);
    }
  }
  const subagents: AgentInfo[] = [];
  for (const agent of state.agents.values()) {
    if (sessionsToRemove.has(agent.sessionId)) removed.push(agent.id);
    else if (agent.parentId !== null && agent.lastSeen < cutoff) subagents.push(agent);
  }
  for (const sessionId of sessionsToRemove) removeSession(state, sessionId);
  // Idle or finished subagents of a live session; their own subagents go with them.
  const ids = new Set(subagents.map((a) => a.id));
  for (const agent of state.agents.values()) if (agent.parentId !== null && ids.has(agent.parentId)) ids.add(agent.id);
  removeAgents(state, [...ids]);
  removed.push(...ids);
  return removed;
}
