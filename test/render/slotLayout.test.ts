// Desk positions: a family sits together, positions never move while an agent exists, freed desks are reused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POD_COLUMNS, POD_ROWS, SlotLayout, type LayoutAgent } from '../../src/webview/scene/SlotLayout';

const main = (id: string): LayoutAgent => ({ id, parentId: null });
const sub = (id: string, parentId: string): LayoutAgent => ({ id, parentId });

test('a main agent and its subagents share one pod; the main agent takes its first desk', () => {
  const layout = new SlotLayout();
  layout.sync([main('S'), sub('a', 'S'), sub('b', 'S'), sub('c', 'S')]);
  const pods = new Set(['S', 'a', 'b', 'c'].map((id) => layout.placementOf(id)?.pod));
  assert.deepEqual([...pods], [0]);
  assert.equal(layout.placementOf('S')?.seat, 0);
  // Neighbours: every subagent is within one pod's width of its parent.
  const s = layout.placementOf('S');
  for (const id of ['a', 'b', 'c']) {
    const p = layout.placementOf(id);
    assert.ok(p && s && Math.abs(p.x - s.x) < 4.2 * POD_COLUMNS && Math.abs(p.z - s.z) < 4.8 * POD_ROWS);
  }
});

test('positions are stable while agents come and go, and a freed desk is reused by the family', () => {
  const layout = new SlotLayout();
  layout.sync([main('S'), sub('a', 'S'), sub('b', 'S'), main('T'), sub('t1', 'T')]);
  const before = new Map(['S', 'a', 'b', 'T', 't1'].map((id) => [id, { ...layout.placementOf(id) }]));
  layout.sync([main('S'), sub('b', 'S'), main('T'), sub('t1', 'T')]);
  for (const id of ['S', 'b', 'T', 't1']) assert.deepEqual({ ...layout.placementOf(id) }, before.get(id), `${id} did not move`);
  assert.equal(layout.placementOf('a'), undefined);
  layout.sync([main('S'), sub('b', 'S'), main('T'), sub('t1', 'T'), sub('c', 'S')]);
  assert.deepEqual({ ...layout.placementOf('c') }, before.get('a'), 'the newcomer takes the freed desk of its family');
  assert.notEqual(layout.placementOf('T')?.pod, layout.placementOf('S')?.pod, 'another session gets its own pod');
});

test('a large family overflows into further pods; a subagent listed before its parent still leaves seat 0 to it', () => {
  const layout = new SlotLayout();
  const subs = Array.from({ length: 20 }, (_, i) => sub(`s${i}`, 'S'));
  layout.sync([...subs, main('S')]);
  assert.equal(layout.placementOf('S')?.seat, 0);
  assert.equal(layout.placementOf('S')?.pod, 0);
  const spots = new Set([...subs, main('S')].map((a) => `${layout.placementOf(a.id)?.x},${layout.placementOf(a.id)?.z}`));
  assert.equal(spots.size, 21, 'no two desks share a spot');
  assert.equal(layout.size, 21);
});
