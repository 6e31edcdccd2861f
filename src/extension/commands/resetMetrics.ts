// Reset Metrics: deletes every stored event after a modal confirmation (it cannot be undone).
import * as vscode from 'vscode';
import type { Container } from '../container';
import { Commands } from './ids';

export function registerResetMetrics(c: Container): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.ResetMetrics, async (opts?: { confirm?: boolean }) => {
    // Tests (and scripts) may pass {confirm: false} to skip the dialog.
    if (opts?.confirm !== false) {
      const choice = await vscode.window.showWarningMessage(
        'Reset Metrics deletes every event Heatdesk has stored, for all sessions. This cannot be undone.',
        { modal: true },
        'Reset',
      );
      if (choice !== 'Reset') return false;
    }
    try {
      await c.resetMetrics();
      void vscode.window.showInformationMessage('Heatdesk metrics were reset.');
      return true;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      c.log.error(`reset failed: ${msg}`);
      void vscode.window.showErrorMessage(`Heatdesk could not reset its metrics: ${msg}`);
      return false;
    }
  });
}
