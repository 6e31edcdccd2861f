// The office webview view: opening it loads the bundle under the strict CSP, and the page says `ready`
// (the host then sends its snapshot). A webview that cannot load its script never says it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { heatdesk, waitFor } from './helpers';

suite('Office view', () => {
  test('opening the office loads the webview, which says ready', async () => {
    const api = await heatdesk();
    await vscode.commands.executeCommand('heatdesk.office.focus');
    await waitFor('the office webview to say ready', () => (api.officeReady() ? true : undefined), 20_000);
    assert.equal(api.officeReady(), true);
  });
});
