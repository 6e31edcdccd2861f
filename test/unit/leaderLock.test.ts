// The leader lock decides which window owns the port and the store: exactly one holder, a dead holder's
// lock is taken over, a live one's never, and nobody removes a lock that is not theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeaderLock, LOCK_FILE, pidAlive } from '../../src/extension/ingest/LeaderLock';

const home = () => mkdtempSync(join(tmpdir(), 'heatdesk-lock-'));
const alive = () => true;
const dead = () => false;
const foreign = (pid: number, nonce = 'someone-else') => `${JSON.stringify({ pid, nonce, since: new Date().toISOString() })}\n`;

test('one holder at a time; the holder is named in the file', () => {
  const h = home();
  const a = new LeaderLock(h, alive);
  const b = new LeaderLock(h, alive);
  assert.equal(a.tryAcquire(), true);
  assert.equal(b.tryAcquire(), false, 'a live holder keeps the lock');
  assert.equal(b.holder()?.pid, process.pid);
  a.release();
  assert.equal(b.tryAcquire(), true, 'released: the next one takes it');
});

test('a lock whose holder died (kill -9) is taken over', () => {
  const h = home();
  writeFileSync(join(h, LOCK_FILE), foreign(999_999));
  assert.equal(new LeaderLock(h, alive).tryAcquire(), false, 'holder alive: not taken');
  const taker = new LeaderLock(h, dead);
  assert.equal(taker.tryAcquire(), true, 'holder dead: taken');
  assert.equal(taker.holder()?.pid, process.pid);
  // Our own pid, but no instance here holds it: left by a service of this process that never released it.
  const h2 = home();
  writeFileSync(join(h2, LOCK_FILE), foreign(process.pid, 'left-behind'));
  assert.equal(new LeaderLock(h2, alive).tryAcquire(), true);
});

test('an empty lock file is a holder still writing it, until it is clearly abandoned', () => {
  const h = home();
  const file = join(h, LOCK_FILE);
  writeFileSync(file, '');
  assert.equal(new LeaderLock(h, dead).tryAcquire(), false, 'fresh and empty: someone is writing it');
  const old = new Date(Date.now() - 60_000);
  utimesSync(file, old, old);
  assert.equal(new LeaderLock(h, dead).tryAcquire(), true, 'empty for a minute: abandoned');
});

test('release removes only a lock that is still ours', () => {
  const h = home();
  const a = new LeaderLock(h, alive);
  assert.ok(a.tryAcquire());
  assert.equal(a.stillOurs(), true);
  writeFileSync(join(h, LOCK_FILE), foreign(4242, 'replaced'));
  assert.equal(a.stillOurs(), false, 'a replaced lock is noticed');
  a.release();
  assert.match(readFileSync(join(h, LOCK_FILE), 'utf8'), /replaced/, 'the other holder’s lock is left alone');
});

test('pidAlive: this process is alive, a reaped child is not', async () => {
  assert.equal(pidAlive(process.pid), true);
  const c = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => c.on('exit', r));
  assert.equal(pidAlive(c.pid ?? -1), false);
  assert.equal(pidAlive(-1), false);
});

test('six processes racing for a stale lock at the same instant: exactly one wins', async () => {
  const h = home();
  writeFileSync(join(h, LOCK_FILE), foreign(999_999)); // left by a leader that died
  const startAt = Date.now() + 1500;
  const script = join(__dirname, '..', 'fixtures', 'lockRace.ts');
  const kids = Array.from({ length: 6 }, () => spawn(process.execPath, ['--import', 'tsx', script, h, String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  try {
    const answers = await Promise.all(
      kids.map((k) => new Promise<string>((resolve) => k.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())))),
    );
    assert.equal(answers.filter((a) => a === '1').length, 1, `winners: ${answers.join(',')}`);
    const holder = JSON.parse(readFileSync(join(h, LOCK_FILE), 'utf8')) as { pid: number };
    const winner = kids[answers.indexOf('1')];
    assert.equal(holder.pid, winner?.pid, 'the file names the winner');
  } finally {
    kids.forEach((k) => k.kill('SIGKILL'));
  }
});
