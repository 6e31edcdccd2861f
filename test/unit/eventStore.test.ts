// EventStore: dedup, durability through journal and snapshot, crash leftovers, retention, reset.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeatdeskEvent } from '../../src/shared/events';
import type { Logger } from '../../src/extension/log';
import { EventStore, SNAPSHOT_FILE, StoreWriteError } from '../../src/extension/store/EventStore';
import { journalFileName, listJournalGenerations } from '../../src/extension/store/Journal';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'heatdesk-store-'));
  dirs.push(d);
  return d;
}
function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}
let n = 0;
function ev(over: Partial<HeatdeskEvent> & Record<string, unknown> = {}): HeatdeskEvent {
  n++;
  return { id: `e${n}`, type: 'ToolCallStarted', timestamp: new Date(Date.UTC(2026, 11, 1, 10, 0, n)).toISOString(), session_id: 's1', tool_name: 'Read', ...over } as HeatdeskEvent;
}
const journals = (d: string) => readdirSync(d).filter((f) => f.startsWith('journal-'));

test('repeated ids are stored once, within a batch and across batches', async () => {
  const store = await EventStore.open({ dataDir: dataDir(), log: recorder() });
  const a = ev();
  const b = ev();
  assert.deepEqual((await store.add([a, a, b])).map((e) => e.id), [a.id, b.id]);
  assert.deepEqual(await store.add([a, b]), []);
  // The same id arriving twice at once: both calls resolve, one row.
  const c = ev();
  const [x, y] = await Promise.all([store.add([c]), store.add([c])]);
  assert.equal(x.length + y.length, 1);
  assert.equal(store.count(), 3);
  await store.close();
});

test('concurrent adds are committed together, each told exactly which of its events were new', async () => {
  const d = dataDir();
  const store = await EventStore.open({ dataDir: d, log: recorder(), snapshotDelayMs: 60_000 });
  const old = ev();
  await store.add([old]);
  const [a, b, c, x] = [ev(), ev(), ev(), ev()];
  // Called in one turn of the event loop, as concurrent requests are: one group commit.
  const results = await Promise.all([
    store.add([a, b]),
    store.add([b, c]), // b: an earlier request of the same group has it
    store.add([c, c, x]), // c twice within one request, and once before in the group
    store.add([old, a]), // old: stored long ago; a: first in this group
    store.add([x]),
  ]);
  assert.deepEqual(
    results.map((r) => r.map((e) => e.id)),
    [[a.id, b.id], [c.id], [x.id], [], []],
  );
  assert.equal(store.count(), 5);
  // One journal line per stored event: nothing is written twice.
  const lines = journals(d).flatMap((j) => readFileSync(join(d, j), 'utf8').split('\n').filter(Boolean));
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as HeatdeskEvent).id).sort(), [old, a, b, c, x].map((e) => e.id).sort());
  // Crash (no close): the journal alone brings back each event once.
  const s2 = await EventStore.open({ dataDir: d, log: recorder(), readOnly: true });
  assert.deepEqual(s2.all().map((e) => e.id).sort(), [old, a, b, c, x].map((e) => e.id).sort());
  await s2.close();
  await store.close();
});

test('a failed journal write fails every request that needed it and keeps none of its events', async (t) => {
  if (!existsSync('/dev/full')) return t.skip('needs /dev/full to make every write fail');
  const d = dataDir();
  const log = recorder();
  const store = await EventStore.open({ dataDir: d, log, snapshotDelayMs: 60_000 });
  const durable = ev();
  await store.add([durable]);
  // The next journal generation is a disk that is always full: every write to it fails with ENOSPC.
  const full = join(d, journalFileName(Math.max(...listJournalGenerations(d)) + 1));
  symlinkSync('/dev/full', full);
  await store.snapshot(); // rotates onto it
  const [a, b, c] = [ev(), ev(), ev()];
  const results = await Promise.allSettled([
    store.add([a]),
    store.add([a, b]), // a: new in this group only, so it depends on the failed write too
    store.add([durable]), // already safe on disk before: a truthful duplicate, not a failure
    store.add([c, durable]),
    store.add([durable, a]), // nothing new of its own, but a's first copy is in the failed write
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'fulfilled', 'rejected', 'rejected'],
  );
  for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreWriteError && /ENOSPC|no space/i.test(r.reason.message), String(r.reason));
  assert.deepEqual(results[2]?.status === 'fulfilled' ? results[2].value : null, []);
  for (const e of [a, b, c]) assert.equal(store.has(e.id), false, `${e.id} must not stay stored after its write failed`);
  assert.equal(store.count(), 1);
  // Room again: the same events are accepted as new, once.
  unlinkSync(full);
  await store.snapshot();
  const retried = await Promise.all([store.add([a, b]), store.add([b, c])]);
  assert.deepEqual(retried.map((r) => r.map((e) => e.id)), [[a.id, b.id], [c.id]]);
  await store.close();
  const s2 = await EventStore.open({ dataDir: d, log: recorder(), readOnly: true });
  assert.deepEqual(s2.all().map((e) => e.id).sort(), [durable, a, b, c].map((e) => e.id).sort());
  await s2.close();
});

