// Heatdesk events of one Claude Code session for the render tests: a main agent and subagents whose token
// totals (cumulative, as the server fills them from transcripts) the test chooses.
import type { HeatdeskEvent } from '../../src/shared/events';

export interface SubagentSpec {
  id: string;
  type: string;
  inputTokens: number;
  outputTokens: number;
}

export const SESSION = '5c0e9a31-8f2b-4d7e-9a41-2b6f3c8d1e07';

export function sessionEvents(opts: { main: { inputTokens: number; outputTokens: number }; subagents: SubagentSpec[] }): HeatdeskEvent[] {
  let n = 0;
  let t = Date.parse('2026-12-01T10:00:00.000Z');
  const base = (): { id: string; timestamp: string; session_id: string; cwd: string } => ({
    id: `render-${++n}`,
    timestamp: new Date((t += 1500)).toISOString(),
    session_id: SESSION,
    cwd: '/home/dev/shop',
  });
  const events: HeatdeskEvent[] = [
    { ...base(), type: 'SessionStarted', source: 'startup', model: 'claude-sonnet-4-5' },
    { ...base(), type: 'UserPrompt', prompt_length: 120 },
    { ...base(), type: 'ToolCallStarted', tool_name: 'Read', tool_use_id: 'toolu_r1' },
    { ...base(), type: 'ToolCallCompleted', tool_name: 'Read', tool_use_id: 'toolu_r1', duration_ms: 40 },
  ];
  for (const s of opts.subagents) {
    events.push({ ...base(), type: 'AgentSpawned', agent_id: s.id, agent_type: s.type, parent_id: SESSION });
    events.push({ ...base(), type: 'ToolCallStarted', agent_id: s.id, agent_type: s.type, tool_name: 'Grep', tool_use_id: `toolu_${s.id}` });
    events.push({ ...base(), type: 'ToolCallCompleted', agent_id: s.id, agent_type: s.type, tool_name: 'Grep', tool_use_id: `toolu_${s.id}`, duration_ms: 200 });
    events.push({
      ...base(),
      type: 'AgentCompleted',
      agent_id: s.id,
      agent_type: s.type,
      model: 'claude-sonnet-4-5',
      input_tokens: s.inputTokens,
      output_tokens: s.outputTokens,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 500,
    });
  }
  events.push({
    ...base(),
    type: 'ContextCompaction',
    trigger: 'auto',
    input_tokens: opts.main.inputTokens,
    output_tokens: opts.main.outputTokens,
    context_pressure: 0.42,
  });
  return events;
}

/** The usual cast: a heavy subagent, a light one, and a main agent in between. */
export const HOT = 'a1b2c3d4e5f60718';
export const COLD = 'a9e8d7c6b5a40312';
export function hotAndColdSession(): HeatdeskEvent[] {
  return sessionEvents({
    main: { inputTokens: 40_000, outputTokens: 8_000 },
    subagents: [
      { id: HOT, type: 'general-purpose', inputTokens: 180_000, outputTokens: 22_000 },
      { id: COLD, type: 'Explore', inputTokens: 6_000, outputTokens: 900 },
    ],
  });
}

type RGB = readonly [number, number, number] | null;

export function isRedish(c: RGB): boolean {
  return c !== null && c[0] > 150 && c[0] > c[1] * 1.6 && c[0] > c[2] * 1.6;
}

export function isGreenish(c: RGB): boolean {
  return c !== null && c[1] > 100 && c[1] > c[0] * 1.3 && c[1] > c[2] * 1.3;
}

/** No ring colour: a grey floor (channels within a narrow band of each other). */
export function isNeutral(c: RGB): boolean {
  return c !== null && Math.max(...c) - Math.min(...c) < 28;
}
