// The status bar item: total tokens of the shown sessions and the hottest agent; a click opens the office.
import * as vscode from 'vscode';
import type { AgentsModel } from '../model/AgentsModel';
import { Views } from '../commands/ids';
import { buildStatusBar } from './statusBarText';

export class StatusBarController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private error: string | undefined;

  constructor(private readonly model: AgentsModel) {
    this.item = vscode.window.createStatusBarItem('heatdesk.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Heatdesk';
    this.item.command = { command: `${Views.Office}.focus`, title: 'Open the Heatdesk office' };
    this.refresh();
    this.item.show();
  }

  setError(message: string | undefined): void {
    this.error = message;
    this.refresh();
  }

  refresh(): void {
    const m = buildStatusBar({
      totals: this.model.totals(),
      agentCount: this.model.agents().length,
      hottest: this.model.hottest(),
      heatmapEnabled: this.model.heatmapEnabled,
      ...(this.error ? { error: this.error } : {}),
    });
    this.item.text = m.text;
    this.item.tooltip = new vscode.MarkdownString(m.tooltip);
    this.item.accessibilityInformation = { label: m.ariaLabel };
    this.item.backgroundColor = m.background ? new vscode.ThemeColor(m.background) : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
