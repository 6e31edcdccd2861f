// Export Metrics writes what the tree shows; Reset Metrics empties the tree and the store.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { heatdesk, postEvents, uid, waitFor } from './helpers';

suite('Export and reset', () => {
  test('export writes JSON and CSV rows for the agents shown', async () => {
    const api = await heatdesk();
    const s = uid('export-session');
    const ts = new Date().toISOString();
    await postEvents(api, [
      { id: uid('e'), type: 'SessionStarted', timestamp: ts, session_id: s, cwd: '/tmp/export' },
      { id: uid('e'), type: 'SessionEnded', timestamp: ts, session_id: s, cwd: '/tmp/export', reason: 'stop', input_tokens: 1000, output_tokens: 234 },
    ]);
    await waitFor('the exported session row', () => {
      api.refreshNow();
      return api.treeItem(s);
    });
    const dir = mkdtempSync(join(tmpdir(), 'heatdesk-exthost-export-'));
    const json = vscode.Uri.file(join(dir, 'm.json'));
    await vscode.commands.executeCommand('heatdesk.exportMetrics', json);
    const parsed = JSON.parse(readFileSync(json.fsPath, 'utf8')) as { agents: Array<{ id: string; inputTokens: number; outputTokens: number }> };
    const row = parsed.agents.find((r) => r.id === s);
    assert.deepEqual([row?.inputTokens, row?.outputTokens], [1000, 234]);
    const csv = vscode.Uri.file(join(dir, 'm.csv'));
    await vscode.commands.executeCommand('heatdesk.exportMetrics', csv);
    const lines = readFileSync(csv.fsPath, 'utf8').trim().split('\r\n');
    assert.match(lines[0] ?? '', /^id,sessionId,parentId,type/);
    assert.ok(lines.some((l) => l.startsWith(`${s},${s},,main,`)));
  });

  test('Reset Metrics empties the tree and the store', async () => {
    const api = await heatdesk();
    assert.ok(api.treeChildren().length > 0, 'earlier suites left agents');
    const done = await vscode.commands.executeCommand('heatdesk.resetMetrics', { confirm: false });
    assert.equal(done, true);
    api.refreshNow();
    assert.deepEqual(api.treeChildren(), []);
    assert.equal(api.storedEventCount(), 0);
  });
});
