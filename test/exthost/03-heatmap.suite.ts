// The one heatmap state: the palette toggle and the view-title on/off commands flip it, the context key and
// the persisted value follow, and the tree's rows show heat only while it is on.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { heatdesk, postEvents, uid, waitFor } from './helpers';

suite('Heatmap state', () => {
  test('Toggle Heatmap flips the state, the context key and the persisted value; on/off set it', async () => {
    const api = await heatdesk();
    // From whatever state a previous run left: on, then off, so both were persisted at least once.
    await vscode.commands.executeCommand('heatdesk.heatmapOn');
    await vscode.commands.executeCommand('heatdesk.heatmapOff');
    assert.equal(api.heatmapEnabled(), false);
    assert.equal(api.heatmapContext(), false);
    assert.equal(api.persistedHeatmap(), false);

    await vscode.commands.executeCommand('heatdesk.toggleHeatmap');
    assert.equal(api.heatmapEnabled(), true);
    assert.equal(api.heatmapContext(), true);
    assert.equal(api.persistedHeatmap(), true);

    await vscode.commands.executeCommand('heatdesk.toggleHeatmap');
    assert.equal(api.heatmapEnabled(), false);
    assert.equal(api.persistedHeatmap(), false);

    await vscode.commands.executeCommand('heatdesk.heatmapOn');
    assert.equal(api.heatmapEnabled(), true);
    await vscode.commands.executeCommand('heatdesk.heatmapOn');
    assert.equal(api.heatmapEnabled(), true, 'turning on twice stays on');
    await vscode.commands.executeCommand('heatdesk.heatmapOff');
    assert.equal(api.heatmapContext(), false);
  });

  test('tree rows show heat only while the heatmap is on', async () => {
    const api = await heatdesk();
    const s = uid('heat-session');
    const ts = new Date().toISOString();
    const res = await postEvents(api, [
      { id: uid('e'), type: 'SessionStarted', timestamp: ts, session_id: s, cwd: '/tmp/heat' },
      { id: uid('e'), type: 'ToolCallStarted', timestamp: ts, session_id: s, cwd: '/tmp/heat', tool_name: 'Bash', tool_use_id: uid('t') },
    ]);
    assert.equal(res.status < 300, true, `events accepted (${res.status})`);
    await vscode.commands.executeCommand('heatdesk.heatmapOff');
    const off = await waitFor('the session row', () => {
      api.refreshNow();
      return api.treeItem(s);
    });
    assert.doesNotMatch(off.description, /heat/);
    await vscode.commands.executeCommand('heatdesk.heatmapOn');
    api.refreshNow();
    assert.match(api.treeItem(s)?.description ?? '', /· heat \d+%$/);
    await vscode.commands.executeCommand('heatdesk.heatmapOff');
  });
});
