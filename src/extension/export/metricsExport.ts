// "Export Metrics": the numbers the tree shows, one row per agent, as JSON or CSV. Field names are those of
// `cli stats` so a script can read either. Pure; the command does the dialog and the write.
import type { AgentsModel } from '../model/AgentsModel';
import { totalTokens } from '../model/AgentsModel';
import { agentStats, type AgentStats } from '../../shared/metrics';

/** `cli stats`' fields plus what the tree shows besides them. */
export interface AgentExportRow extends AgentStats {
  status: string;
  model: string | null;
  cwd: string | null;
  totalTokens: number;
  firstSeen: string;
  lastSeen: string;
}

export function exportRows(model: AgentsModel): AgentExportRow[] {
  const heat = model.heat();
  return model.agents().map((a) => {
    const m = model.metrics(a.id);
    return {
      ...agentStats(a, m, heat.get(a.id)?.intensity ?? 0),
      status: a.status,
      model: a.model ?? null,
      cwd: a.cwd ?? null,
      totalTokens: totalTokens(m),
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
