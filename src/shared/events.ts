// Heatdesk's event vocabulary as plain types. The zod schemas that check these at every boundary are in
// validation.ts; this file is type-only on purpose so that the hook scripts, which must start fast, can
// import the types without pulling zod into their bundles.

export const EVENT_TYPES = [
  'SessionStarted',
  'SessionEnded',
  'UserPrompt',
  'ToolCallStarted',
  'ToolCallCompleted',
  'ToolCallFailed',
  'AgentSpawned',
  'AgentCompleted',
  'WaitingForUser',
  'ContextCompaction',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Fields every event carries. Token fields are cumulative totals for the agent, filled from transcripts. */
export interface BaseEvent {
  /** Unique; the store ignores a repeated id so that retries never double count. */
  id: string;
  type: EventType;
  /** ISO 8601, stamped when the hook read stdin (hook input carries no time). */
  timestamp: string;
  /** The Claude Code session. Inside a subagent this is the PARENT session's id. */
  session_id: string;
  /** Set when the hook ran inside a subagent: the subagent's own id. */
  agent_id?: string;
  agent_type?: string;
  cwd?: string;
  model?: string;
  transcript_path?: string;
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
  /** Ratio 0..1 of the context window used by the most recent response. */
  context_pressure?: number;
  /** Unknown fields pass through validation untouched. */
  [extra: string]: unknown;
}

export interface SessionStartedEvent extends BaseEvent {
  type: 'SessionStarted';
  /** startup | resume | clear | compact | fork (or whatever a newer Claude Code sends). */
  source?: string;
}

export interface SessionEndedEvent extends BaseEvent {
  type: 'SessionEnded';
  /** `stop` = the main agent finished its turn and waits; otherwise Claude Code's SessionEnd reason. */
  reason: string;
}

export interface UserPromptEvent extends BaseEvent {
  type: 'UserPrompt';
  /** Only present when the user allowed prompt capture. */
  prompt?: string;
  prompt_length?: number;
}

export interface ToolCallStartedEvent extends BaseEvent {
  type: 'ToolCallStarted';
  tool_name: string;
  tool_use_id?: string;
}

export interface ToolCallCompletedEvent extends BaseEvent {
  type: 'ToolCallCompleted';
  tool_name: string;
  tool_use_id?: string;
  duration_ms?: number;
}

export interface ToolCallFailedEvent extends BaseEvent {
  type: 'ToolCallFailed';
  tool_name: string;
  tool_use_id?: string;
  error?: string;
  is_interrupt?: boolean;
  duration_ms?: number;
}

export interface AgentSpawnedEvent extends BaseEvent {
  type: 'AgentSpawned';
  agent_id: string;
  agent_type?: string;
  /** The agent that spawned it: the main agent, whose id is the session id. */
  parent_id: string;
}

export interface AgentCompletedEvent extends BaseEvent {
  type: 'AgentCompleted';
  agent_id: string;
  agent_transcript_path?: string;
}

export interface WaitingForUserEvent extends BaseEvent {
  type: 'WaitingForUser';
  kind: 'notification' | 'permission';
  notification_type?: string;
  tool_name?: string;
}

export interface ContextCompactionEvent extends BaseEvent {
  type: 'ContextCompaction';
  /** manual | auto */
  trigger?: string;
}

export type HeatdeskEvent =
  | SessionStartedEvent
  | SessionEndedEvent
  | UserPromptEvent
  | ToolCallStartedEvent
  | ToolCallCompletedEvent
  | ToolCallFailedEvent
  | AgentSpawnedEvent
  | AgentCompletedEvent
  | WaitingForUserEvent
  | ContextCompactionEvent;

/** The agent an event belongs to: the subagent when it ran inside one, else the session's main agent. */
export function agentIdOf(event: Pick<BaseEvent, 'session_id' | 'agent_id'>): string {
  return event.agent_id ?? event.session_id;
}

/** Length caps applied by validation (and by the hook mapping, so hooks never send what would be refused). */
export const LIMITS = {
  id: 128,
  shortText: 256,
  path: 4096,
  longText: 16_384,
  array: 256,
  /** Largest request body the ingest server reads. */
  bodyBytes: 256 * 1024,
  /** Largest batch of events in one request. */
  batch: 1000,
} as const;
