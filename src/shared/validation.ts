// validation.ts (the seed's name): zod schemas for every Heatdesk event. Whatever crosses a boundary (an
// HTTP body, a journal line, a spool line, a postMessage) is `unknown` until it has passed through here.
import { z } from 'zod';
import { LIMITS, type HeatdeskEvent } from './events';

const shortText = z.string().max(LIMITS.shortText);
const pathText = z.string().max(LIMITS.path);
const longText = z.string().max(LIMITS.longText);
const tokenCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Unknown fields pass through, but within bounds: no huge strings, arrays or deep nesting. */
const MAX_DEPTH = 8;
function boundedJson(value: unknown, depth: number): string | null {
  if (depth > MAX_DEPTH) return `nesting deeper than ${MAX_DEPTH}`;
  if (typeof value === 'string') return value.length > LIMITS.longText ? `string longer than ${LIMITS.longText}` : null;
  if (Array.isArray(value)) {
    if (value.length > LIMITS.array) return `array longer than ${LIMITS.array}`;
    for (const v of value) {
      const why = boundedJson(v, depth + 1);
      if (why) return why;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length > LIMITS.array) return `object with more than ${LIMITS.array} keys`;
    for (const [k, v] of entries) {
      if (k.length > LIMITS.shortText) return 'key too long';
      const why = boundedJson(v, depth + 1);
      if (why) return why;
    }
  }
  return null;
}

const base = {
  id: z.string().min(1).max(LIMITS.id),
  timestamp: z.iso.datetime({ offset: true }),
  session_id: z.string().min(1).max(LIMITS.id),
  agent_id: z.string().min(1).max(LIMITS.id).optional(),
  agent_type: shortText.optional(),
  cwd: pathText.optional(),
  model: shortText.optional(),
  transcript_path: pathText.optional(),
  input_tokens: tokenCount.optional(),
  output_tokens: tokenCount.optional(),
  cache_read_input_tokens: tokenCount.optional(),
  cache_creation_input_tokens: tokenCount.optional(),
  context_pressure: z.number().min(0).max(10).optional(),
};

const toolName = z.string().min(1).max(LIMITS.shortText);
const duration = z.number().nonnegative().max(7 * 24 * 3600 * 1000);

export const SessionStartedSchema = z.looseObject({ ...base, type: z.literal('SessionStarted'), source: shortText.optional() });
export const SessionEndedSchema = z.looseObject({ ...base, type: z.literal('SessionEnded'), reason: shortText });
export const UserPromptSchema = z.looseObject({
  ...base,
  type: z.literal('UserPrompt'),
  prompt: longText.optional(),
  prompt_length: z.number().int().nonnegative().optional(),
});
export const ToolCallStartedSchema = z.looseObject({
  ...base,
  type: z.literal('ToolCallStarted'),
  tool_name: toolName,
  tool_use_id: shortText.optional(),
});
export const ToolCallCompletedSchema = z.looseObject({
  ...base,
  type: z.literal('ToolCallCompleted'),
  tool_name: toolName,
  tool_use_id: shortText.optional(),
  duration_ms: duration.optional(),
});
export const ToolCallFailedSchema = z.looseObject({
  ...base,
  type: z.literal('ToolCallFailed'),
  tool_name: toolName,
  tool_use_id: shortText.optional(),
  error: longText.optional(),
  is_interrupt: z.boolean().optional(),
  duration_ms: duration.optional(),
});
export const AgentSpawnedSchema = z.looseObject({
  ...base,
  type: z.literal('AgentSpawned'),
  agent_id: z.string().min(1).max(LIMITS.id),
  parent_id: z.string().min(1).max(LIMITS.id),
});
export const AgentCompletedSchema = z.looseObject({
  ...base,
  type: z.literal('AgentCompleted'),
  agent_id: z.string().min(1).max(LIMITS.id),
  agent_transcript_path: pathText.optional(),
});
export const WaitingForUserSchema = z.looseObject({
  ...base,
  type: z.literal('WaitingForUser'),
  kind: z.enum(['notification', 'permission']),
  notification_type: shortText.optional(),
  tool_name: shortText.optional(),
});
export const ContextCompactionSchema = z.looseObject({
  ...base,
  type: z.literal('ContextCompaction'),
  trigger: shortText.optional(),
});

export const HeatdeskEventSchema = z
  .discriminatedUnion('type', [
    SessionStartedSchema,
    SessionEndedSchema,
    UserPromptSchema,
    ToolCallStartedSchema,
    ToolCallCompletedSchema,
    ToolCallFailedSchema,
    AgentSpawnedSchema,
    AgentCompletedSchema,
    WaitingForUserSchema,
    ContextCompactionSchema,
  ])
  .superRefine((event, ctx) => {
    const why = boundedJson(event, 0);
    if (why) ctx.addIssue({ code: 'custom', message: `event exceeds limits: ${why}` });
  });

export type ValidationResult = { ok: true; event: HeatdeskEvent } | { ok: false; error: string };

/** Checks one event. The error is a short, human-readable sentence naming the offending fields. */
export function validateEvent(input: unknown): ValidationResult {
  const parsed = HeatdeskEventSchema.safeParse(input);
  if (parsed.success) return { ok: true, event: parsed.data as HeatdeskEvent };
  return { ok: false, error: formatIssues(parsed.error) };
}

/**
 * Checks a request body holding one event or an array of events. All or nothing: one bad event refuses
 * the whole batch, so that a client never has to guess which part was stored.
 */
export function validateEventBatch(
  input: unknown,
): { ok: true; events: HeatdeskEvent[] } | { ok: false; error: string } {
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) return { ok: false, error: 'empty batch' };
  if (list.length > LIMITS.batch) return { ok: false, error: `batch of ${list.length} events exceeds ${LIMITS.batch}` };
  const events: HeatdeskEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    const r = validateEvent(list[i]);
    if (!r.ok) return { ok: false, error: Array.isArray(input) ? `event ${i}: ${r.error}` : r.error };
    events.push(r.event);
  }
  return { ok: true, events };
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
