// Registers every command Heatdesk contributes; the returned disposables are owned by the container.
import * as vscode from 'vscode';
import type { Container } from '../container';
import { registerExportMetrics } from './exportMetrics';
import { registerFocusAgent } from './focusAgent';
import { registerHeatmapCommands } from './heatmapCommands';
import { registerHookCommands } from './hookCommands';
import { Commands } from './ids';
import { registerResetMetrics } from './resetMetrics';

export function registerAllCommands(c: Container): vscode.Disposable[] {
  return [
    ...registerHeatmapCommands(c.heatmap),
    ...registerHookCommands(c),
    registerResetMetrics(c),
    registerFocusAgent(c),
    registerExportMetrics(c),
    vscode.commands.registerCommand(Commands.ShowLog, () => c.channel.show(true)),
  ];
}
