// The Agents tree as a user reads it: rows built from the shared metrics model after a realistic session
// (a main agent and a subagent), their labels, headline numbers, icons and the exact figures in the tooltip;
// the sessions filter; the status bar line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeatdeskEvent } from '../../src/shared/events';
import { AgentsModel } from '../../src/extension/model/AgentsModel';
import { isInsideFolder } from '../../src/extension/model/sessionFilter';
import { agentTooltip, buildAgentTreeItem, escapeMarkdown, type AgentTreeItemModel } from '../../src/extension/tree/agentTreeItem';
import { formatCompact, formatCost, formatDuration, formatInt } from '../../src/extension/tree/format';
import { buildStatusBar } from '../../src/extension/statusBar/statusBarText';
import { buildRows, diffRows, EMPTY_ROWS } from '../../src/extension/tree/agentRows';
import { readConfig } from '../../src/extension/config';

const S = '1a8d294c-6dc6-4fa6-962c-24493cbe5924';
const A = 'a91a01359700cebc7';
let n = 0;
const t = (s: number) => new Date(Date.UTC(2026, 11, 4, 10, 0, s)).toISOString();
const ev = (e: Record<string, unknown>): HeatdeskEvent => ({ id: `e${++n}`, session_id: S, cwd: '/home/u/proj', ...e }) as HeatdeskEvent;

/** Main agent: 2 tool calls (one failed), tokens from Stop. Subagent Explore: 1 call, tokens from SubagentStop. */
function session(): HeatdeskEvent[] {
  return [
    ev({ type: 'SessionStarted', timestamp: t(0), source: 'startup', model: 'claude-opus-4-5' }),
    ev({ type: 'ToolCallStarted', timestamp: t(1), tool_name: 'Bash', tool_use_id: 'tu1' }),
    ev({ type: 'ToolCallCompleted', timestamp: t(2), tool_name: 'Bash', tool_use_id: 'tu1', duration_ms: 1500 }),
    ev({ type: 'ToolCallStarted', timestamp: t(3), tool_name: 'Bash', tool_use_id: 'tu2' }),
    ev({ type: 'ToolCallFailed', timestamp: t(4), tool_name: 'Bash', tool_use_id: 'tu2', duration_ms: 250, error: 'Exit code 1' }),
    ev({ type: 'AgentSpawned', timestamp: t(5), agent_id: A, agent_type: 'Explore', parent_id: S }),
    ev({ type: 'ToolCallStarted', timestamp: t(6), agent_id: A, agent_type: 'Explore', tool_name: 'Grep', tool_use_id: 'tu3' }),
    ev({ type: 'ToolCallCompleted', timestamp: t(7), agent_id: A, agent_type: 'Explore', tool_name: 'Grep', tool_use_id: 'tu3', duration_ms: 40 }),
    ev({
      type: 'AgentCompleted', timestamp: t(8), agent_id: A, agent_type: 'Explore', model: 'claude-haiku-4-5',
      input_tokens: 1200, output_tokens: 345, cache_read_input_tokens: 20000, cache_creation_input_tokens: 5000,
    }),
    ev({
      type: 'SessionEnded', timestamp: t(9), reason: 'stop', model: 'claude-opus-4-5',
      input_tokens: 12345, output_tokens: 6789, cache_read_input_tokens: 1234567, cache_creation_input_tokens: 99078, context_pressure: 0.4567,
    }),
  ];
}

const { config } = readConfig(() => undefined);
function model(heatmapEnabled = false, extra: Partial<typeof config> = {}) {
  const m = new AgentsModel({ config: { ...config, ...extra }, folders: ['/home/u/proj'], heatmapEnabled });
  m.apply(session());
  return m;
}
function row(m: AgentsModel, id: string): AgentTreeItemModel {
  const agent = m.agent(id);
  assert.ok(agent, `agent ${id} exists`);
  return buildAgentTreeItem({ agent, metrics: m.metrics(id), heat: m.heat().get(id), heatmapEnabled: m.heatmapEnabled, hasChildren: m.children(id).length > 0 });
}
/** The value cell of a tooltip row, by its label. */
function cell(tooltip: string, label: string): string | undefined {
  return new RegExp(`^\\| ${label} \\| (.*) \\|$`, 'm').exec(tooltip)?.[1];
}

test('sessions are roots and subagents sit under their parent', () => {
  const m = model();
  assert.deepEqual(m.roots().map((a) => a.id), [S]);
  assert.deepEqual(m.children(S).map((a) => a.id), [A]);
  assert.equal(row(m, S).hasChildren, true);
  assert.equal(row(m, A).hasChildren, false);
});

test('labels name the folder and short session id, or the subagent type and short id', () => {
  const m = model();
  assert.equal(row(m, S).label, 'proj · 1a8d294c');
  assert.equal(row(m, A).label, 'Explore · a91a0135');
  assert.equal(row(m, S).contextValue, 'heatdesk.agent.main');
  assert.equal(row(m, A).contextValue, 'heatdesk.agent.subagent');
});

