// Real hook processes fed Claude Code's stdin reach the real server and store; when no server answers
// (down, or hung) the hooks spool, and the next server start takes the spool in exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOK_EVENT_NAMES, HOOK_SCRIPTS } from '../../src/shared/hookMapping';
import { hookInputs, SESSION } from '../fixtures/hookInputs';
import { runHook, serve, spoolLines, storedEvents, waitForStored, tempDirs } from './helpers/eventPath';

const mk = tempDirs();

test('every hook script delivers its event to the running server, silently and with exit 0', async () => {
  const home = mk('home');
  const data = mk('data');
  const s = await serve(home, data);
  try {
    for (const name of HOOK_EVENT_NAMES) {
      const r = await runHook(HOOK_SCRIPTS[name], hookInputs[name], home);
      assert.equal(r.code, 0, `${name} exit code`);
      assert.equal(r.stdout, '', `${name} printed to stdout`);
      assert.equal(r.stderr, '', `${name} printed to stderr`);
    }
    const events = await waitForStored(data, HOOK_EVENT_NAMES.length);
    assert.deepEqual(
      events.map((e) => e.type),
      ['SessionStarted', 'UserPrompt', 'ToolCallStarted', 'ToolCallCompleted', 'ToolCallFailed', 'WaitingForUser', 'WaitingForUser', 'SessionEnded', 'AgentSpawned', 'AgentCompleted', 'ContextCompaction', 'SessionEnded'],
    );
    assert.ok(events.every((e) => e.session_id === SESSION));
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'ids are unique');
    assert.equal(events.find((e) => e.type === 'ToolCallCompleted')?.['duration_ms'], 4187);
    // Each script maps as the event it is installed for: Stop is a finished turn, SessionEnd the real end.
    assert.deepEqual(events.filter((e) => e.type === 'SessionEnded').map((e) => e['reason']), ['stop', 'prompt_input_exit']);
    assert.deepEqual(events.filter((e) => e.type === 'WaitingForUser').map((e) => e['kind']), ['notification', 'permission']);
    // Privacy: what Claude Code sent as prompt, tool input/output or messages is not in the store.
    const all = JSON.stringify(events);
    for (const secret of ['refactor the secret', 'npm test', 'all good', 'secret stderr', 'rm -rf', 'Done, tests pass']) {
      assert.ok(!all.includes(secret), `store holds "${secret}"`);
    }
    assert.deepEqual(spoolLines(home), [], 'nothing is left in the spool once the running server took the events');
  } finally {
    await s.stop();
  }
});

test('server down: hooks spool; the next start drains the spool exactly once', async () => {
  const home = mk('home');
  const data = mk('data');
  // A stale ingest.json pointing at a port nobody listens on, as a crashed server leaves behind.
  const s0 = await serve(home, data);
  const stale = JSON.stringify({ url: s0.url, token: s0.token });
  await s0.stop();
  writeFileSync(join(home, 'ingest.json'), stale, { mode: 0o600 });

  for (const name of ['PreToolUse', 'PostToolUse', 'SubagentStart'] as const) {
    const r = await runHook(HOOK_SCRIPTS[name], hookInputs[name], home);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
  }
  const spooled = spoolLines(home).map((l) => JSON.parse(l) as { id: string; type: string });
  assert.deepEqual(spooled.map((e) => e.type), ['ToolCallStarted', 'ToolCallCompleted', 'AgentSpawned']);
  assert.deepEqual(storedEvents(data), []);

  const s1 = await serve(home, data);
  try {
    const ids = storedEvents(data).map((e) => e.id);
    assert.deepEqual(ids, spooled.map((e) => e.id), 'the spooled events are stored with the ids they were spooled with');
    assert.ok(!existsSync(join(home, 'spool.ndjson')));
    assert.deepEqual(readdirSync(home).filter((n) => n.startsWith('spool.')), [], 'drained spool files are removed');
    assert.deepEqual(readdirSync(join(home, 'spool')), [], 'the spool folder is empty');
  } finally {
    await s1.stop();
  }
  // A second start finds nothing more to drain: still one copy of each.
  const s2 = await serve(home, data);
  await s2.stop();
  assert.equal(storedEvents(data).length, 3);
});

