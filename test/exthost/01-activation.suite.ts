// Activation: the extension activates on startup and its ingest server answers on 127.0.0.1.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, heatdesk, ingest } from './helpers';

suite('Activation', () => {
  test('activates and starts the ingest server, whose health endpoint answers', async () => {
    const api = await heatdesk();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    const { url } = await ingest(api);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/v1/health`);
    assert.equal(res.status, 200);
    const t = api.timings();
    // A figure for the report, not an assertion: timings vary by machine.
    console.log(`[exthost] activate() ${t.activateMs.toFixed(1)} ms; ingest up ${t.feedReadyMs?.toFixed(0)} ms after activation`);
  });

  test('refuses events without the token', async () => {
    const { url } = await ingest(await heatdesk());
    const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' });
    assert.equal(res.status, 401);
  });
});