test('the tooltip shows every token figure exactly, with thousands separators', () => {
  const tip = row(model(), S).tooltip;
  assert.equal(cell(tip, 'Input'), '12,345');
  assert.equal(cell(tip, 'Output'), '6,789');
  assert.equal(cell(tip, 'Cache read'), '1,234,567');
  assert.equal(cell(tip, 'Cache write'), '99,078');
  assert.equal(cell(tip, 'Total'), '1,352,779');
  assert.equal(cell(tip, 'Tool calls'), '2');
  assert.equal(cell(tip, 'Total tool time'), '1.5 s'); // the failed call adds no time (seed: Completed only)
  assert.equal(cell(tip, 'Failures'), '1');
  assert.equal(cell(tip, 'Context pressure'), '46%');
  assert.equal(cell(tip, 'Model'), 'claude\\-opus\\-4\\-5');
  // Opus 4.5 at $5/$25 per Mtok, cache read 0.1x, cache write 1.25x input.
  const cost = (12345 * 5 + 6789 * 25 + 1234567 * 0.5 + 99078 * 6.25) / 1e6;
  assert.equal(cell(tip, 'Estimated cost'), formatCost(cost));
  assert.equal(formatCost(cost), '$1.47');
});

test('headline: tokens once known, tool calls before; heat appears only while the heatmap is on', () => {
  const off = model(false);
  assert.equal(row(off, S).description, '1,352,779 tokens');
  assert.equal(row(off, A).description, '26,545 tokens');
  const on = model(true);
  // Seed formula, auto mode: token score = input + output; the main agent is the max.
  assert.equal(row(on, S).description, '1,352,779 tokens · heat 100%');
  assert.equal(row(on, A).description, `26,545 tokens · heat ${Math.round((1545 / 19134) * 100)}%`);
  assert.equal(cell(row(on, A).tooltip, 'Intensity'), (1545 / 19134).toFixed(2));
  assert.match(cell(row(off, A).tooltip, 'Intensity') ?? '', /\(heatmap off\)$/);

  const early = new AgentsModel({ config, folders: [], heatmapEnabled: false });
  early.apply(session().slice(0, 3));
  assert.equal(row(early, S).description, '1 tool call');
});

test('metric mode "activity" ranks by tool calls and tool time even when tokens are known', () => {
  const m = model(true, { metricMode: 'activity' });
  // main: 2 calls*100 + 1500 ms (the failed call adds no time) = 1700; Explore: 100 + 40 = 140.
  assert.equal(m.heat().get(A)?.intensity, 140 / 1700);
  assert.equal(m.hottest()?.agent.id, S);
});

test('status icons and theme colours follow the agent status', () => {
  const m = model();
  assert.deepEqual([row(m, S).icon, row(m, S).color], ['circle-outline', 'disabledForeground']);
  assert.deepEqual([row(m, A).icon, row(m, A).color], ['pass', 'charts.green']);
  m.apply([ev({ type: 'ToolCallStarted', timestamp: t(20), tool_name: 'Edit', tool_use_id: 'tu9' })]);
  assert.deepEqual([row(m, S).icon, row(m, S).color], ['tools', 'charts.yellow']);
  assert.match(row(m, S).tooltip, /running Edit/);
  m.apply([ev({ type: 'WaitingForUser', timestamp: t(21), kind: 'permission', tool_name: 'Edit' })]);
  assert.equal(row(m, S).icon, 'bell-dot');
  m.apply([ev({ type: 'ToolCallFailed', timestamp: t(22), tool_name: 'Edit', tool_use_id: 'tu9' })]);
  assert.deepEqual([row(m, S).icon, row(m, S).color], ['error', 'errorForeground']);
});

test('text from events is escaped, so a hostile agent type cannot inject links or HTML', () => {
  const m = new AgentsModel({ config, folders: [], heatmapEnabled: false });
  m.apply([
    ev({ type: 'SessionStarted', timestamp: t(0) }),
    ev({ type: 'AgentSpawned', timestamp: t(1), agent_id: 'evil', agent_type: '[x](command:workbench.action.quit) <img src=x onerror=alert(1)>', parent_id: S }),
  ]);
  const tip = row(m, 'evil').tooltip;
  assert.doesNotMatch(tip, /(^|[^\\])\]\(command:/);
  assert.doesNotMatch(tip, /(^|[^\\])<img/);
  assert.ok(tip.includes('\\[x\\]\\(command:workbench\\.action\\.quit\\) \\<img'));
  assert.equal(escapeMarkdown('a|b'), 'a\\|b');
});

