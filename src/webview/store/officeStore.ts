// The webview's one store (zustand/vanilla, as the seed's design has it). It wraps the shared metrics model:
// the reducer mutates `metrics` in place (fast replay of 100,000 events) and bumps `metrics.version`, which
// the store copies into `version` so subscribers notice. View-only state (selection, status line) sits beside.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HeatdeskEvent } from '../../shared/events';
import type { WebviewSettings } from '../../shared/protocol';
import {
  cleanupStaleAgents,
  createMetricsState,
  processEvents,
  reset as resetMetrics,
  setHeatmapEnabled,
  type MetricsState,
} from '../../shared/metrics';

export interface StatusLine {
  level: 'info' | 'error';
  message: string;
}

export interface OfficeState {
  metrics: MetricsState;
  /** Mirrors metrics.version: changes whenever the model changed. */
  version: number;
  heatmapEnabled: boolean;
  selectedAgentId: string | null;
  status: StatusLine | null;
  staleAgentTimeoutMs: number;
  /** True once the host's snapshot arrived (before it, the HUD says it is waiting). */
  loaded: boolean;
}

export interface OfficeActions {
  applySnapshot(events: readonly HeatdeskEvent[], heatmapEnabled: boolean, settings: WebviewSettings): void;
  applyEvents(events: readonly HeatdeskEvent[]): void;
  setHeatmap(enabled: boolean): void;
  reset(): void;
  select(agentId: string | null): void;
  setStatus(status: StatusLine | null): void;
  /** Drops agents idle past the host's stale timeout (the host prunes its own model the same way). */
  cleanup(nowMs: number): void;
}

export type OfficeStore = StoreApi<OfficeState & OfficeActions>;

export function createOfficeStore(): OfficeStore {
  return createStore<OfficeState & OfficeActions>()((set, get) => {
    const publish = (metrics: MetricsState, extra: Partial<OfficeState> = {}): void => {
      const selected = get().selectedAgentId;
      // A selected agent that left the office is no longer selected.
      const selectedAgentId = selected !== null && metrics.agents.has(selected) ? selected : null;
      set({ metrics, version: metrics.version, heatmapEnabled: metrics.heatmapEnabled, selectedAgentId, ...extra });
    };
    return {
      metrics: createMetricsState(),
      version: 0,
      heatmapEnabled: false,
      selectedAgentId: null,
      status: null,
      staleAgentTimeoutMs: 0,
      loaded: false,

      applySnapshot(events, heatmapEnabled, settings) {
        const metrics = createMetricsState({
          contextWindows: settings.contextWindows,
          prices: settings.prices,
          metricMode: settings.metricMode,
          heatmapEnabled,
        });
        processEvents(metrics, events);
        if (settings.staleAgentTimeoutMs > 0) cleanupStaleAgents(metrics, Date.now(), settings.staleAgentTimeoutMs);
        // A fresh state starts at version 0: keep counting up so subscribers never miss the change.
        metrics.version = get().version + 1;
        publish(metrics, { staleAgentTimeoutMs: settings.staleAgentTimeoutMs, loaded: true });
      },
      applyEvents(events) {
        const metrics = get().metrics;
        const before = metrics.version;
        processEvents(metrics, events);
        if (metrics.version !== before) publish(metrics);
      },
      setHeatmap(enabled) {
        const metrics = get().metrics;
        setHeatmapEnabled(metrics, enabled);
        publish(metrics);
      },
      reset() {
        const metrics = get().metrics;
        resetMetrics(metrics);
        publish(metrics, { selectedAgentId: null });
      },
      select(agentId) {
        const metrics = get().metrics;
        set({ selectedAgentId: agentId !== null && metrics.agents.has(agentId) ? agentId : null });
      },
      setStatus(status) {
        set({ status });
      },
      cleanup(nowMs) {
        const { metrics, staleAgentTimeoutMs } = get();
        if (staleAgentTimeoutMs <= 0) return;
        if (cleanupStaleAgents(metrics, nowMs, staleAgentTimeoutMs).length) publish(metrics);
      },
    };
  });
}
