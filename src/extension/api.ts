// What activate() returns: a small, read-mostly view for extension-host tests and for other extensions that
// want Heatdesk's numbers. It exposes the same row models the tree shows, never the store itself.
import type { Container } from './container';
import type { AgentTreeItemModel } from './tree/agentTreeItem';

export interface HeatdeskApi {
  /** Resolves when the ingest server has started, or failed to (then `ingest()` is undefined). */
  readonly ready: Promise<void>;
  /** Where hooks post, while the server runs. */
  ingest(): { url: string; token: string } | undefined;
  /** Why the server is not running, if it failed. */
  ingestProblem(): string | undefined;
  heatmapEnabled(): boolean;
  /** The value Heatdesk last set on the `heatdesk.heatmapEnabled` context key. */
  heatmapContext(): boolean | undefined;
  /** The heatmap state stored in globalState (what a reload restores). */
  persistedHeatmap(): boolean | undefined;
  /** Number of events in the store (0 when the server is not running). */
  storedEventCount(): number;
  /** Root agent ids (no argument) or an agent's children, as the tree lists them. */
  treeChildren(agentId?: string): string[];
  /** The row the tree shows for an agent (label, description, tooltip Markdown, icon, colour). */
  treeItem(agentId: string): AgentTreeItemModel | undefined;
  /** Applies pending (throttled) redraws now. */
  refreshNow(): void;
  /** True while the office webview is loaded and has said `ready`. */
  officeReady(): boolean;
  /** Milliseconds activate() took, and from activation until the ingest server was up (or failed). */
  timings(): { activateMs: number; feedReadyMs: number | undefined };
}

export function createApi(
  c: Container,
  ready: Promise<void>,
  timings: () => { activateMs: number; feedReadyMs: number | undefined },
): HeatdeskApi {
  return {
    timings,
    ready,
    ingest: () => (c.feed ? { url: c.feed.url, token: c.feed.token } : undefined),
    ingestProblem: () => c.feedProblem,
    heatmapEnabled: () => c.heatmap.enabled,
    heatmapContext: () => c.heatmap.contextKeyValue,
    persistedHeatmap: () => c.heatmap.persisted,
    storedEventCount: () => c.feed?.allEvents().length ?? 0,
    treeChildren: (id) => c.tree.getChildren(id),
    treeItem: (id) => c.tree.itemModel(id),
    refreshNow: () => c.refreshNow(),
    officeReady: () => c.office.isReady,
  };
}