test('sessions.show = workspace keeps only sessions whose cwd is inside this window\'s folders', () => {
  const m = new AgentsModel({ config: { ...config, sessions: { show: 'workspace' } }, folders: ['/home/u/proj'], heatmapEnabled: false });
  const other = 'ffff0000-0000-4000-8000-000000000000';
  const shown = m.apply([
    ...session(),
    { id: 'x1', type: 'SessionStarted', timestamp: t(30), session_id: other, cwd: '/home/u/project-two' } as HeatdeskEvent,
    { id: 'x2', type: 'ToolCallStarted', timestamp: t(31), session_id: other, agent_id: 'sub', cwd: '/home/u/proj', tool_name: 'Bash' } as HeatdeskEvent,
  ]);
  assert.equal(shown.length, session().length);
  assert.deepEqual(m.agents().map((a) => a.id), [S, A]);
  assert.ok(isInsideFolder('/home/u/proj/sub/dir', '/home/u/proj'));
  assert.ok(!isInsideFolder('/home/u/proj2', '/home/u/proj'));
  assert.ok(isInsideFolder('C:\\Users\\U\\Proj\\x', 'c:\\users\\u\\proj'));
});

test('the status bar shows the total tokens of the agents shown and the hottest agent; exact figures in the tooltip', () => {
  const m = model(true);
  const sb = buildStatusBar({ totals: m.totals(), agentCount: m.agents().length, hottest: m.hottest(), heatmapEnabled: true });
  // 1,352,779 (main) + 26,545 (Explore)
  assert.equal(sb.text, '$(flame) 1.38M tokens · proj · 1a8d294c');
  assert.match(sb.tooltip, /Total tokens: 1,379,324/);
  assert.match(sb.tooltip, /Tool calls: 3/);
  assert.match(sb.tooltip, /2 agents shown, heatmap on/);
  const none = { totals: new AgentsModel({ config, folders: [], heatmapEnabled: false }).totals(), agentCount: 0, hottest: null, heatmapEnabled: false };
  assert.equal(buildStatusBar(none).text, '$(flame) Heatdesk');
  const failed = buildStatusBar({ ...none, error: 'port 47123 is in use' });
  assert.match(failed.tooltip, /port 47123 is in use/);
  assert.equal(failed.background, 'statusBarItem.errorBackground');
});

test('number formats: exact grouping, compact status figures, durations', () => {
  assert.equal(formatInt(1234567), '1,234,567');
  assert.equal(formatInt(0), '0');
  assert.equal(formatCompact(999), '999');
  assert.equal(formatCompact(1234), '1.2k');
  assert.equal(formatCompact(45_678), '46k');
  assert.equal(formatCompact(2_500_000), '2.50M');
  assert.equal(formatDuration(350), '350 ms');
  assert.equal(formatDuration(65_000), '1m 05s');
  assert.equal(formatDuration(3_720_000), '1h 02m');
  assert.equal(formatCost(0.0042), '$0.0042');
  assert.equal(formatCost(1234.5), '$1,234.50');
});

test('a tooltip lists its rows in the documented order', () => {
  const m = model();
  const agent = m.agent(S);
  assert.ok(agent);
  const labels = [...agentTooltip({ agent, metrics: m.metrics(S), heat: undefined, heatmapEnabled: false, hasChildren: true }).matchAll(/^\| ([A-Za-z ]+) \|/gm)].map((x) => x[1]);
  assert.deepEqual(labels, ['Metric', 'Input', 'Output', 'Cache read', 'Cache write', 'Total', 'Estimated cost', 'Tool calls', 'Total tool time', 'Failures', 'Context pressure', 'Model', 'Intensity']);
});

test('a live update refreshes only the rows whose numbers changed; a new root refreshes the tree', () => {
  const m = model(false);
  const first = buildRows(m);
  assert.deepEqual(diffRows(EMPTY_ROWS, first), { all: true, changed: [] });
  assert.deepEqual(diffRows(first, buildRows(m)), { all: false, changed: [] }, 'nothing new, nothing refreshed');

  m.apply([ev({ type: 'ToolCallStarted', timestamp: t(30), agent_id: A, tool_name: 'Read', tool_use_id: 'tu-live' })]);
  const second = buildRows(m);
  assert.deepEqual(diffRows(first, second), { all: false, changed: [A] }, 'only the subagent that worked');

  const B = 'b0000000000000001';
  m.apply([ev({ type: 'AgentSpawned', timestamp: t(31), agent_id: B, agent_type: 'Plan', parent_id: S })]);
  const third = buildRows(m);
  assert.deepEqual(diffRows(second, third).changed.sort(), [S, B].sort(), 'the new row and its parent (new child list)');

  m.apply([{ id: 'other-1', type: 'SessionStarted', timestamp: t(40), session_id: 'other-session', cwd: '/x' } as HeatdeskEvent]);
  assert.equal(diffRows(third, buildRows(m)).all, true, 'a new session is a new root');
});

test('turning the heatmap on refreshes every row (they all gain a heat figure)', () => {
  const m = model(false);
  const before = buildRows(m);
  m.setHeatmapEnabled(true);
  assert.deepEqual(diffRows(before, buildRows(m)).changed.sort(), [S, A].sort());
});
