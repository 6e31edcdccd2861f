// Every command package.json contributes is registered by the extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, heatdesk } from './helpers';

suite('Commands', () => {
  test('every contributed command is registered', async () => {
    await heatdesk();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = ((ext?.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? []).map(
      (c) => c.command,
    );
    assert.ok(contributed.length >= 9, `contributes lists the commands (${contributed.length})`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  test('"Toggle Heatmap" has exactly that title, in category Heatdesk', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const cmds = (ext?.packageJSON as { contributes: { commands: Array<{ command: string; title: string; category: string }> } }).contributes.commands;
    const toggle = cmds.find((c) => c.command === 'heatdesk.toggleHeatmap');
    assert.equal(toggle?.title, 'Toggle Heatmap');
    assert.equal(toggle?.category, 'Heatdesk');
  });
});
