// The Agents tree: sessions as roots, subagents below their parent. A thin adapter over the pure row
// builder: on each (throttled) model change it rebuilds the row models, compares fingerprints, and fires
// onDidChangeTreeData only for the rows that changed (or for a parent whose children changed).
import * as vscode from 'vscode';
import type { AgentsModel } from '../model/AgentsModel';
import type { AgentTreeItemModel } from './agentTreeItem';
import { buildRows, diffRows, EMPTY_ROWS, type AgentRows } from './agentRows';
import { Commands } from '../commands/ids';

/** Elements are agent ids: stable, cheap, and what TreeItem.id needs anyway. */
export type AgentElement = string;

export class AgentsTreeProvider implements vscode.TreeDataProvider<AgentElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AgentElement | AgentElement[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private rows: AgentRows = EMPTY_ROWS;

  constructor(private readonly model: AgentsModel) {}

  /** Recomputes rows and tells VS Code about the ones that changed. Returns how many were refreshed. */
  refresh(): number {
    const next = buildRows(this.model);
    const { all, changed } = diffRows(this.rows, next);
    this.rows = next;
    if (all) {
      this.changed.fire(undefined);
      return next.items.size;
    }
    if (changed.length) this.changed.fire(changed);
    return changed.length;
  }

  /** The row model of an agent as last built (tests and exports read the same data the tree shows). */
  itemModel(id: string): AgentTreeItemModel | undefined {
    return this.rows.items.get(id);
  }

  getChildren(element?: AgentElement): AgentElement[] {
    return [...(this.rows.children.get(element ?? null) ?? [])];
  }

  getParent(element: AgentElement): AgentElement | undefined {
    const parent = this.model.agent(element)?.parentId;
    return parent && this.rows.items.has(parent) ? parent : undefined;
  }

  getTreeItem(element: AgentElement): vscode.TreeItem {
    const m = this.rows.items.get(element);
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
