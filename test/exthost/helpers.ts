// Shared by the extension-host suites: the activated extension's API, posting events to its ingest server,
// waiting for the views to catch up.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HeatdeskApi } from '../../src/extension/api';

export const EXTENSION_ID = 'heatdesk.heatdesk';

export async function heatdesk(): Promise<HeatdeskApi> {
  const ext = vscode.extensions.getExtension<HeatdeskApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  await api.ready;
  return api;
}

export async function ingest(api: HeatdeskApi): Promise<{ url: string; token: string }> {
  const info = api.ingest();
  assert.ok(info, `the ingest server runs (problem: ${api.ingestProblem() ?? 'none'})`);
  return info;
}

export async function postEvents(api: HeatdeskApi, events: unknown[]): Promise<Response> {
  const { url, token } = await ingest(api);
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(events),
  });
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A value cell of a tooltip row, by its label. */
export function tooltipCell(tooltip: string, label: string): string | undefined {
  return new RegExp(`^\\| ${label} \\| (.*) \\|$`, 'm').exec(tooltip)?.[1];
}

let seq = 0;
export function uid(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(++seq).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
