// Types of the seed's metrics model. The reducer (processEvent), selectors and reset rules live beside
// this file; host (tree, status bar, CLI stats) and webview (scene, HUD) both run them.

/** Per-agent numbers. The first six fields are exactly the seed's; the rest extend it. */
export interface TokenMetrics {
  /** Total tool calls (started + auto-created from a Completed/Failed with no Started). */
  toolCallCount: number;
  /** Sum of ToolCallCompleted duration_ms (or Pre→Post timestamp difference when absent); failures add none, as in the seed. */
  toolCallDurationMs: number;
  /** Count of ToolCallFailed. */
  failedToolCalls: number;
  /** Cumulative, from SessionEnded/AgentCompleted token fields (0 if unavailable). */
  inputTokens: number;
  outputTokens: number;
  /** Latest context pressure ratio 0..1. */
  contextPressure: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  /** Estimated cost in USD from the price table for the agent's model family. */
  costUsd: number;
}

/** What heat measures: 'auto' is the seed's formula (tokens when > 0, else activity). */
export type MetricMode = 'auto' | 'tokens' | 'activity';

export type AgentStatus = 'working' | 'tool' | 'waiting' | 'failed' | 'done' | 'idle';

export interface AgentInfo {
  /** Main agent: the session id. Subagent: its agent_id. */
  id: string;
  sessionId: string;
  /** null for a session's main agent. */
  parentId: string | null;
  /** 'main' for a session's main agent, else the subagent's agent_type (e.g. "Explore"). */
  type: string;
  status: AgentStatus;
  model?: string;
  cwd?: string;
  /** Tool currently running, when status is 'tool'. */
  currentTool?: string;
  /** Epoch ms of the first and latest event seen for this agent. */
  firstSeen: number;
  lastSeen: number;
  /** True once the session ended (SessionEnd) or the subagent completed. */
  finished: boolean;
  /** SessionEnd's reason (clear, logout, prompt_input_exit…) once the session ended. */
  endReason?: string;
}

export interface HeatmapEntry {
  agentId: string;
  /** 0..1, score over the max score of the agents shown. */
  intensity: number;
  score: number;
}
