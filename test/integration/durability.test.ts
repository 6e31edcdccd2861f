// What the store promises a user: an event that got a 2xx survives a clean restart and a kill -9, a write
// torn by a crash does not break the next start, and an unusable data folder is a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, postEvents, sampleEvent, serve, storedEvents, tempDirs } from './helpers/eventPath';

const mk = tempDirs();

test('a clean restart keeps every event, in order, and SIGTERM leaves a snapshot instead of a journal', async () => {
  const home = mk('home');
  const data = mk('data');
  const s1 = await serve(home, data);
  const sent = Array.from({ length: 300 }, (_, i) => sampleEvent({ timestamp: new Date(Date.UTC(2026, 11, 1, 9, 0, 0, 300 - i)).toISOString() }));
  for (let i = 0; i < sent.length; i += 100) assert.equal((await postEvents(s1, sent.slice(i, i + 100))).status, 200);
  assert.equal(await s1.stop(), 0, 'serve exits 0 on SIGTERM');
  assert.ok(existsSync(join(data, 'events.sqlite')), 'a snapshot was written on exit');
  assert.deepEqual(readdirSync(data).filter((n) => n.startsWith('journal-')), [], 'the journal was retired by the snapshot');

  const s2 = await serve(home, data);
  const extra = sampleEvent();
  assert.equal((await postEvents(s2, extra)).status, 200);
  await s2.stop();
  const stored = storedEvents(data);
  // Oldest first by timestamp: the batch was sent newest-first.
  assert.deepEqual(stored.map((e) => e.id), [...sent.slice().reverse().map((e) => e.id), extra.id]);
});

test('kill -9 right after 2xx answers loses none of the acknowledged events and doubles none', async () => {
  const home = mk('home');
  const data = mk('data');
  const acknowledged = new Set<string>();
  // Round 1 starts empty; round 2 also has a snapshot from a clean stop underneath its journal.
  for (let round = 0; round < 3; round++) {
    const s = await serve(home, data);
    const events = Array.from({ length: 60 }, () => sampleEvent());
    let acks = 0;
    await new Promise<void>((resolve) => {
      let settled = 0;
      for (const e of events) {
        postEvents(s, e)
          .then((r) => {
            if (r.status === 200) {
              acknowledged.add(e.id);
              // Kill the moment the 30th acknowledgement arrives, with the rest still in flight.
              if (++acks === 30) void s.kill9().then(resolve);
            }
          })
          .catch(() => undefined)
          .finally(() => {
            if (++settled === events.length) resolve();
          });
      }
    });
    await s.kill9();
    assert.ok(acks >= 30, `round ${round}: only ${acks} acknowledgements before the kill`);
    if (round === 1) {
      // Leave a snapshot behind for the next round, then carry on.
      const clean = await serve(home, data);
      await clean.stop();
    }
    const stored = storedEvents(data).map((e) => e.id);
    const missing = [...acknowledged].filter((id) => !stored.includes(id));
    assert.deepEqual(missing, [], `round ${round}: acknowledged events missing after kill -9`);
    assert.equal(new Set(stored).size, stored.length, `round ${round}: duplicates in the store`);
  }
  // And a normal start after all that still has them.
  const s = await serve(home, data);
  await s.stop();
  const finalIds = storedEvents(data).map((e) => e.id);
  assert.ok([...acknowledged].every((id) => finalIds.includes(id)));
});

test('a journal line torn by a crash is skipped; the events before it are kept', async () => {
  const home = mk('home');
  const data = mk('data');
  const s = await serve(home, data);
  const kept = [sampleEvent(), sampleEvent()];
  assert.equal((await postEvents(s, kept)).status, 200);
  await s.kill9();
  const journal = readdirSync(data).find((n) => n.startsWith('journal-'));
  assert.ok(journal, 'a journal exists after kill -9');
  appendFileSync(join(data, journal), '{"id":"torn","type":"ToolCallSta');
  const s2 = await serve(home, data);
  const after1 = sampleEvent();
  assert.equal((await postEvents(s2, after1)).status, 200);
  await s2.stop();
  assert.match(s2.stderr(), /skipped 1 unreadable line/);
  assert.deepEqual(storedEvents(data).map((e) => e.id), [...kept, after1].map((e) => e.id));
});

test('an unusable data folder is a clear error (exit 1), not a crash', () => {
  const home = mk('home');
  const file = join(mk('x'), 'a-file');
  writeFileSync(file, 'not a folder');
  const r = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', join(file, 'data')], {
    env: { ...process.env, HEATDESK_HOME: home },
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /heatdesk: Heatdesk cannot create its data folder .*a-file\/data/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(!existsSync(join(home, 'ingest.json')), 'no ingest.json for a server that did not start');
});

test('CLI usage errors exit 2 with a message and the usage', () => {
  for (const args of [[], ['frobnicate'], ['serve', '--port', 'abc'], ['serve', '--port', '70000'], ['serve', '--bogus'], ['events', '--data-dir']]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^heatdesk: .+\n\nUsage: heatdesk/, args.join(' '));
    assert.equal(r.stdout, '');
  }
  const missing = spawnSync(process.execPath, [CLI, 'events', '--data-dir', '/nonexistent/heatdesk-data'], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no Heatdesk data folder/);
});
