// Entry point. Only wiring: build the container (every part, in order), register its commands, hand VS Code
// ONE disposable that tears everything down in reverse order, and start the event feed without making
// activation wait for it.
import * as vscode from 'vscode';
import { registerAllCommands } from './commands/registerCommands';
import { Container } from './container';
import { createApi, type HeatdeskApi } from './api';

let container: Container | undefined;

export function activate(context: vscode.ExtensionContext): HeatdeskApi {
  const started = performance.now();
  const c = new Container(context);
  container = c;
  for (const d of registerAllCommands(c)) c.own(d);
  context.subscriptions.push(c);
  // The view container's own command: the same as clicking the Heatdesk icon in the activity bar.
  if (c.config.view.openAtStart) void vscode.commands.executeCommand('workbench.view.extension.heatdesk');
  // After activation returns: the store load (sql.js, snapshot, journal) never delays the editor.
  let feedReadyMs: number | undefined;
  const ready = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => c.start())
    .then(() => {
      feedReadyMs = performance.now() - started;
      c.log.info(`activate() took ${activateMs.toFixed(1)} ms; ingest settled ${feedReadyMs.toFixed(0)} ms after activation`);
    });
  const activateMs = performance.now() - started;
  return createApi(c, ready, () => ({ activateMs, feedReadyMs }));
}

export function deactivate(): Promise<void> | undefined {
  const c = container;
  container = undefined;
  return c?.close();
}
