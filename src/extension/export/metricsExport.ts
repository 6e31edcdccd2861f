// "Export Metrics": the numbers the tree shows, one row per agent, as JSON or CSV. Field names are those of
// `cli stats` so a script can read either. Pure; the command does the dialog and the write.
import type { AgentsModel } from '../model/AgentsModel';
import { totalTokens } from '../model/AgentsModel';

export interface AgentExportRow {
  id: string;
  sessionId: string;
  parentId: string | null;
  type: string;
  status: string;
  model: string | null;
  cwd: string | null;
  toolCallCount: number;
  toolCallDurationMs: number;
  failedToolCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalTokens: number;
  contextPressure: number;
  costUsd: number;
  intensity: number;
  firstSeen: string;
  lastSeen: string;
}

export function exportRows(model: AgentsModel): AgentExportRow[] {
  const heat = model.heat();
  return model.agents().map((a) => {
    const m = model.metrics(a.id);
    return {
      id: a.id,
      sessionId: a.sessionId,
      parentId: a.parentId,
      type: a.type,
      status: a.status,
      model: a.model ?? null,
      cwd: a.cwd ?? null,
      toolCallCount: m.toolCallCount,
      toolCallDurationMs: m.toolCallDurationMs,
      failedToolCalls: m.failedToolCalls,
      inputTokens: m.inputTokens,
      outputTokens: m.outputTokens,
      cacheReadTokens: m.cacheReadTokens,
      cacheCreationTokens: m.cacheCreationTokens,
      totalTokens: totalTokens(m),
      contextPressure: m.contextPressure,
      costUsd: m.costUsd,
      intensity: heat.get(a.id)?.intensity ?? 0,
      firstSeen: new Date(a.firstSeen).toISOString(),
      lastSeen: new Date(a.lastSeen).toISOString(),
    };
  });
}

export function toJson(rows: readonly AgentExportRow[], exportedAt: Date): string {
  return `${JSON.stringify({ exportedAt: exportedAt.toISOString(), agents: rows }, null, 2)}\n`;
}

const COLUMNS: ReadonlyArray<keyof AgentExportRow> = [
  'id', 'sessionId', 'parentId', 'type', 'status', 'model', 'cwd', 'toolCallCount', 'toolCallDurationMs',
  'failedToolCalls', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheCreationTokens', 'totalTokens',
  'contextPressure', 'costUsd', 'intensity', 'firstSeen', 'lastSeen',
];

/** RFC 4180 field; text that a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly AgentExportRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of rows) lines.push(COLUMNS.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
