// The one mapping from a Claude Code hook's stdin to a Heatdesk event, used by the hook scripts and by the
// ingest server's raw-hook endpoint alike. No zod here: hook scripts import this and must start fast, and
// the server validates the result with validation.ts anyway. Privacy: prompts, tool inputs, tool output
// and messages never leave this function unless the caller explicitly allows prompts.
import { LIMITS, type HeatdeskEvent } from './events';

export interface MapOptions {
  /** Unique id for the event; the caller supplies it so that a retried event keeps its id. */
  id: string;
  /** When the hook read stdin. */
  now: Date;
  /** Keep the prompt text of UserPromptSubmit (off by default: privacy). */
  capturePrompts?: boolean;
}

export const HOOK_EVENT_NAMES = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'Notification',
  'PermissionRequest',
  'Stop',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'SessionEnd',
] as const;
export type HookEventName = (typeof HOOK_EVENT_NAMES)[number];

/** Script file name (without .js) for each hook event, as installed and as built into dist/hooks. */
export const HOOK_SCRIPTS: Readonly<Record<HookEventName, string>> = {
  SessionStart: 'session-start',
  UserPromptSubmit: 'user-prompt-submit',
  PreToolUse: 'pre-tool-use',
  PostToolUse: 'post-tool-use',
  PostToolUseFailure: 'post-tool-use-failure',
  Notification: 'notification',
  PermissionRequest: 'permission-request',
  Stop: 'stop',
  SubagentStart: 'subagent-start',
  SubagentStop: 'subagent-stop',
  PreCompact: 'pre-compact',
  SessionEnd: 'session-end',
};

type Raw = Record<string, unknown>;

function str(raw: Raw, key: string, max: number = LIMITS.shortText): string | undefined {
  const v = raw[key];
  return typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined;
}

function num(raw: Raw, key: string): number | undefined {
  const v = raw[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** Drops undefined values so stored JSON stays small and optional fields stay absent, not null. */
function compact<const T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** First line of an error, capped: enough to see what failed without storing tool output. */
function shortError(raw: Raw): string | undefined {
  const e = str(raw, 'error', LIMITS.longText);
  if (!e) return undefined;
  const first = e.split('\n', 1)[0] ?? '';
  return first.slice(0, 200);
}

/**
 * Maps a hook's stdin (already JSON-parsed) to an event, or returns null when the input is not a Claude
 * Code hook payload Heatdesk knows (it then sends nothing).
 * `hookEventName` overrides the payload's `hook_event_name` (a script knows which event it was installed for).
 */
export function mapHookInput(input: unknown, opts: MapOptions, hookEventName?: string): HeatdeskEvent | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const raw = input as Raw;
  const name = hookEventName ?? str(raw, 'hook_event_name');
  const sessionId = str(raw, 'session_id', LIMITS.id);
  if (!name || !sessionId) return null;

  const base = compact({
    id: opts.id.slice(0, LIMITS.id),
    timestamp: opts.now.toISOString(),
    session_id: sessionId,
    agent_id: str(raw, 'agent_id', LIMITS.id),
    agent_type: str(raw, 'agent_type'),
    cwd: str(raw, 'cwd', LIMITS.path),
    model: str(raw, 'model'),
    transcript_path: str(raw, 'transcript_path', LIMITS.path),
  });

  switch (name) {
    case 'SessionStart':
      return compact({ ...base, type: 'SessionStarted', source: str(raw, 'source') });
    case 'UserPromptSubmit': {
      const prompt = typeof raw['prompt'] === 'string' ? raw['prompt'] : undefined;
      return compact({
        ...base,
        type: 'UserPrompt',
        prompt_length: prompt?.length,
        prompt: opts.capturePrompts && prompt ? prompt.slice(0, LIMITS.longText) : undefined,
      });
    }
    case 'PreToolUse':
      return compact({
        ...base,
        type: 'ToolCallStarted',
        tool_name: str(raw, 'tool_name') ?? 'unknown',
        tool_use_id: str(raw, 'tool_use_id'),
      });
    case 'PostToolUse':
      return compact({
        ...base,
        type: 'ToolCallCompleted',
        tool_name: str(raw, 'tool_name') ?? 'unknown',
        tool_use_id: str(raw, 'tool_use_id'),
        duration_ms: num(raw, 'duration_ms'),
      });
    case 'PostToolUseFailure':
      return compact({
        ...base,
        type: 'ToolCallFailed',
        tool_name: str(raw, 'tool_name') ?? 'unknown',
        tool_use_id: str(raw, 'tool_use_id'),
        error: shortError(raw),
        is_interrupt: typeof raw['is_interrupt'] === 'boolean' ? raw['is_interrupt'] : undefined,
        duration_ms: num(raw, 'duration_ms'),
      });
    case 'Notification':
      return compact({
        ...base,
        type: 'WaitingForUser',
        kind: 'notification',
        notification_type: str(raw, 'notification_type'),
      });
    case 'PermissionRequest':
      return compact({ ...base, type: 'WaitingForUser', kind: 'permission', tool_name: str(raw, 'tool_name') });
    case 'Stop':
      // Stop = the main agent finished its turn and waits for the user; the session goes on.
      return { ...base, type: 'SessionEnded', reason: 'stop' };
    case 'SessionEnd':
      return { ...base, type: 'SessionEnded', reason: str(raw, 'reason') ?? 'other' };
    case 'SubagentStart': {
      const agentId = str(raw, 'agent_id', LIMITS.id);
      if (!agentId) return null;
      return compact({ ...base, type: 'AgentSpawned', agent_id: agentId, parent_id: sessionId });
    }
    case 'SubagentStop': {
      const agentId = str(raw, 'agent_id', LIMITS.id);
      if (!agentId) return null;
      return compact({
        ...base,
        type: 'AgentCompleted',
        agent_id: agentId,
        agent_transcript_path: str(raw, 'agent_transcript_path', LIMITS.path),
      });
    }
    case 'PreCompact':
      return compact({ ...base, type: 'ContextCompaction', trigger: str(raw, 'trigger') });
    default:
      return null;
  }
}
