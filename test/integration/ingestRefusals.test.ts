// The ingest server on 127.0.0.1 is reachable by every local process and every web page: each class of
// request it must refuse gets a JSON error and stores nothing; good requests are stored once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { hookInputs } from '../fixtures/hookInputs';
import { http, postEvents, removeDir, sampleEvent, serve, storedEvents, tempDir, type Reply, type Served } from './helpers/eventPath';

let home: string;
let data: string;
let s: Served;
before(async () => {
  home = tempDir('home');
  data = tempDir('data');
  s = await serve(home, data);
});
after(async () => {
  await s.stop();
  removeDir(home);
  removeDir(data);
});

const auth = () => ({ Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' });

function assertJsonError(name: string, r: Reply, status: number, pattern: RegExp): void {
  assert.equal(r.status, status, `${name}: expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(String(r.headers['content-type']), /^application\/json/, name);
  const error = (r.json as { error?: unknown } | undefined)?.error;
  assert.equal(typeof error, 'string', `${name}: body ${r.text} has an "error" string`);
  assert.match(String(error), pattern, name);
}

test('health answers 200 JSON without a token', async () => {
  const r = await http(`${s.url}/v1/health`);
  assert.equal(r.status, 200);
  assert.equal((r.json as { ok: boolean }).ok, true);
});

test('every refused request class answers JSON and stores nothing', async () => {
  const valid = JSON.stringify(sampleEvent());
  const before = storedEvents(data).length;
  const cases: Array<[string, Promise<Reply>, number, RegExp]> = [
    ['no token', http(`${s.url}/v1/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: valid }), 401, /token/],
    ['wrong token', http(`${s.url}/v1/events`, { method: 'POST', headers: { ...auth(), Authorization: `Bearer ${s.token}x` }, body: valid }), 401, /token/],
    ['Origin header (a web page)', http(`${s.url}/v1/events`, { method: 'POST', headers: { ...auth(), Origin: 'http://evil.example' }, body: valid }), 403, /Origin/],
    ['Origin even on health', http(`${s.url}/v1/health`, { headers: { Origin: 'http://evil.example' } }), 403, /Origin/],
    ['non-loopback Host (DNS rebinding)', http(`${s.url}/v1/events`, { method: 'POST', headers: { ...auth(), Host: 'evil.example:80' }, body: valid }), 403, /Host/],
    ['bad JSON', http(`${s.url}/v1/events`, { method: 'POST', headers: auth(), body: '{"id": ' }), 400, /JSON/],
    ['invalid event', postEvents(s, { ...sampleEvent(), timestamp: 'yesterday' }), 400, /timestamp/],
    ['one bad event refuses the whole batch', postEvents(s, [sampleEvent(), { ...sampleEvent(), type: 'Explode' }]), 400, /event 1/],
    ['not a hook payload', http(`${s.url}/v1/hooks`, { method: 'POST', headers: auth(), body: '{"hello":1}' }), 400, /hook payload/],
    ['unknown path', http(`${s.url}/v1/nope`, { method: 'POST', headers: auth(), body: valid }), 404, /no such endpoint/],
    ['wrong method', http(`${s.url}/v1/events`, { method: 'PUT', headers: auth(), body: valid }), 405, /not allowed/],
    ['GET on events', http(`${s.url}/v1/events`, { headers: auth() }), 405, /not allowed/],
    ['body over 256 KB', postEvents(s, { ...sampleEvent(), blob: 'x'.repeat(300 * 1024) }), 413, /body over/],
    ['wrong content type', http(`${s.url}/v1/events`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: valid }), 415, /Content-Type/],
  ];
  for (const [name, pending, status, pattern] of cases) {
    assertJsonError(name, await pending, status, pattern);
  }
  const w = await http(`${s.url}/v1/events`, { method: 'PUT', headers: auth(), body: valid });
  assert.equal(w.headers['allow'], 'POST');
  assert.equal(storedEvents(data).length, before, 'no refused request stored anything');
});

test('a chunked body that grows past the cap is refused with 413', async () => {
  const port = Number(new URL(s.url).port);
  const reply = await new Promise<string>((resolve) => {
    const sock = connect(port, '127.0.0.1', () => {
      sock.write(`POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${s.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 5; i++) sock.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    });
    let text = '';
    sock.on('data', (d: Buffer) => (text += d.toString()));
    sock.on('close', () => resolve(text));
    sock.on('error', () => resolve(text));
    setTimeout(() => sock.destroy(), 3000);
  });
  assert.match(reply, /^HTTP\/1\.1 413 /);
  assert.match(reply, /"error":"body over/);
});

test('accepted events are stored once; a repeated id is acknowledged but not doubled', async () => {
  const a = sampleEvent();
  const b = sampleEvent({ type: 'SessionStarted', source: 'startup' });
  const first = await postEvents(s, [a, b]);
  assert.equal(first.status, 200);
  assert.deepEqual(first.json, { received: 2, new: 2, duplicates: 0 });
  const again = await postEvents(s, a);
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, { received: 1, new: 0, duplicates: 1 });
  const mixed = await postEvents(s, [b, sampleEvent(), sampleEvent()]);
  assert.deepEqual(mixed.json, { received: 3, new: 2, duplicates: 1 });
  const ids = storedEvents(data).map((e) => e.id);
  assert.equal(ids.filter((id) => id === a.id).length, 1);
  assert.equal(ids.filter((id) => id === b.id).length, 1);
});

test('POST /v1/hooks takes a raw Claude Code payload, gives it an id, and keeps prompts out', async () => {
  const r1 = await http(`${s.url}/v1/hooks`, { method: 'POST', headers: auth(), body: JSON.stringify(hookInputs.UserPromptSubmit) });
  const r2 = await http(`${s.url}/v1/hooks`, { method: 'POST', headers: auth(), body: JSON.stringify(hookInputs.UserPromptSubmit) });
  assert.equal(r1.status, 204);
  assert.equal(r1.text, '', 'an empty answer: Claude Code parses http hook bodies as hook output');
  assert.equal(r2.status, 204);
  const prompts = storedEvents(data).filter((e) => e.type === 'UserPrompt');
  assert.equal(prompts.length, 2, 'two deliveries of a raw payload are two events (the server makes the ids)');
  assert.notEqual(prompts[0]?.id, prompts[1]?.id);
  assert.equal(prompts[0]?.['prompt'], undefined);
  assert.equal(prompts[0]?.['prompt_length'], hookInputs.UserPromptSubmit.prompt.length);
});

test('requests the HTTP parser refuses (garbage request line, oversized headers) also get JSON errors', async () => {
  const port = Number(new URL(s.url).port);
  const raw = (text: string) =>
    new Promise<string>((resolve) => {
      const sock = connect(port, '127.0.0.1', () => sock.write(text));
      let out = '';
      sock.on('data', (d: Buffer) => (out += d.toString()));
      sock.on('close', () => resolve(out));
      sock.on('error', () => resolve(out));
      setTimeout(() => sock.destroy(), 3000);
    });
  const garbage = await raw('HELLO THERE\r\n\r\n');
  assert.match(garbage, /^HTTP\/1\.1 400 /);
  assert.match(garbage, /\r\n\r\n\{"error":"malformed HTTP request"\}$/);
  const huge = await raw(`GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
  assert.match(huge, /^HTTP\/1\.1 431 /);
  assert.match(huge, /\{"error":"request headers too large"\}$/);
});
