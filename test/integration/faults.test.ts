// Faults with real processes: kill -9 of the server mid-stream (repeated), ingest down for a while, a hung
// server, a full or read-only disk, corrupt and truncated store files. What a user must be able to count
// on: every event that got a 2xx survives, nothing is doubled, hooks never disturb Claude Code, and a bad
// file is kept aside and reported instead of crashing the server.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { hookInputs } from '../fixtures/hookInputs';
import {
  CLI,
  hookScript,
  httpRequest,
  killAllServes,
  readIngestInfo,
  requireBuild,
  spawnServe,
  startServe,
  storedEvents,
  tempDir,
  waitFor,
  waitUntilServing,
} from './support/serveProcess';

after(killAllServes);

interface HookRun {
  code: number | null;
  stdout: string;
  ms: number;
}

/** Runs a hook script as Claude Code does: JSON on stdin, then waits for it to exit. */
function runHook(name: string, input: object, home: string): Promise<HookRun> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [hookScript(name)], { env: { ...process.env, HEATDESK_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, ms: Date.now() - t0 }));
    child.stdin.end(JSON.stringify(input));
  });
}

const preToolUse = (toolUseId: string) => ({ ...hookInputs.PreToolUse, tool_use_id: toolUseId });

/** Events waiting for a server: hooks leave each in the spool folder (the legacy spool file is a fallback). */
function spooled(home: string): string[] {
  const legacy = existsSync(join(home, 'spool.ndjson')) ? readFileSync(join(home, 'spool.ndjson'), 'utf8').split('\n').filter(Boolean) : [];
  const dir = join(home, 'spool');
  const files = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')) : [];
  return [...legacy, ...files.map((n) => readFileSync(join(dir, n), 'utf8'))];
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

test('kill -9 of the server three times while 10,000 events stream in: every 2xx kept, nothing doubled', async () => {
  requireBuild();
  const home = tempDir('home');
  const dataDir = tempDir('data');
  const TOTAL = 10_000;
  const ids = Array.from({ length: TOTAL }, (_, i) => `kill9-${i}`);
  const acked = new Set<string>();
  const event = (id: string) => ({ id, type: 'ToolCallCompleted', timestamp: new Date().toISOString(), session_id: 'kill9', tool_name: 'Bash', duration_ms: 3 });
  let pendingIds = ids;
  for (let round = 0; round < 4 && pendingIds.length; round++) {
    const server = spawnServe(home, dataDir);
    const info = await waitUntilServing(server);
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    // Kill at a different point each round; the last round runs to the end.
    const killAfter = round < 3 ? acked.size + 1000 + round * 700 : Infinity;
    let killed = false;
    const failed: string[] = [];
    await pool(pendingIds, 8, async (id) => {
      if (killed) return void failed.push(id);
      try {
        const a = await httpRequest(info.url, { body: JSON.stringify(event(id)), headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' }, agent, timeoutMs: 5000 });
        if (a.status === 200) acked.add(id);
        else failed.push(id);
      } catch {
        failed.push(id); // Connection died with the server: not acknowledged, so retried next round.
      }
      if (!killed && acked.size >= killAfter) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    });
    agent.destroy();
    if (!killed) await server.stop();
    await server.exited;
    pendingIds = failed;
  }
  assert.equal(pendingIds.length, 0, 'every event was eventually acknowledged');
  const stored = storedEvents(dataDir).filter((e) => e.session_id === 'kill9');
  const storedIds = stored.map((e) => e.id);
  assert.equal(new Set(storedIds).size, storedIds.length, 'no event is stored twice');
  for (const id of acked) assert.ok(storedIds.includes(id) || false, `acknowledged ${id} is missing`);
  assert.equal(storedIds.length, TOTAL);
});

test('real hooks through a kill -9 and restart: every event stored once, whether it was answered or spooled', async () => {
  requireBuild();
  const home = tempDir('home');
  const dataDir = tempDir('data');
  let server = spawnServe(home, dataDir);
  await waitUntilServing(server);
  const runs: HookRun[] = [];
  const toolUseIds = Array.from({ length: 80 }, (_, i) => `toolu_fault_${i}`);
  let killed = false;
  await pool(toolUseIds, 4, async (id) => {
    runs.push(await runHook('pre-tool-use', preToolUse(id), home));
    if (!killed && runs.length >= 25) {
      killed = true;
      server.child.kill('SIGKILL');
    }
  });
  await server.exited;
  assert.ok(runs.every((r) => r.code === 0 && r.stdout === ''), 'every hook exited 0 and printed nothing');
  assert.ok(spooled(home).length > 0, 'events of hooks that ran while no server did wait in the spool');
  server = spawnServe(home, dataDir);
  await waitUntilServing(server);
  await server.stop();
  const stored = storedEvents(dataDir).map((e) => String(e['tool_use_id']));
  assert.equal(stored.length, toolUseIds.length, `one event per hook run; missing ${toolUseIds.filter((id) => !stored.includes(id)).join(', ')}; server log:\n${server.log()}`);
  assert.deepEqual(new Set(stored), new Set(toolUseIds));
});

test('ingest down for a while: hooks spool; the next server takes every event in once', async () => {
  requireBuild();
  const home = tempDir('home');
  const dataDir = tempDir('data');
  // A server ran once and left a stale ingest.json behind (as after a crash): its port is closed now.
  const first = await startServe(home, dataDir);
  await first.stop('SIGKILL');
  assert.ok(readIngestInfo(home), 'the stale ingest.json is still there');
  const ids = Array.from({ length: 40 }, (_, i) => `toolu_down_${i}`);
  const runs: HookRun[] = [];
  await pool(ids, 4, async (id) => void runs.push(await runHook('pre-tool-use', preToolUse(id), home)));
  assert.ok(runs.every((r) => r.code === 0 && r.stdout === ''), 'hooks exit 0 silently while ingest is down');
  assert.equal(spooled(home).length, ids.length);
  for (let i = 0; i < 2; i++) {
    const s = await startServe(home, dataDir);
    await waitFor('the spool to be drained', () => spooled(home).length === 0);
    await s.stop();
  }
  const stored = storedEvents(dataDir).map((e) => String(e['tool_use_id']));
  assert.equal(stored.length, ids.length, 'two restarts later, still exactly one event per hook run');
  assert.deepEqual(new Set(stored), new Set(ids));
});

test('a server that accepts and never answers: every hook exits 0, prints nothing, does not wait on it, spools', async () => {
  requireBuild();
  const home = tempDir('home');
  const sockets = new Set<import('node:net').Socket>();
  const hung: Server = createServer((s) => {
    sockets.add(s);
    s.on('data', () => undefined);
  });
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  const port = (hung.address() as import('node:net').AddressInfo).port;
  writeFileSync(join(home, 'ingest.json'), JSON.stringify({ url: `http://127.0.0.1:${port}`, token: 't'.repeat(43) }), { mode: 0o600 });
  try {
    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => runHook('pre-tool-use', preToolUse(`toolu_hung_${i}`), home)));
    for (const r of runs) {
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '');
      // "About a second": generous here because six hooks start at once on two cores; bench/ measures it.
      assert.ok(r.ms < 2500, `a hook waited ${r.ms} ms on a hung server`);
    }
    assert.equal(sockets.size, 0, 'hooks leave events in the spool and never wait on a server');
    assert.equal(spooled(home).length, 6, 'each event is kept in the spool for the next real server');
  } finally {
    for (const s of sockets) s.destroy();
    hung.close();
  }
});

