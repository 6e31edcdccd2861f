import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextWindowFor, heatColor, heatColorHex, heatEmissiveIntensity, priceForModel, tableContextWindow, tablePrice } from '../../src/shared/metrics';

test('context windows: 200k by default, 1M for extended-context models and any [1m] id, overrides by prefix win', () => {
  const windows: Record<string, number> = {
    'claude-opus-4-1-20250805': 200_000,
    'claude-opus-4-6': 200_000,
    'claude-opus-4-7': 1_000_000,
    'claude-opus-5': 1_000_000,
    'claude-sonnet-4-5-20250929': 200_000,
    'claude-sonnet-4-5[1m]': 1_000_000,
    'claude-sonnet-5': 1_000_000,
    'claude-fable-5': 1_000_000,
    'claude-haiku-4-5-20251001': 200_000,
    'claude-3-5-sonnet-20241022': 200_000,
    'us.anthropic.claude-sonnet-5-v1:0': 1_000_000,
    'claude-opus-4-1@20250805': 200_000,
    'sonnet[1m]': 1_000_000,
    opus: 200_000,
    '': 200_000,
  };
  for (const [model, window] of Object.entries(windows)) assert.equal(tableContextWindow(model), window, model);
  assert.equal(contextWindowFor('claude-opus-4-6', { 'claude-opus': 500_000, 'claude-opus-4-6': 300_000 }), 300_000);
  assert.equal(contextWindowFor('claude-opus-4-6', { 'claude-sonnet': 500_000 }, 400_000), 400_000);
});

test('prices per family and generation from the public table; an override fills in from it', () => {
  assert.deepEqual([tablePrice('claude-opus-4-1-20250805').input, tablePrice('claude-opus-4-1-20250805').output], [15, 75]);
  assert.deepEqual([tablePrice('claude-opus-4-5-20251101').input, tablePrice('claude-opus-4-5-20251101').output], [5, 25]);
  assert.equal(tablePrice('claude-3-opus-20240229').input, 15);
  assert.equal(tablePrice('claude-sonnet-4-5').cacheRead, 0.3);
  assert.equal(tablePrice('claude-haiku-4-5').cacheWrite1h, 2);
  assert.equal(tablePrice('claude-3-5-haiku-20241022').input, 0.8);
  assert.equal(tablePrice('claude-3-haiku-20240307').input, 0.25);
  const p = priceForModel('claude-opus-4-6', { opus: { input: 1 }, 'claude-opus-4-6': { output: 2 } });
  assert.deepEqual([p.input, p.output, p.cacheRead], [5, 2, 0.5]); // longest key wins, the rest from the table
});

test('heat colour: the seed gradient green → yellow → red, clamped', () => {
  assert.deepEqual(heatColor(0), [0x4a, 0xde, 0x80]);
  assert.deepEqual(heatColor(0.5), [0xfb, 0xbf, 0x24]);
  assert.deepEqual(heatColor(1), [0xef, 0x44, 0x44]);
  assert.deepEqual(heatColor(-3), heatColor(0));
  assert.deepEqual(heatColor(7), heatColor(1));
  assert.deepEqual(heatColor(Number.NaN), heatColor(0));
  const quarter = heatColor(0.25);
  assert.deepEqual(quarter, [Math.round((0x4a + 0xfb) / 2), Math.round((0xde + 0xbf) / 2), Math.round((0x80 + 0x24) / 2)]);
  assert.equal(heatColorHex(1), 0xef4444);
  assert.equal(heatEmissiveIntensity(0), 0.3);
  assert.equal(heatEmissiveIntensity(1), 1);
});