test('no ingest.json at all (no server ever ran): the hook spools and exits 0', async () => {
  const home = mk('home');
  const r = await runHook('pre-tool-use', hookInputs.PreToolUse, home);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
  assert.equal(spoolLines(home).length, 1);
});

test('a server that accepts and never answers: the hook does not even wait on it; the event is spooled', async () => {
  const home = mk('home');
  const sockets: Socket[] = [];
  const hung = createServer((sock) => sockets.push(sock)); // accepts, reads nothing, answers nothing
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  const port = (hung.address() as { port: number }).port;
  writeFileSync(join(home, 'ingest.json'), JSON.stringify({ url: `http://127.0.0.1:${port}`, token: 't' }), { mode: 0o600 });
  try {
    const r = await runHook('pre-tool-use', hookInputs.PreToolUse, home);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
    assert.ok(r.ms < 1500, `hook took ${r.ms} ms against a hung server`);
    assert.equal(sockets.length, 0, 'the hook leaves its event in the spool and never waits on a server');
    const spooled = spoolLines(home).map((l) => JSON.parse(l) as { type: string; tool_use_id: string });
    assert.deepEqual(spooled.map((e) => [e.type, e.tool_use_id]), [['ToolCallStarted', 'toolu_01ABC123']]);
  } finally {
    sockets.forEach((s) => s.destroy());
    hung.close();
  }
});

test('a parent that never closes stdin does not keep the hook alive', async () => {
  const home = mk('home');
  const { spawn } = await import('node:child_process');
  const { hookScript } = await import('./helpers/eventPath');
  const started = Date.now();
  const child = spawn(process.execPath, [hookScript('pre-tool-use')], { env: { ...process.env, HEATDESK_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.write(JSON.stringify(hookInputs.PreToolUse)); // complete JSON, but the pipe stays open
  const code = await new Promise<number | null>((r) => child.on('close', r));
  child.stdin.destroy();
  assert.equal(code, 0);
  assert.equal(out, '');
  assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  assert.equal(spoolLines(home).length, 1, 'the event was still captured');
});

test('garbage on stdin: exit 0, nothing printed, nothing sent or spooled', async () => {
  const home = mk('home');
  for (const input of ['', 'not json', '[1,2]', '{"hook_event_name":"PreToolUse"}']) {
    const r = await runHook('pre-tool-use', input, home);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', ''], `input ${JSON.stringify(input)}`);
  }
  assert.deepEqual(spoolLines(home), []);
});

test('a spool written while the server already runs (a hook that started before it) is taken in soon', async () => {
  const home = mk('home');
  const data = mk('data');
  const s = await serve(home, data);
  try {
    const late = { id: 'late-spooled-1', type: 'ToolCallStarted', timestamp: '2026-12-01T10:00:00.000Z', session_id: SESSION, tool_name: 'Read' };
    writeFileSync(join(home, 'spool.ndjson'), `${JSON.stringify(late)}\n`, { flag: 'a', mode: 0o600 });
    const deadline = Date.now() + 5000;
    while (!storedEvents(data).some((e) => e.id === late.id)) {
      assert.ok(Date.now() < deadline, 'the running server did not drain the new spool within 5 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(!existsSync(join(home, 'spool.ndjson')));
  } finally {
    await s.stop();
  }
});

test('prompt text is kept only when the user turned capture on (serve --capture-prompts → ingest.json flag)', async () => {
  const home = mk('home');
  const data = mk('data');
  const s = await serve(home, data, ['--capture-prompts']);
  try {
    const r = await runHook('user-prompt-submit', hookInputs.UserPromptSubmit, home);
    assert.equal(r.code, 0);
    const [prompt] = storedEvents(data);
    assert.equal(prompt?.['prompt'], hookInputs.UserPromptSubmit.prompt);
  } finally {
    await s.stop();
  }
});