test('events are ordered by timestamp (whatever the offset), then arrival', async () => {
  const store = await EventStore.open({ dataDir: dataDir(), log: recorder() });
  const late = ev({ timestamp: '2026-12-01T12:00:00+02:00' }); // 10:00Z
  const early = ev({ timestamp: '2026-12-01T09:30:00Z' });
  const sameA = ev({ timestamp: '2026-12-01T11:00:00Z' });
  const sameB = ev({ timestamp: '2026-12-01T11:00:00Z' });
  await store.add([late, sameA]);
  await store.add([early, sameB]);
  assert.deepEqual(store.all().map((e) => e.id), [early.id, late.id, sameA.id, sameB.id]);
  await store.close();
});

test('without any snapshot, a reopened store replays the journal (what a kill -9 leaves)', async () => {
  const d = dataDir();
  const s1 = await EventStore.open({ dataDir: d, log: recorder(), snapshotDelayMs: 60_000 });
  const events = [ev(), ev({ type: 'SessionStarted', source: 'startup' }), ev()];
  await s1.add(events);
  assert.ok(!existsSync(join(d, SNAPSHOT_FILE)), 'no snapshot yet');
  // Simulate the crash: do not close s1 (no final snapshot), just open the folder again.
  const log = recorder();
  const s2 = await EventStore.open({ dataDir: d, log });
  assert.deepEqual(s2.all(), events);
  assert.ok(log.lines.some((l) => /replayed 3 event/.test(l)));
  await s2.close();
});

test('a snapshot retires the journal; snapshot + later journal together restore everything', async () => {
  const d = dataDir();
  const s1 = await EventStore.open({ dataDir: d, log: recorder(), snapshotDelayMs: 60_000 });
  const before = [ev(), ev()];
  await s1.add(before);
  await s1.snapshot();
  assert.ok(existsSync(join(d, SNAPSHOT_FILE)));
  const afterSnap = [ev()];
  await s1.add(afterSnap);
  assert.equal(journals(d).length, 1, 'only the generation written after the snapshot remains');
  assert.match(readFileSync(join(d, journals(d)[0] ?? ''), 'utf8'), new RegExp(afterSnap[0]?.id ?? 'x'));
  const s2 = await EventStore.open({ dataDir: d, log: recorder() });
  assert.deepEqual(s2.all().map((e) => e.id), [...before, ...afterSnap].map((e) => e.id));
  await s2.close();
});

test('close writes a final snapshot and leaves no journal content behind', async () => {
  const d = dataDir();
  const s1 = await EventStore.open({ dataDir: d, log: recorder() });
  await s1.add([ev(), ev()]);
  await s1.close();
  assert.ok(existsSync(join(d, SNAPSHOT_FILE)));
  for (const j of journals(d)) assert.equal(readFileSync(join(d, j), 'utf8'), '');
  const s2 = await EventStore.open({ dataDir: d, log: recorder(), readOnly: true });
  assert.equal(s2.count(), 2);
  await s2.close();
});

test('torn and invalid journal lines are skipped with a warning; valid ones are kept', async () => {
  const d = dataDir();
  const good = ev();
  writeFileSync(join(d, 'journal-000001.ndjson'), `${JSON.stringify(good)}\n{"id":"bad","type":"Nope","timestamp":"x","session_id":"s"}\n`);
  appendFileSync(join(d, 'journal-000001.ndjson'), '{"id":"torn","ty');
  const log = recorder();
  const s = await EventStore.open({ dataDir: d, log });
  assert.deepEqual(s.all(), [good]);
  assert.ok(log.lines.some((l) => /warn journal: skipped 2 unreadable/.test(l)), log.lines.join('\n'));
  await s.close();
});

