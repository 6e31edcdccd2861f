// The rows of the Agents tree at one moment, and what changed since the previous moment. Pure, so "refresh
// only the rows that changed" is unit-tested: a row is dirty when what it shows changed, a parent when its
// list of children changed, and the whole tree only when the roots changed.
import type { AgentsModel } from '../model/AgentsModel';
import { buildAgentTreeItem, itemSignature, type AgentTreeItemModel } from './agentTreeItem';

export interface AgentRows {
  items: Map<string, AgentTreeItemModel>;
  signatures: Map<string, string>;
  /** Children ids by parent id (null: the roots), in display order. */
  children: Map<string | null, string[]>;
}

export const EMPTY_ROWS: AgentRows = { items: new Map(), signatures: new Map(), children: new Map() };

export function buildRows(model: AgentsModel): AgentRows {
  const heat = model.heat();
  const enabled = model.heatmapEnabled;
  const agents = model.agents();
  const roots = new Set(model.roots().map((a) => a.id));
  const children = new Map<string | null, string[]>();
  for (const agent of agents) {
    const parent = roots.has(agent.id) ? null : agent.parentId;
    const list = children.get(parent);
    if (list) list.push(agent.id);
    else children.set(parent, [agent.id]);
  }
  const items = new Map<string, AgentTreeItemModel>();
  const signatures = new Map<string, string>();
  for (const agent of agents) {
    const item = buildAgentTreeItem({
      agent,
      metrics: model.metrics(agent.id),
      heat: heat.get(agent.id),
      heatmapEnabled: enabled,
      hasChildren: (children.get(agent.id)?.length ?? 0) > 0,
    });
    items.set(agent.id, item);
    signatures.set(agent.id, itemSignature(item));
  }
  return { items, signatures, children };
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((v, i) => v === (b ?? [])[i]);

/** `all`: the roots changed, refresh everything; otherwise the ids whose rows (or child lists) changed. */
export function diffRows(prev: AgentRows, next: AgentRows): { all: boolean; changed: string[] } {
  if (!sameList(prev.children.get(null), next.children.get(null))) return { all: true, changed: [] };
  const dirty = new Set<string>();
  for (const [id, sig] of next.signatures) if (prev.signatures.get(id) !== sig) dirty.add(id);
  for (const parent of new Set([...prev.children.keys(), ...next.children.keys()])) {
    if (parent === null || sameList(prev.children.get(parent), next.children.get(parent))) continue;
    // A parent that is itself gone was refreshed through its own parent's child list.
    if (next.items.has(parent)) dirty.add(parent);
  }
  return { all: false, changed: [...dirty] };
}
