// Install / Uninstall Claude Code Hooks through the commands, on a settings file in a temp folder that holds
// another tool's hook: the scripts land in HEATDESK_HOME/hooks, the foreign hook stays, uninstall restores.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { heatdesk } from './helpers';

suite('Hook installer', () => {
  test('install merges next to foreign hooks, uninstall gives back the original file', async () => {
    await heatdesk();
    const dir = mkdtempSync(join(tmpdir(), 'heatdesk-exthost-hooks-'));
    const file = join(dir, 'settings.json');
    const original = `${JSON.stringify({ model: 'opus', hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'guard.sh' }] }] } }, null, 2)}\n`;
    writeFileSync(file, original);

    const installed = (await vscode.commands.executeCommand('heatdesk.installHooks', { settingsFile: file })) as { written: boolean; backupFile?: string } | undefined;
    assert.ok(installed?.written, 'the file was written');
    assert.ok(installed.backupFile && readFileSync(installed.backupFile, 'utf8') === original, 'backup holds the original');
    const after = JSON.parse(readFileSync(file, 'utf8')) as { hooks: Record<string, Array<{ hooks: Array<{ command?: string }> }>> };
    assert.equal(after.hooks['PreToolUse']?.[0]?.hooks[0]?.command, 'guard.sh');
    const ours = after.hooks['PreToolUse']?.[1]?.hooks[0]?.command ?? '';
    const script = /node "(.+)"/.exec(ours)?.[1];
    assert.ok(script && existsSync(script), `the hook script was copied (${ours})`);

    await vscode.commands.executeCommand('heatdesk.uninstallHooks', { settingsFile: file });
    assert.equal(readFileSync(file, 'utf8'), original);
  });
});
