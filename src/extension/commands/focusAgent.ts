// Focus Agent: from a tree row (click or context menu) or the palette (pick from a list); shows the office
// and points the scene at that agent.
import * as vscode from 'vscode';
import type { Container } from '../container';
import { agentLabel, statusWords } from '../tree/agentTreeItem';
import { Commands } from './ids';

export function registerFocusAgent(c: Container): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.FocusAgent, async (arg?: unknown) => {
    let agentId = typeof arg === 'string' ? arg : undefined;
    if (!agentId) {
      const agents = c.model.agents();
      if (agents.length === 0) {
        void vscode.window.showInformationMessage('Heatdesk has no agents to focus yet.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        agents.map((a) => ({
          label: agentLabel(a),
          description: c.tree.itemModel(a.id)?.description ?? '',
          detail: statusWords(a),
          id: a.id,
        })),
        { title: 'Focus Agent', placeHolder: 'Agent to show in the office' },
      );
      agentId = pick?.id;
    }
    if (agentId && c.model.agent(agentId)) await c.office.focusAgent(agentId);
  });
}
