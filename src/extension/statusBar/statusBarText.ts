// What the status bar item says: total tokens of the sessions this window shows and the hottest agent.
// Pure, so the figures are tested without an editor; the compact number is in the text, the exact one in
// the tooltip.
import type { AgentInfo, HeatmapEntry, TokenMetrics } from '../../shared/metrics';
import { totalTokens } from '../model/AgentsModel';
import { agentLabel, escapeMarkdown } from '../tree/agentTreeItem';
import { formatCompact, formatCost, formatInt } from '../tree/format';

export interface StatusBarInput {
  totals: TokenMetrics;
  agentCount: number;
  hottest: { agent: AgentInfo; heat: HeatmapEntry } | null;
  heatmapEnabled: boolean;
  /** Set while the ingest server is not running (start failed). */
  error?: string;
}

export interface StatusBarModel {
  text: string;
  tooltip: string;
  /** Accessible text for screen readers. */
  ariaLabel: string;
  /** Theme colour id for the background, when something needs attention. */
  background?: string;
}

export function buildStatusBar(input: StatusBarInput): StatusBarModel {
  if (input.error) {
    return {
      text: '$(flame) Heatdesk $(error)',
      tooltip: `**Heatdesk is not receiving events**\n\n${escapeMarkdown(input.error)}\n\nSee the Heatdesk log.`,
      ariaLabel: `Heatdesk is not receiving events: ${input.error}`,
      background: 'statusBarItem.errorBackground',
    };
  }
  const total = totalTokens(input.totals);
  const hot = input.hottest ? agentLabel(input.hottest.agent) : undefined;
  const text = input.agentCount === 0 ? '$(flame) Heatdesk' : `$(flame) ${formatCompact(total)} tokens${hot ? ` · ${hot}` : ''}`;
  const lines = [
    `**Heatdesk** — ${formatInt(input.agentCount)} agent${input.agentCount === 1 ? '' : 's'} shown, heatmap ${input.heatmapEnabled ? 'on' : 'off'}`,
    '',
    `Total tokens: ${formatInt(total)}  `,
    `Estimated cost: ${formatCost(input.totals.costUsd)}  `,
    `Tool calls: ${formatInt(input.totals.toolCallCount)}`,
  ];
  if (input.hottest) {
    lines.push('', `Hottest: ${escapeMarkdown(agentLabel(input.hottest.agent))}`);
  }
  lines.push('', 'Click to open the Heatdesk panel.');
  return {
    text,
    tooltip: lines.join('\n'),
    ariaLabel:
      input.agentCount === 0
        ? 'Heatdesk: no agents yet'
        : `Heatdesk: ${formatInt(total)} tokens${hot ? `, hottest agent ${hot}` : ''}`,
  };
}
