// A start failure (the configured port is taken) is reported, not a crash: the API and the log say why,
// and fixing the setting brings the server back without a reload.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import * as vscode from 'vscode';
import { heatdesk, waitFor } from './helpers';

suite('Ingest start failure', () => {
  test('a taken port is reported and recovered from when the setting changes', async () => {
    const api = await heatdesk();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const config = vscode.workspace.getConfiguration('heatdesk');
    try {
      await config.update('port', port, vscode.ConfigurationTarget.Global);
      const problem = await waitFor('the start failure', () => api.ingestProblem(), 15_000);
      assert.match(problem, new RegExp(`${port}|EADDRINUSE|in use`, 'i'));
      assert.equal(api.ingest(), undefined);
    } finally {
      await config.update('port', undefined, vscode.ConfigurationTarget.Global);
      blocker.close();
    }
    const back = await waitFor('the server to come back', () => api.ingest(), 15_000);
    assert.equal((await fetch(`${back.url}/v1/health`)).status, 200);
    assert.equal(api.ingestProblem(), undefined);
  });
});
