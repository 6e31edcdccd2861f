// package.json's contributions against the code: the commands the code registers are the ones contributed,
// the view-title toggle flips on the context key the code sets, internal commands stay out of the palette.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Commands, CONTEXT_HEATMAP_ENABLED, CONTEXT_INGEST_FAILED, Views } from '../../src/extension/commands/ids';

interface Menu {
  command: string;
  when?: string;
  group?: string;
}
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  activationEvents: string[];
  main: string;
  engines: { vscode: string };
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    menus: Record<string, Menu[]>;
    views: Record<string, Array<{ id: string; name: string; type?: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    viewsWelcome: Array<{ view: string; when?: string }>;
  };
};
const c = pkg.contributes;

test('the contributed commands are exactly the ids the code registers, all in category Heatdesk', () => {
  assert.deepEqual(c.commands.map((x) => x.command).sort(), Object.values(Commands).sort());
  assert.ok(c.commands.every((x) => x.category === 'Heatdesk'));
  const title = (id: string) => c.commands.find((x) => x.command === id)?.title;
  assert.equal(title(Commands.ToggleHeatmap), 'Toggle Heatmap');
  assert.equal(title(Commands.InstallHooks), 'Install Claude Code Hooks');
  assert.equal(title(Commands.UninstallHooks), 'Uninstall Claude Code Hooks');
  assert.equal(title(Commands.ResetMetrics), 'Reset Metrics');
  assert.equal(title(Commands.FocusAgent), 'Focus Agent');
  assert.equal(title(Commands.ExportMetrics), 'Export Metrics');
  assert.equal(title(Commands.ShowLog), 'Show Log');
});

test('the view-title toggle shows "on" while off and "off" while on, and both stay out of the palette', () => {
  const title = c.menus['view/title'] ?? [];
  const on = title.find((m) => m.command === Commands.HeatmapOn);
  const off = title.find((m) => m.command === Commands.HeatmapOff);
  assert.ok(on?.when?.includes(`!${CONTEXT_HEATMAP_ENABLED}`));
  assert.ok(off?.when?.includes(CONTEXT_HEATMAP_ENABLED) && !off.when.includes(`!${CONTEXT_HEATMAP_ENABLED}`));
  for (const m of [on, off]) assert.equal(m?.group?.startsWith('navigation'), true, 'an icon in the title bar');
  const hidden = (c.menus['commandPalette'] ?? []).filter((m) => m.when === 'false').map((m) => m.command).sort();
  assert.deepEqual(hidden, [Commands.HeatmapOff, Commands.HeatmapOn].sort());
});

test('an activity-bar container "Heatdesk" holds the Office webview and the Agents tree', () => {
  const container = c.viewsContainers.activitybar.find((v) => v.id === Views.Container);
  assert.equal(container?.title, 'Heatdesk');
  assert.match(container?.icon ?? '', /^media\/icons\/.+\.svg$/);
  const views = c.views[Views.Container] ?? [];
  assert.deepEqual(views.map((v) => [v.id, v.name, v.type ?? 'tree']), [
    [Views.Office, 'Office', 'webview'],
    [Views.Agents, 'Agents', 'tree'],
  ]);
  assert.ok(c.viewsWelcome.some((w) => w.view === Views.Agents && w.when === CONTEXT_INGEST_FAILED));
});

test('activation on startup finished, bundle entry, engine floor', () => {
  assert.deepEqual(pkg.activationEvents, ['onStartupFinished']);
  assert.equal(pkg.main, './dist/extension.js');
  assert.equal(pkg.engines.vscode, '^1.95.0');
});
