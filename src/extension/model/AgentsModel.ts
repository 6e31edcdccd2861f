// The host's copy of the seed's metrics model: the events this window shows (after the sessions filter) run
// through the shared processEvent, and the tree, the status bar and exports read from it. Pure (no vscode),
// so its behaviour is tested in plain Node. The webview runs its own copy from the same events.
import type { HeatdeskEvent } from '../../shared/events';
import {
  cleanupStaleAgents,
  computeHeatmap,
  createMetricsState,
  emptyTokenMetrics,
  processEvents,
  reset,
  selectAgents,
  selectChildren,
  selectTotals,
  setHeatmapEnabled,
  type AgentInfo,
  type HeatmapEntry,
  type MetricsState,
  type TokenMetrics,
} from '../../shared/metrics';
import type { Config } from '../config';
import { createSessionFilter, type SessionFilter } from './sessionFilter';

export interface AgentsModelOptions {
  config: Pick<Config, 'contextWindows' | 'prices' | 'metricMode' | 'sessions'>;
  /** This window's folders (file system paths), for sessions.show = "workspace". */
  folders: readonly string[];
  heatmapEnabled: boolean;
}

/** Total tokens of an agent as the tooltip's "Total" shows it: input + output + cache read + cache write. */
export function totalTokens(m: TokenMetrics): number {
  return m.inputTokens + m.outputTokens + m.cacheReadTokens + m.cacheCreationTokens;
}

export class AgentsModel {
  private state: MetricsState;
  private filter: SessionFilter;
  private heatCache: { version: number; heat: Map<string, HeatmapEntry> } | undefined;

  constructor(private opts: AgentsModelOptions) {
    this.state = this.freshState();
    this.filter = createSessionFilter(opts.config.sessions.show, opts.folders);
  }

  private freshState(): MetricsState {
    return createMetricsState({
      contextWindows: this.opts.config.contextWindows,
      prices: this.opts.config.prices,
      metricMode: this.opts.config.metricMode,
      heatmapEnabled: this.opts.heatmapEnabled,
    });
  }

  /** Bumped on every change; views compare it to skip work. */
  get version(): number {
    return this.state.version;
  }

  get heatmapEnabled(): boolean {
    return this.state.heatmapEnabled;
  }

  /** Replaces everything with a replay of `events` (startup, settings or folder changes). */
  load(events: readonly HeatdeskEvent[], opts?: Partial<AgentsModelOptions>): HeatdeskEvent[] {
    if (opts) this.opts = { ...this.opts, ...opts };
    const version = this.state.version;
    this.state = this.freshState();
    this.state.version = version + 1;
    this.filter = createSessionFilter(this.opts.config.sessions.show, this.opts.folders);
    return this.apply(events);
  }

  /** Applies new events; returns the ones this window shows (to forward to the office). */
  apply(events: readonly HeatdeskEvent[]): HeatdeskEvent[] {
    const shown = events.filter((e) => this.filter.accept(e));
    processEvents(this.state, shown);
    return shown;
  }

  reset(): void {
    reset(this.state);
    this.filter = createSessionFilter(this.opts.config.sessions.show, this.opts.folders);
  }

  setHeatmapEnabled(on: boolean): void {
    setHeatmapEnabled(this.state, on);
  }

  /** Removes finished or idle agents (heatdesk.staleAgentTimeoutMinutes); returns their ids. */
  cleanup(nowMs: number, staleMs: number): string[] {
    return cleanupStaleAgents(this.state, nowMs, staleMs);
  }

  agents(): AgentInfo[] {
    return selectAgents(this.state);
  }

  agent(id: string): AgentInfo | undefined {
    return this.state.agents.get(id);
  }

  /** Sessions' main agents, plus any agent whose parent is gone, in stable order. */
  roots(): AgentInfo[] {
    return this.agents().filter((a) => a.parentId === null || !this.state.agents.has(a.parentId));
  }

  children(id: string): AgentInfo[] {
    return selectChildren(this.state, id);
  }

  metrics(id: string): TokenMetrics {
    return this.state.tokenMetrics.get(id) ?? emptyTokenMetrics();
  }

  /** Sums over every agent shown. */
  totals(): TokenMetrics {
    return selectTotals(this.state, this.state.agents.keys());
  }

  /**
   * Intensity per agent in the configured mode, whether or not the heatmap is on (tooltips always show it);
   * score over the max score of the agents shown, 0 when all are 0.
   */
  heat(): Map<string, HeatmapEntry> {
    if (this.heatCache?.version === this.state.version) return this.heatCache.heat;
    const entries = computeHeatmap(this.state, this.agents().map((a) => a.id));
    const heat = new Map(entries.map((e) => [e.agentId, e]));
    this.heatCache = { version: this.state.version, heat };
    return heat;
  }

  /** The agent with the highest score (null when none has any). */
  hottest(): { agent: AgentInfo; heat: HeatmapEntry } | null {
    let best: { agent: AgentInfo; heat: HeatmapEntry } | null = null;
    for (const h of this.heat().values()) {
      const agent = this.state.agents.get(h.agentId);
      if (agent && h.score > 0 && (!best || h.score > best.heat.score)) best = { agent, heat: h };
    }
    return best;
  }
}
