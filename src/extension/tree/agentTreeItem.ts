// What one row of the Agents tree says, as plain data: label, description, Markdown tooltip, codicon and
// theme colour. No vscode import, so the words and numbers a user reads are unit-tested in plain Node; the
// tree provider only copies these fields into a vscode.TreeItem.
import type { AgentInfo, AgentStatus, HeatmapEntry, TokenMetrics } from '../../shared/metrics';
import { totalTokens } from '../model/AgentsModel';
import { formatCost, formatDuration, formatInt, formatPercent } from './format';

export interface AgentTreeItemModel {
  /** Stable TreeItem id: the agent id, so VS Code keeps selection and expansion across refreshes. */
  id: string;
  label: string;
  description: string;
  /** Markdown (untrusted: no command links, no HTML). */
  tooltip: string;
  /** Codicon id, e.g. "tools" or "sync~spin". */
  icon: string;
  /** Theme colour id for the icon, e.g. "charts.yellow". */
  color: string;
  /** For menus: "heatdesk.agent.main" or "heatdesk.agent.subagent". */
  contextValue: string;
  hasChildren: boolean;
}

export interface AgentTreeItemInput {
  agent: AgentInfo;
  metrics: TokenMetrics;
  heat: HeatmapEntry | undefined;
  heatmapEnabled: boolean;
  hasChildren: boolean;
}

const STATUS: Readonly<Record<AgentStatus, { icon: string; color: string; words: string }>> = {
  working: { icon: 'pulse', color: 'charts.blue', words: 'working' },
  tool: { icon: 'tools', color: 'charts.yellow', words: 'running a tool' },
  waiting: { icon: 'bell-dot', color: 'charts.orange', words: 'waiting for you' },
  failed: { icon: 'error', color: 'errorForeground', words: 'last tool call failed' },
  done: { icon: 'pass', color: 'charts.green', words: 'done' },
  idle: { icon: 'circle-outline', color: 'disabledForeground', words: 'idle' },
};

/** First 8 characters: enough to tell sessions and subagents apart at a glance. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

function lastPathPart(p: string | undefined): string {
  if (!p) return '';
  const parts = p.replace(/\\/g, '/').split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/** Escapes text from events (agent types, models, folders) so it renders as text, never as Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** "proj · 1a8d294c" for a session's main agent, "Explore · a91a0135" for a subagent. */
export function agentLabel(agent: AgentInfo): string {
  if (agent.parentId === null) return `${lastPathPart(agent.cwd) || 'session'} · ${shortId(agent.sessionId)}`;
  return `${agent.type || 'subagent'} · ${shortId(agent.id)}`;
}

/** The headline: total tokens once known, else tool calls; then the heat while the heatmap is on. */
export function agentDescription(metrics: TokenMetrics, heat: HeatmapEntry | undefined, heatmapEnabled: boolean): string {
  const total = totalTokens(metrics);
  const parts = [
    total > 0
      ? `${formatInt(total)} tokens`
      : `${formatInt(metrics.toolCallCount)} tool call${metrics.toolCallCount === 1 ? '' : 's'}`,
  ];
  if (heatmapEnabled) parts.push(`heat ${formatPercent(heat?.intensity ?? 0)}`);
  return parts.join(' · ');
}

export function statusWords(agent: AgentInfo): string {
  const s = STATUS[agent.status].words;
  return agent.status === 'tool' && agent.currentTool ? `running ${agent.currentTool}` : s;
}

/**
 * The tooltip: every number of TokenMetrics, exact (grouped integers such as 12,345), in a two-column
 * table whose first column holds the label words Input, Output, Cache read, Cache write, Total, ...
 */
export function agentTooltip(input: AgentTreeItemInput): string {
  const { agent, metrics: m, heat } = input;
  const who = agent.parentId === null ? `Session ${escapeMarkdown(agent.sessionId)}` : `Subagent ${escapeMarkdown(agent.id)}`;
  const rows: Array<[string, string]> = [
    ['Input', formatInt(m.inputTokens)],
    ['Output', formatInt(m.outputTokens)],
    ['Cache read', formatInt(m.cacheReadTokens)],
    ['Cache write', formatInt(m.cacheCreationTokens)],
    ['Total', formatInt(totalTokens(m))],
    ['Estimated cost', formatCost(m.costUsd)],
    ['Tool calls', formatInt(m.toolCallCount)],
    ['Total tool time', formatDuration(m.toolCallDurationMs)],
    ['Failures', formatInt(m.failedToolCalls)],
    ['Context pressure', formatPercent(m.contextPressure)],
    ['Model', agent.model ? escapeMarkdown(agent.model) : 'unknown'],
    ['Intensity', `${(heat?.intensity ?? 0).toFixed(2)}${input.heatmapEnabled ? '' : ' (heatmap off)'}`],
  ];
  const lines = [
    `**${escapeMarkdown(agentLabel(agent))}** — ${escapeMarkdown(statusWords(agent))}`,
    '',
    `${who}${agent.cwd ? `  \nFolder: ${escapeMarkdown(agent.cwd)}` : ''}`,
    '',
    '| Metric | Value |',
    '|:--|--:|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ];
  return lines.join('\n');
}

export function buildAgentTreeItem(input: AgentTreeItemInput): AgentTreeItemModel {
  const { agent } = input;
  const status = STATUS[agent.status];
  return {
    id: agent.id,
    label: agentLabel(agent),
    description: agentDescription(input.metrics, input.heat, input.heatmapEnabled),
    tooltip: agentTooltip(input),
    icon: status.icon,
    color: status.color,
    contextValue: agent.parentId === null ? 'heatdesk.agent.main' : 'heatdesk.agent.subagent',
    hasChildren: input.hasChildren,
  };
}

/** A cheap fingerprint: a row is refreshed only when what it shows changed. */
export function itemSignature(item: AgentTreeItemModel): string {
  return `${item.label}\u0000${item.description}\u0000${item.tooltip}\u0000${item.icon}\u0000${item.color}\u0000${item.hasChildren}`;
}
