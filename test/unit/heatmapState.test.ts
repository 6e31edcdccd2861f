// The one heatmap state: restored from globalState on reload, the setting only decides the very first
// state, every change reaches the context key and every listener once, and repeated sets are no-ops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEATMAP_STATE_KEY, HeatmapState } from '../../src/extension/heatmap/HeatmapState';

function memento(initial: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: <T>(key: string): T | undefined => data.get(key) as T | undefined,
    update: async (key: string, value: unknown) => {
      data.set(key, value);
    },
  };
}

test('first run uses the setting; afterwards the persisted state wins', async () => {
  const m = memento();
  const contexts: boolean[] = [];
  const first = new HeatmapState(m, true, async (on) => void contexts.push(on));
  assert.equal(first.enabled, true);
  await first.set(false);
  const reloaded = new HeatmapState(m, true, async (on) => void contexts.push(on));
  assert.equal(reloaded.enabled, false, 'the persisted "off" beats enabledAtStart = true');
  assert.equal(m.data.get(HEATMAP_STATE_KEY), false);
  assert.deepEqual(contexts, [true, false, false], 'the context key follows: start, change, restart');
});

test('toggle flips, persists and notifies once per real change', async () => {
  const m = memento({ [HEATMAP_STATE_KEY]: false });
  let context: boolean | undefined;
  const s = new HeatmapState(m, false, async (on) => void (context = on));
  const seen: boolean[] = [];
  const sub = s.onDidChange((on) => seen.push(on));
  await s.toggle();
  await s.set(true);
  await s.toggle();
  assert.deepEqual(seen, [true, false]);
  assert.equal(m.data.get(HEATMAP_STATE_KEY), false);
  assert.equal(context, false);
  assert.equal(s.contextKeyValue, false);
  sub.dispose();
  await s.toggle();
  assert.deepEqual(seen, [true, false], 'a disposed listener hears nothing');
  assert.equal(s.persisted, true);
});
