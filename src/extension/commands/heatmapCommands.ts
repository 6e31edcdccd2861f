// Toggle Heatmap (palette) and the view-title pair Turn Heatmap On / Off: all change the one HeatmapState.
import * as vscode from 'vscode';
import type { HeatmapState } from '../heatmap/HeatmapState';
import { Commands } from './ids';

export function registerHeatmapCommands(heatmap: HeatmapState): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.ToggleHeatmap, () => heatmap.toggle()),
    vscode.commands.registerCommand(Commands.HeatmapOn, () => heatmap.set(true)),
    vscode.commands.registerCommand(Commands.HeatmapOff, () => heatmap.set(false)),
  ];
}
