// http hook mode end to end: with heatdesk.hooks.installMode = "http" and a pinned port, the server takes the
// stable token from HEATDESK_HOME/http-hook-token, Install writes an http hook with that URL and the
// HEATDESK_TOKEN header, and the request Claude Code would send with it is accepted.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { heatdesk, uid, waitFor } from './helpers';

suite('http hooks', () => {
  test('install writes an http hook whose request the server accepts with the stable token', async function () {
    const home = process.env['HEATDESK_HOME'];
    // Never touch a real ~/.heatdesk: this suite needs the runner's private HEATDESK_HOME.
    if (!home) return this.skip();
    this.timeout(60_000);
    const api = await heatdesk();
    const config = vscode.workspace.getConfiguration('heatdesk');
    const before = await waitFor('the server', () => api.ingest());
    const port = Number(new URL(before.url).port);
    try {
      await config.update('port', port, vscode.ConfigurationTarget.Global);
      await config.update('hooks.installMode', 'http', vscode.ConfigurationTarget.Global);
      const tokenFile = join(home, 'http-hook-token');
      const stable = await waitFor(
        'the server to restart with the stable token',
        () => {
          const info = api.ingest();
          let token = '';
          try {
            token = readFileSync(tokenFile, 'utf8').trim();
          } catch {
            return undefined;
          }
          return info && info.token === token ? info : undefined;
        },
        20_000,
      );
      assert.equal(stable.url, `http://127.0.0.1:${port}`);

      const dir = mkdtempSync(join(tmpdir(), 'heatdesk-exthost-http-'));
      const file = join(dir, 'settings.json');
      writeFileSync(file, '{}\n');
      await vscode.commands.executeCommand('heatdesk.installHooks', { settingsFile: file });
      const settings = JSON.parse(readFileSync(file, 'utf8')) as { hooks: Record<string, Array<{ hooks: Array<Record<string, unknown>> }>> };
      const hook = settings.hooks['PreToolUse']?.[0]?.hooks[0];
      assert.deepEqual(hook, {
        type: 'http',
        url: `http://127.0.0.1:${port}/v1/hooks`,
        headers: { Authorization: 'Bearer $HEATDESK_TOKEN' },
        allowedEnvVars: ['HEATDESK_TOKEN'],
        timeout: 5,
      });

      // What Claude Code sends for that hook, with $HEATDESK_TOKEN expanded from the token file.
      const session = uid('http-session');
      const res = await fetch(String(hook?.['url']), {
        method: 'POST',
        headers: { Authorization: `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ session_id: session, transcript_path: '/nonexistent.jsonl', cwd: '/tmp/http', hook_event_name: 'SessionStart', source: 'startup' }),
      });
      assert.ok(res.status >= 200 && res.status < 300, `accepted (${res.status})`);
      await waitFor('the http-hook session in the tree', () => {
        api.refreshNow();
        return api.treeItem(session);
      });

      await vscode.commands.executeCommand('heatdesk.uninstallHooks', { settingsFile: file });
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {});
    } finally {
      await config.update('hooks.installMode', undefined, vscode.ConfigurationTarget.Global);
      await config.update('port', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the server to be back on a fresh token', () => {
      const info = api.ingest();
      return info && info.token !== readFileSync(join(home, 'http-hook-token'), 'utf8').trim() ? info : undefined;
    }, 20_000);
  });
});
