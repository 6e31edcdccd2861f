// One agent's numbers as a flat record: the shape `cli stats` prints and "Export Metrics" writes (it adds a
// few fields), so a script can read either. Built in one place so the two never drift apart.
import type { AgentInfo, TokenMetrics } from './types';

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

export function agentStats(agent: AgentInfo, m: TokenMetrics, intensity: number): AgentStats {
  return {
    id: agent.id,
    sessionId: agent.sessionId,
    parentId: agent.parentId,
    type: agent.type,
    toolCallCount: m.toolCallCount,
    toolCallDurationMs: m.toolCallDurationMs,
    failedToolCalls: m.failedToolCalls,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    cacheReadTokens: m.cacheReadTokens,
    cacheCreationTokens: m.cacheCreationTokens,
    contextPressure: m.contextPressure,
    // Micro-dollars: float sums of per-token prices otherwise print as 0.30000000000000004.
    costUsd: Math.round(m.costUsd * 1e6) / 1e6,
    intensity,
  };
}
