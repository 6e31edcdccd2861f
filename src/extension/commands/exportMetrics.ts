// Export Metrics: every shown agent's numbers to a JSON or CSV file the user picks.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Container } from '../container';
import { exportRows, toCsv, toJson } from '../export/metricsExport';
import { Commands } from './ids';

export function registerExportMetrics(c: Container): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.ExportMetrics, async (target?: unknown) => {
    // Scripts and tests may pass a file URI; its extension (.csv or .json) picks the format.
    let uri = target instanceof vscode.Uri ? target : undefined;
    let format: 'json' | 'csv' | undefined = uri ? (uri.path.toLowerCase().endsWith('.csv') ? 'csv' : 'json') : undefined;
    if (!uri) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'JSON', description: 'one object per agent, same fields as `cli stats`', format: 'json' as const },
          { label: 'CSV', description: 'one row per agent, for spreadsheets', format: 'csv' as const },
        ],
        { title: 'Export Metrics', placeHolder: 'File format' },
      );
      if (!pick) return undefined;
      format = pick.format;
      const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
      const day = new Date().toISOString().slice(0, 10);
      uri = await vscode.window.showSaveDialog({
        title: 'Export Heatdesk Metrics',
        defaultUri: vscode.Uri.joinPath(base, `heatdesk-metrics-${day}.${format}`),
        filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      });
      if (!uri) return undefined;
    }
    const rows = exportRows(c.model);
    const text = format === 'csv' ? toCsv(rows) : toJson(rows, new Date());
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      void vscode.window.showErrorMessage(`Heatdesk could not write ${uri.fsPath}: ${msg}`);
      return undefined;
    }
    c.log.info(`exported ${rows.length} agents to ${uri.fsPath}`);
    void vscode.window.showInformationMessage(`Exported metrics of ${rows.length} agent${rows.length === 1 ? '' : 's'} to ${uri.fsPath}.`, 'Open').then((choice) => {
      if (choice === 'Open' && uri) void vscode.window.showTextDocument(uri);
    });
    return uri;
  });
}
