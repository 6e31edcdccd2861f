// What the office webview receives, in order: nothing before `ready`; then the snapshot, a waiting status
// and focus request; then live events in batches of at most 250; and a fresh snapshot when it comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeatdeskEvent } from '../../src/shared/events';
import type { HostToWebview } from '../../src/shared/protocol';
import { LIVE_BATCH_SIZE, OfficeChannel } from '../../src/extension/webview/OfficeChannel';

const ev = (i: number) => ({ id: `e${i}`, type: 'UserPrompt', timestamp: '2026-12-04T10:00:00.000Z', session_id: 's' }) as HeatdeskEvent;

function setup(stored: HeatdeskEvent[] = []) {
  const sent: HostToWebview[] = [];
  const timers: Array<() => void> = [];
  let delivered = true;
  const channel = new OfficeChannel({
    post: async (m) => {
      sent.push(m);
      return delivered;
    },
    snapshot: () => ({ events: [...stored], heatmapEnabled: true, settings: { staleAgentTimeoutMs: 0, contextWindows: {} } }),
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => timers.splice(0),
  });
  const flush = () => timers.splice(0).forEach((f) => f());
  return { channel, sent, flush, stored, drop: () => (delivered = false) };
}
const types = (sent: HostToWebview[]) => sent.map((m) => m.type);

test('nothing is sent before ready; then snapshot, the waiting status and focus, in that order', () => {
  const { channel, sent, flush } = setup([ev(1), ev(2)]);
  channel.events([ev(3)]);
  channel.heatmap(false);
  channel.setStatus('error', 'port in use');
  channel.focus('agent-1');
  flush();
  assert.equal(sent.length, 0);
  channel.onReady();
  assert.deepEqual(types(sent), ['snapshot', 'status', 'focusAgent']);
  const snap = sent[0];
  assert.ok(snap?.type === 'snapshot');
  assert.deepEqual(snap.events.map((e) => e.id), ['e1', 'e2']);
  assert.equal(snap.heatmapEnabled, true);
  assert.deepEqual(sent[2], { type: 'focusAgent', agentId: 'agent-1' });
});

test('live events are coalesced and sent in batches of at most 250', () => {
  const { channel, sent, flush } = setup();
  channel.onReady();
  sent.length = 0;
  channel.events(Array.from({ length: 400 }, (_, i) => ev(i)));
  channel.events(Array.from({ length: 200 }, (_, i) => ev(1000 + i)));
  assert.equal(sent.length, 0, 'held for the short pause');
  flush();
  assert.deepEqual(sent.map((m) => (m.type === 'events' ? m.events.length : -1)), [LIVE_BATCH_SIZE, LIVE_BATCH_SIZE, 100]);
  const ids = sent.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.id) : []));
  assert.equal(new Set(ids).size, 600, 'every event once, none lost');
});

test('a ready while live events wait sends them only inside the snapshot, never twice', () => {
  const { channel, sent, flush, stored } = setup();
  channel.onReady();
  channel.events([ev(7)]);
  stored.push(ev(7));
  channel.onReady(); // the webview was re-created and said ready again
  flush();
  const all = sent.flatMap((m) => (m.type === 'events' || m.type === 'snapshot' ? m.events.map((e) => e.id) : []));
  assert.deepEqual(all, ['e7']);
});

test('hidden: nothing is posted, and the next ready brings a fresh snapshot', () => {
  const { channel, sent, flush, stored } = setup();
  channel.onReady();
  channel.onGone();
  sent.length = 0;
  channel.events([ev(1)]);
  stored.push(ev(1));
  channel.heatmap(true);
  flush();
  assert.equal(sent.length, 0);
  channel.onReady();
  assert.deepEqual(types(sent), ['snapshot']);
});

test('a message the webview did not take marks it gone until it says ready again', async () => {
  const { channel, drop } = setup();
  channel.onReady();
  drop();
  channel.heatmap(true);
  await new Promise((r) => setImmediate(r));
  assert.equal(channel.isReady, false);
});

test('reset reaches a ready webview and drops queued live events', () => {
  const { channel, sent, flush } = setup();
  channel.onReady();
  channel.events([ev(1)]);
  channel.reset();
  flush();
  assert.deepEqual(types(sent), ['snapshot', 'reset']);
});
