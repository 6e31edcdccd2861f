// Property-based: for random settings files (other tools' hooks on the same and other events, arbitrary
// keys and values), Heatdesk's install keeps every foreign key and handler, install is idempotent, and
// uninstall after install gives back the original JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HOOK_EVENT_NAMES } from '../../src/shared/hookMapping';
import { installHooks, isHeatdeskHandler, uninstallHooks, type HookPlan } from '../../src/extension/installer/hookSettings';

const HOOKS_DIR = '/home/u/.heatdesk-test/hooks';
const plans: HookPlan[] = [
  { mode: 'command', hooksDir: HOOKS_DIR },
  { mode: 'http', hooksDir: HOOKS_DIR, url: 'http://127.0.0.1:47123' },
];

const eventName = fc.oneof(fc.constantFrom(...HOOK_EVENT_NAMES), fc.constantFrom('PostCompact', 'SessionTitle', 'Elicitation'), fc.string());
const foreignHandler = fc.oneof(
  fc.record({
    type: fc.constant('command'),
    command: fc.oneof(fc.string(), fc.constantFrom('node "/opt/tool/pre-tool-use.js"', 'guard.sh --strict', 'node hooks/stop.js')),
    timeout: fc.option(fc.nat(600), { nil: undefined }),
    async: fc.option(fc.boolean(), { nil: undefined }),
  }, { requiredKeys: ['type', 'command'] }),
  fc.record({
    type: fc.constant('http'),
    url: fc.oneof(fc.webUrl(), fc.constant('http://127.0.0.1:8080/v1/hooks')),
    headers: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), { nil: undefined }),
  }, { requiredKeys: ['type', 'url'] }),
  fc.record({ type: fc.constantFrom('prompt', 'agent', 'mcp_tool'), prompt: fc.string() }),
  fc.jsonValue({ maxDepth: 2 }),
);
const group = fc.oneof(
  { weight: 5, arbitrary: fc.record({ matcher: fc.option(fc.oneof(fc.constant('*'), fc.string()), { nil: undefined }), hooks: fc.array(foreignHandler, { maxLength: 3 }) }, { requiredKeys: ['hooks'] }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** `nonEmpty`: no empty hooks object or event list, the one shape an uninstall cannot tell from "absent". */
function settingsFile(nonEmpty: boolean) {
  const hooks = fc.dictionary(eventName, fc.array(group, { minLength: nonEmpty ? 1 : 0, maxLength: 3 }), {
    minKeys: nonEmpty ? 1 : 0,
    maxKeys: 6,
  });
  return fc
    .tuple(fc.dictionary(fc.string().filter((k) => k !== 'hooks'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), fc.option(hooks, { nil: undefined }))
    // Through JSON text, as a real file arrives (plain prototypes, no -0, no undefined values).
    .map(([rest, h]) => JSON.parse(JSON.stringify(h === undefined ? rest : { ...rest, hooks: h })) as Record<string, unknown>);
}

/** Every handler of every event, as JSON strings, for multiset comparison. */
function handlers(settings: Record<string, unknown>): string[] {
  const hooks = settings['hooks'];
  if (!hooks || typeof hooks !== 'object' || Array.isArray(hooks)) return [];
  const out: string[] = [];
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    for (const g of groups) {
      const hs = g && typeof g === 'object' && !Array.isArray(g) ? (g as Record<string, unknown>)['hooks'] : undefined;
      if (Array.isArray(hs)) for (const h of hs) out.push(JSON.stringify([event, h]));
    }
  }
  return out.sort();
}

const noFailure = { numRuns: 300 } as const;

test('install keeps every foreign key and handler, and adds exactly one Heatdesk handler per event', () => {
  fc.assert(
    fc.property(settingsFile(false), fc.constantFrom(...plans), (file, plan) => {
      const { settings } = installHooks(file, plan);
      for (const key of Object.keys(file)) if (key !== 'hooks') assert.deepEqual(settings[key], file[key]);
      const foreignBefore = handlers(file);
      const all = handlers(settings);
      const ours = all.filter((line) => isHeatdeskHandler((JSON.parse(line) as [string, unknown])[1], HOOKS_DIR));
      assert.equal(ours.length, HOOK_EVENT_NAMES.length);
      assert.deepEqual(all.filter((l) => !ours.includes(l)), foreignBefore);
    }),
    noFailure,
  );
});

test('uninstall after install gives back the original JSON', () => {
  fc.assert(
    fc.property(settingsFile(true), fc.constantFrom(...plans), (file, plan) => {
      const installed = installHooks(file, plan).settings;
      assert.deepEqual(uninstallHooks(installed, HOOKS_DIR).settings, file);
    }),
    noFailure,
  );
});

test('switching install mode and then uninstalling still gives back the original JSON', () => {
  fc.assert(
    fc.property(settingsFile(true), (file) => {
      const a = installHooks(file, plans[0] as HookPlan).settings;
      const b = installHooks(a, plans[1] as HookPlan).settings;
      assert.deepEqual(uninstallHooks(b, HOOKS_DIR).settings, file);
    }),
    noFailure,
  );
});

test('install twice equals install once, and the second reports nothing changed', () => {
  fc.assert(
    fc.property(settingsFile(false), fc.constantFrom(...plans), (file, plan) => {
      const once = installHooks(file, plan);
      const twice = installHooks(once.settings, plan);
      assert.deepEqual(twice.settings, once.settings);
      assert.equal(twice.changed, false);
      assert.ok(twice.changes.every((c) => c.action === 'unchanged'));
    }),
    noFailure,
  );
});

test('uninstall of a file without Heatdesk hooks changes nothing (even with empty hook lists)', () => {
  fc.assert(
    fc.property(settingsFile(false), (file) => {
      const r = uninstallHooks(file, HOOKS_DIR);
      assert.equal(r.changed, false);
      assert.deepEqual(r.settings, file);
    }),
    noFailure,
  );
});
