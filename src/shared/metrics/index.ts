// The seed's metrics model: pure, shared by the extension host (tree, status bar, `cli stats`) and the
// webview (scene, HUD). Import from here, not from the files behind it.
export type { AgentInfo, AgentStatus, HeatmapEntry, MetricMode, TokenMetrics } from './types';
export {
  createMetricsState,
  reset,
  setHeatmapEnabled,
  emptyTokenMetrics,
  DEFAULT_INACTIVE_SESSION_MS,
  type MetricsOptions,
  type MetricsState,
} from './metricsState';
export { processEvent, processEvents } from './processEvent';
export { cleanupStaleAgents } from './cleanupStaleAgents';
export {
  selectHeatmapData,
  computeHeatmap,
  agentScore,
  selectAgentTokenMetrics,
  selectAgent,
  selectAgents,
  selectChildren,
  selectTotals,
  selectSessionTotals,
} from './selectors';
export { heatColor, heatColorHex, heatEmissiveIntensity } from './heatColor';
export { priceForModel, tablePrice, costUsd, DEFAULT_PRICE, type ModelPrice, type CostTokens } from './pricing';
export {
  contextWindowFor,
  tableContextWindow,
  overrideContextWindow,
  contextPressure,
  DEFAULT_CONTEXT_WINDOW,
  EXTENDED_CONTEXT_WINDOW,
} from './contextWindow';
export { parseModelId } from './modelId';
export { agentStats, type AgentStats } from './agentStats';
