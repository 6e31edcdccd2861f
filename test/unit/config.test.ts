// The settings a user edits (package.json contributes.configuration) and the typed Config the code reads
// must say the same thing: same keys, same defaults, same choices. And a bad value must be reported, not
// crash the extension or reach the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_DEFAULTS, readConfig, type ConfigKey } from '../../src/extension/config';

interface Prop {
  type: string;
  default: unknown;
  enum?: string[];
}
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Prop> } };
};
const props = pkg.contributes.configuration.properties;

test('every contributed setting is read by the code with the same default, and no other', () => {
  const contributed = Object.keys(props).map((k) => k.replace(/^heatdesk\./, '')).sort();
  assert.deepEqual(contributed, Object.keys(CONFIG_DEFAULTS).sort());
  for (const [key, def] of Object.entries(CONFIG_DEFAULTS)) {
    assert.deepEqual(props[`heatdesk.${key}`]?.default, def, `default of heatdesk.${key}`);
  }
});

test('defaults: heatmap off at start, tokens-or-activity metric, all sessions, command hooks', () => {
  const { config, problems } = readConfig(() => undefined);
  assert.deepEqual(problems, []);
  assert.equal(config.heatmap.enabledAtStart, false);
  assert.equal(config.metricMode, 'auto');
  assert.equal(config.sessions.show, 'all');
  assert.equal(config.hooks.installMode, 'command');
  assert.equal(config.privacy.capturePrompts, false);
  assert.equal(config.port, 0);
  assert.ok(Object.isFrozen(config));
});

test('enum choices in package.json are exactly the ones the code accepts', () => {
  const accepted = (key: ConfigKey, value: string) => readConfig((k) => (k === key ? value : undefined)).problems.length === 0;
  for (const key of ['metricMode', 'sessions.show', 'hooks.installMode'] as const) {
    const choices = props[`heatdesk.${key}`]?.enum ?? [];
    assert.ok(choices.length >= 2, `${key} has choices`);
    for (const c of choices) assert.ok(accepted(key, c), `${key}=${c} accepted`);
    assert.equal(accepted(key, 'nonsense'), false);
  }
});

test('user values are taken as typed', () => {
  const values: Partial<Record<ConfigKey, unknown>> = {
    port: 47123,
    'heatmap.enabledAtStart': true,
    'view.openAtStart': true,
    metricMode: 'activity',
    staleAgentTimeoutMinutes: 5,
    'retention.maxAgeDays': 7,
    'retention.maxEvents': 1000,
    contextWindows: { 'claude-sonnet-4-5': 1_000_000 },
    prices: { opus: { input: 5, output: 25 } },
    'privacy.capturePrompts': true,
    'sessions.show': 'workspace',
    'hooks.installMode': 'http',
  };
  const { config, problems } = readConfig((k) => values[k]);
  assert.deepEqual(problems, []);
  assert.deepEqual(config, {
    port: 47123,
    heatmap: { enabledAtStart: true },
    view: { openAtStart: true },
    metricMode: 'activity',
    staleAgentTimeoutMinutes: 5,
    retention: { maxAgeDays: 7, maxEvents: 1000 },
    contextWindows: { 'claude-sonnet-4-5': 1_000_000 },
    prices: { opus: { input: 5, output: 25 } },
    privacy: { capturePrompts: true },
    sessions: { show: 'workspace' },
    hooks: { installMode: 'http' },
  });
});

test('bad values fall back to defaults and each is named', () => {
  const values: Partial<Record<ConfigKey, unknown>> = {
    port: 70000,
    'heatmap.enabledAtStart': 'yes',
    staleAgentTimeoutMinutes: -1,
    contextWindows: { good: 100, bad: 'x' },
    prices: { opus: { input: -3, output: 20 }, broken: 7 },
  };
  const { config, problems } = readConfig((k) => values[k]);
  assert.equal(config.port, 0);
  assert.equal(config.heatmap.enabledAtStart, false);
  assert.equal(config.staleAgentTimeoutMinutes, 30);
  assert.deepEqual(config.contextWindows, { good: 100 });
  assert.deepEqual(config.prices, { opus: { output: 20 } });
  for (const name of ['heatdesk.port', 'heatdesk.heatmap.enabledAtStart', 'heatdesk.staleAgentTimeoutMinutes', '"bad"', '"opus.input"', '"broken"']) {
    assert.ok(problems.some((p) => p.includes(name)), `problem mentions ${name}: ${problems.join(' | ')}`);
  }
});

test('a workspace cannot turn on prompt capture, move the port or switch hook modes (user settings only)', () => {
  for (const key of ['privacy.capturePrompts', 'port', 'retention.maxAgeDays', 'retention.maxEvents', 'hooks.installMode']) {
    assert.equal((props[`heatdesk.${key}`] as Prop & { scope?: string }).scope, 'application', key);
  }
});