test('a data folder that cannot be created: serve says so clearly and exits 1 without a stack trace', () => {
  requireBuild();
  const home = tempDir('home');
  const blocker = join(tempDir('data'), 'not-a-folder');
  writeFileSync(blocker, 'a file where the data folder should be');
  const r = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', join(blocker, 'data'), '--home', home], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /data folder/i);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readIngestInfo(home), null, 'no ingest.json for a server that is not running');
});

/** A tiny tmpfs to fill up (we run as root here and in CI); null when mounting is not allowed. */
function mountTinyDisk(kb: number): { dir: string; unmount: () => void } | null {
  const dir = tempDir('tinydisk');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k,mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return { dir, unmount: () => void spawnSync('umount', ['-l', dir]) };
}

test('disk full: 503 JSON, a clear log line, no crash, nothing lost, accepted again once there is room; read-only folder: a clear error', async (t) => {
  requireBuild();
  const disk = mountTinyDisk(4096);
  if (!disk) return t.skip('cannot mount a tmpfs here (needs root)');
  const home = tempDir('home');
  const dataDir = join(disk.dir, 'data');
  try {
    const server = await startServe(home, dataDir);
    const headers = { authorization: `Bearer ${server.info.token}`, 'content-type': 'application/json' };
    const ev = (id: string) => ({ id, type: 'ToolCallStarted', timestamp: new Date().toISOString(), session_id: 'disk', tool_name: 'Bash' });
    const post = (id: string) => httpRequest(server.info.url, { body: JSON.stringify(ev(id)), headers });
    for (const id of ['before-1', 'before-2']) assert.equal((await post(id)).status, 200);
    // Fill the disk to the last byte, as another program would.
    const ballast = join(disk.dir, 'ballast');
    spawnSync('dd', ['if=/dev/zero', `of=${ballast}`, 'bs=64k'], { encoding: 'utf8' });
    // The journal's last page may still have room for a few events; past it, every write must fail.
    const acked = ['before-1', 'before-2'];
    let refusedId = '';
    let full = { status: 0, body: '' };
    for (let i = 0; i < 300 && !refusedId; i++) {
      full = await post(`fill-${i}`);
      if (full.status === 200) acked.push(`fill-${i}`);
      else refusedId = `fill-${i}`;
    }
    assert.equal(full.status, 503, full.body);
    assert.match((JSON.parse(full.body) as { error: string }).error, /ENOSPC|no space/i, 'the refusal says why');
    assert.match(server.log(), /ENOSPC|no space/i, 'the log says why');
    // A hook's event waits in the spool (HEATDESK_HOME is on another disk) while the store cannot write.
    const hook = await runHook('pre-tool-use', preToolUse('toolu_disk_full'), home);
    assert.equal(hook.code, 0);
    assert.equal(hook.stdout, '');
    await new Promise((r) => setTimeout(r, 1500)); // past a drain attempt, which the full disk refuses
    assert.match(spooled(home).join('\n'), /toolu_disk_full/, 'the event stays in the spool, not lost');
    assert.equal(server.child.exitCode, null, `the server is still running: ${server.log()}`);
    // Make room, as the user would: events are accepted again without a restart.
    rmSync(ballast);
    assert.equal((await post('after-room')).status, 200);
    acked.push('after-room');
    await server.stop();
    // A read-only data folder at start: a clear error and exit 1, and the snapshot is left as it was.
    const snapshot = readFileSync(join(dataDir, 'events.sqlite'));
    assert.equal(spawnSync('mount', ['-o', 'remount,ro', disk.dir]).status, 0);
    const ro = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--home', home], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(ro.status, 1, ro.stderr);
    assert.match(ro.stderr, /cannot write to its data folder.*(EROFS|read-only)/i);
    assert.doesNotMatch(ro.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(spawnSync('mount', ['-o', 'remount,rw', disk.dir]).status, 0);
    assert.ok(readFileSync(join(dataDir, 'events.sqlite')).equals(snapshot), 'the snapshot is untouched');
    const restarted = await startServe(home, dataDir);
    await waitFor('the spool to be drained', () => spooled(home).length === 0);
    await restarted.stop();
    const stored = storedEvents(dataDir);
    const ids = new Set(stored.map((e) => e.id));
    for (const id of acked) assert.ok(ids.has(id), `acknowledged ${id} was lost`);
    assert.ok(!ids.has(refusedId), 'a refused event is not stored');
    assert.ok(stored.some((e) => e['tool_use_id'] === 'toolu_disk_full'), 'the spooled hook event arrived after the restart');
  } finally {
    disk.unmount();
  }
});

test('a corrupt snapshot at startup: kept aside, reported, events still recovered from the journal', async () => {
  requireBuild();
  const home = tempDir('home');
  const dataDir = tempDir('data');
  let s = await startServe(home, dataDir);
  const post = (url: string, token: string, ids: string[]) =>
    httpRequest(url, { body: JSON.stringify(ids.map((id) => ({ id, type: 'ToolCallStarted', timestamp: new Date().toISOString(), session_id: 'c', tool_name: 'Bash' }))), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  assert.equal((await post(s.info.url, s.info.token, ['snap-1', 'snap-2'])).status, 200);
  await s.stop(); // final snapshot holds snap-1, snap-2
  s = await startServe(home, dataDir);
  assert.equal((await post(s.info.url, s.info.token, ['journal-1', 'journal-2'])).status, 200);
  await s.stop('SIGKILL'); // journal holds journal-1, journal-2
  writeFileSync(join(dataDir, 'events.sqlite'), Buffer.from('this is not an SQLite database, it was overwritten by something'));
  s = await startServe(home, dataDir);
  await s.stop();
  assert.match(s.log(), /snapshot .* unreadable/i);
  assert.ok(readdirSync(dataDir).some((f) => f.startsWith('events.sqlite.corrupt-')), 'the bad snapshot is kept aside');
  const ids = storedEvents(dataDir).map((e) => e.id).sort();
  assert.deepEqual(ids, ['journal-1', 'journal-2'], 'what the journal held is recovered');
});

test('a truncated snapshot at startup: what is readable is recovered, the file kept aside, and the server runs', async () => {
  requireBuild();
  const home = tempDir('home');
  const dataDir = tempDir('data');
  let s = await startServe(home, dataDir);
  const ids = Array.from({ length: 3000 }, (_, i) => `trunc-${i}`);
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500).map((id) => ({ id, type: 'ToolCallStarted', timestamp: new Date().toISOString(), session_id: 't', tool_name: 'Bash', cwd: '/p'.repeat(50) }));
    const a = await httpRequest(s.info.url, { body: JSON.stringify(batch), headers: { authorization: `Bearer ${s.info.token}`, 'content-type': 'application/json' } });
    assert.equal(a.status, 200);
  }
  await s.stop();
  const snap = join(dataDir, 'events.sqlite');
  const bytes = readFileSync(snap);
  writeFileSync(snap, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  s = await startServe(home, dataDir);
  const health = await httpRequest(s.info.url, { method: 'GET', path: '/v1/health' });
  assert.equal(health.status, 200);
  const after = await httpRequest(s.info.url, { body: JSON.stringify({ id: 'after-trunc', type: 'ToolCallStarted', timestamp: new Date().toISOString(), session_id: 't', tool_name: 'Bash' }), headers: { authorization: `Bearer ${s.info.token}`, 'content-type': 'application/json' } });
  assert.equal(after.status, 200, after.body);
  await s.stop();
  assert.match(s.log(), /snapshot/i);
  assert.ok(readdirSync(dataDir).some((f) => f.startsWith('events.sqlite.corrupt-')), 'the truncated snapshot is kept aside');
  const stored = storedEvents(dataDir).map((e) => e.id);
  assert.ok(stored.includes('after-trunc'), 'the store works after recovery');
  assert.equal(new Set(stored).size, stored.length);
  assert.ok(stored.every((id) => id === 'after-trunc' || ids.includes(id)), 'nothing invented');
});

test('a journal with torn and garbage lines: valid lines replayed, the bad file kept aside, the skip reported', async () => {
  requireBuild();
  const home = tempDir('home');
  const dataDir = tempDir('data');
  mkdirSync(dataDir, { recursive: true });
  const line = (id: string) => `${JSON.stringify({ id, type: 'ToolCallStarted', timestamp: new Date().toISOString(), session_id: 'j', tool_name: 'Bash' })}\n`;
  const journal = join(dataDir, 'journal-000001.ndjson');
  writeFileSync(journal, line('j-1') + line('j-2'));
  appendFileSync(journal, '\u0000\u0000garbage that is not json\n');
  appendFileSync(journal, `${JSON.stringify({ id: 'j-invalid', type: 'NotAType' })}\n`);
  appendFileSync(journal, line('j-3'));
  appendFileSync(journal, line('j-torn').slice(0, 30)); // a write torn by a crash
  const s = await startServe(home, dataDir);
  await s.stop();
  assert.match(s.log(), /journal: skipped 3 unreadable line/);
  assert.match(s.log(), /kept (a copy )?aside/i, 'the log says where the bad journal went');
  assert.ok(readdirSync(dataDir).some((f) => /^journal-000001\.ndjson\.corrupt-/.test(f)), 'a copy of the bad journal is kept');
  assert.deepEqual(storedEvents(dataDir).map((e) => e.id).sort(), ['j-1', 'j-2', 'j-3']);
});
