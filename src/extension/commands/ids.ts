// Every command id Heatdesk contributes, in one place (package.json `contributes.commands` lists the same).
export const Commands = {
  ToggleHeatmap: 'heatdesk.toggleHeatmap',
  HeatmapOn: 'heatdesk.heatmapOn',
  HeatmapOff: 'heatdesk.heatmapOff',
  InstallHooks: 'heatdesk.installHooks',
  UninstallHooks: 'heatdesk.uninstallHooks',
  ResetMetrics: 'heatdesk.resetMetrics',
  FocusAgent: 'heatdesk.focusAgent',
  ExportMetrics: 'heatdesk.exportMetrics',
  ShowLog: 'heatdesk.showLog',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** View and context-key ids used in package.json `when` clauses. */
export const Views = {
  Container: 'heatdesk',
  Office: 'heatdesk.office',
  Agents: 'heatdesk.agents',
} as const;

export const CONTEXT_HEATMAP_ENABLED = 'heatdesk.heatmapEnabled';

/** True while the ingest server failed to start (the Agents view then explains why, instead of looking empty). */
export const CONTEXT_INGEST_FAILED = 'heatdesk.ingestFailed';