test('a corrupt snapshot is kept aside, said so, and the journal is still replayed', async () => {
  const d = dataDir();
  writeFileSync(join(d, SNAPSHOT_FILE), Buffer.from('this is not an sqlite file at all, just bytes'.repeat(100)));
  const good = ev();
  writeFileSync(join(d, 'journal-000003.ndjson'), `${JSON.stringify(good)}\n`);
  const log = recorder();
  const s = await EventStore.open({ dataDir: d, log });
  assert.deepEqual(s.all(), [good]);
  assert.ok(log.lines.some((l) => /error store: the snapshot .* is unreadable .*kept aside/.test(l)), log.lines.join('\n'));
  assert.equal(readdirSync(d).filter((f) => f.startsWith(`${SNAPSHOT_FILE}.corrupt-`)).length, 1);
  await s.close();
});

test('a snapshot cut short (a disk that filled up mid-copy) is detected and kept aside too', async () => {
  const d = dataDir();
  const s1 = await EventStore.open({ dataDir: d, log: recorder() });
  await s1.add(Array.from({ length: 2000 }, () => ev()));
  await s1.close();
  const bytes = readFileSync(join(d, SNAPSHOT_FILE));
  writeFileSync(join(d, SNAPSHOT_FILE), bytes.subarray(0, Math.floor(bytes.length / 2)));
  const log = recorder();
  const s2 = await EventStore.open({ dataDir: d, log });
  assert.equal(s2.count(), 0);
  assert.ok(log.lines.some((l) => /unreadable .*kept aside/.test(l)), log.lines.join('\n'));
  await s2.add([ev()]);
  await s2.close();
  assert.equal(readdirSync(d).filter((f) => f.startsWith(`${SNAPSHOT_FILE}.corrupt-`)).length, 1);
});

test('read-only open writes nothing and cannot add', async () => {
  const d = dataDir();
  writeFileSync(join(d, 'journal-000001.ndjson'), `${JSON.stringify(ev())}\n`);
  const s = await EventStore.open({ dataDir: d, log: recorder(), readOnly: true });
  assert.equal(s.count(), 1);
  await assert.rejects(s.add([ev()]), /not open for writing/);
  await s.close();
  assert.deepEqual(readdirSync(d), ['journal-000001.ndjson']);
});

test('retention prunes by age and by count, keeping the newest', async () => {
  const d = dataDir();
  const now = Date.now();
  const old = ev({ timestamp: new Date(now - 10 * 86_400_000).toISOString() });
  const recent = [1, 2, 3].map((h) => ev({ timestamp: new Date(now - h * 3_600_000).toISOString() }));
  const s1 = await EventStore.open({ dataDir: d, log: recorder() });
  await s1.add([old, ...recent]);
  await s1.close();
  const s2 = await EventStore.open({ dataDir: d, log: recorder(), retention: { maxAgeDays: 7, maxEvents: 2 } });
  assert.deepEqual(s2.all().map((e) => e.id), [recent[1]?.id, recent[0]?.id]);
  await s2.close();
  const s3 = await EventStore.open({ dataDir: d, log: recorder(), readOnly: true });
  assert.equal(s3.count(), 2, 'pruning is durable');
  await s3.close();
});

test('reset deletes every event durably', async () => {
  const d = dataDir();
  const s1 = await EventStore.open({ dataDir: d, log: recorder() });
  await s1.add([ev(), ev()]);
  await s1.reset();
  assert.equal(s1.count(), 0);
  const after1 = ev();
  await s1.add([after1]);
  // Crash (no close): the reopened store holds only what came after the reset.
  const s2 = await EventStore.open({ dataDir: d, log: recorder(), readOnly: true });
  assert.deepEqual(s2.all().map((e) => e.id), [after1.id]);
  await s2.close();
  await s1.close();
});

test('a data folder that cannot be created is a clear error', async () => {
  const file = join(dataDir(), 'plain-file');
  writeFileSync(file, 'x');
  await assert.rejects(EventStore.open({ dataDir: join(file, 'data'), log: recorder() }), /Heatdesk cannot create its data folder .*plain-file\/data/);
});
