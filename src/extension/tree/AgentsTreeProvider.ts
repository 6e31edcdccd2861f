// The Agents tree: sessions as roots, subagents below their parent. A thin adapter over the pure row
// builder: on each (throttled) model change it rebuilds the row models, compares fingerprints, and fires
// onDidChangeTreeData only for the rows that changed (or for a parent whose children changed).
import * as vscode from 'vscode';
import type { AgentsModel } from '../model/AgentsModel';
import { buildAgentTreeItem, itemSignature, type AgentTreeItemModel } from './agentTreeItem';
import { Commands } from '../commands/ids';

/** Elements are agent ids: stable, cheap, and what TreeItem.id needs anyway. */
export type AgentElement = string;

export class AgentsTreeProvider implements vscode.TreeDataProvider<AgentElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AgentElement | AgentElement[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** What each row showed last time, and which children each parent had. */
  private signatures = new Map<string, string>();
  private childLists = new Map<string | null, string>();
  private items = new Map<string, AgentTreeItemModel>();

  constructor(private readonly model: AgentsModel) {}

  /** Recomputes rows and tells VS Code about the ones that changed. Returns how many were refreshed. */
  refresh(): number {
    const nextItems = new Map<string, AgentTreeItemModel>();
    const nextSignatures = new Map<string, string>();
    const nextChildLists = new Map<string | null, string>();
    const heat = this.model.heat();
    const enabled = this.model.heatmapEnabled;
    const childrenOf = new Map<string | null, string[]>();
    const roots = new Set(this.model.roots().map((a) => a.id));
    for (const agent of this.model.agents()) {
      const parent = roots.has(agent.id) ? null : agent.parentId;
      const list = childrenOf.get(parent);
      if (list) list.push(agent.id);
      else childrenOf.set(parent, [agent.id]);
    }
    for (const agent of this.model.agents()) {
      const item = buildAgentTreeItem({
        agent,
        metrics: this.model.metrics(agent.id),
        heat: heat.get(agent.id),
        heatmapEnabled: enabled,
        hasChildren: (childrenOf.get(agent.id)?.length ?? 0) > 0,
      });
      nextItems.set(agent.id, item);
      nextSignatures.set(agent.id, itemSignature(item));
    }
    for (const [parent, list] of childrenOf) nextChildLists.set(parent, list.join('\n'));

    const dirty = new Set<string>();
    let rootsChanged = (nextChildLists.get(null) ?? '') !== (this.childLists.get(null) ?? '');
    for (const [id, sig] of nextSignatures) if (this.signatures.get(id) !== sig) dirty.add(id);
    for (const parent of new Set([...nextChildLists.keys(), ...this.childLists.keys()])) {
      if (parent === null) continue;
      if ((nextChildLists.get(parent) ?? '') !== (this.childLists.get(parent) ?? '')) {
        if (nextItems.has(parent)) dirty.add(parent);
        else rootsChanged = true;
      }
    }
    this.items = nextItems;
    this.signatures = nextSignatures;
    this.childLists = nextChildLists;
    if (rootsChanged) {
      this.changed.fire(undefined);
      return nextItems.size;
    }
    if (dirty.size) this.changed.fire([...dirty]);
    return dirty.size;
  }

  /** The row model of an agent as last built (tests and exports read the same data the tree shows). */
  itemModel(id: string): AgentTreeItemModel | undefined {
    return this.items.get(id);
  }

  getChildren(element?: AgentElement): AgentElement[] {
    const list = this.childLists.get(element ?? null);
    return list ? list.split('\n') : [];
  }

  getParent(element: AgentElement): AgentElement | undefined {
    const parent = this.model.agent(element)?.parentId;
    return parent && this.items.has(parent) ? parent : undefined;
  }

  getTreeItem(element: AgentElement): vscode.TreeItem {
    const m = this.items.get(element);
    if (!m) return new vscode.TreeItem(element);
    const item = new vscode.TreeItem(
      m.label,
      m.hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = m.id;
    item.description = m.description;
    const tooltip = new vscode.MarkdownString(m.tooltip);
    // Event text is untrusted: no command links, no HTML.
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(m.icon, new vscode.ThemeColor(m.color));
    item.contextValue = m.contextValue;
    item.accessibilityInformation = { label: `${m.label}, ${m.description}` };
    item.command = { command: Commands.FocusAgent, title: 'Focus Agent', arguments: [m.id] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
