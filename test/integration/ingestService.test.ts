// startIngestService as the extension uses it, in-process: live listeners, the enricher seam (a failing
// or slow enricher never costs an event), reset, and a close that hands the port and ingest.json back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { startIngestService } from '../../src/extension/ingest/IngestService';
import type { EventEnricher } from '../../src/extension/ingest/types';
import type { HeatdeskEvent } from '../../src/shared/events';
import { silentLogger } from '../../src/extension/log';
import { http, postEvents, sampleEvent, tempDirs } from './helpers/eventPath';

const mk = tempDirs();

test('listeners get each new batch once it is durable; duplicates are not re-announced', async () => {
  const home = mk('home');
  const svc = await startIngestService({ dataDir: mk('data'), home, port: 0, log: silentLogger });
  try {
    const info = JSON.parse(readFileSync(join(home, 'ingest.json'), 'utf8')) as { url: string; token: string; pid: number };
    assert.deepEqual([info.url, info.token, info.pid], [svc.url, svc.token, process.pid]);
    assert.equal(statSync(join(home, 'ingest.json')).mode & 0o777, 0o600);
    const seen: string[][] = [];
    const off = svc.onEvents((batch) => seen.push(batch.map((e) => e.id)));
    const a = sampleEvent();
    const b = sampleEvent();
    await postEvents(svc, [a, b]);
    await postEvents(svc, [a]);
    off();
    await postEvents(svc, [sampleEvent()]);
    assert.deepEqual(seen, [[a.id, b.id]]);
    assert.equal(svc.allEvents().length, 3);
    await svc.reset();
    assert.deepEqual(svc.allEvents(), []);
  } finally {
    await svc.close();
  }
  assert.ok(!existsSync(join(home, 'ingest.json')), 'close removes our ingest.json');
  await assert.rejects(http(`${svc.url}/v1/health`), 'the port is closed');
});

/** POST over a shared keep-alive agent; resolves with the status, the JSON answer and the socket used. */
function postOn(agent: Agent, svc: { url: string }, token: string, body: unknown): Promise<{ status: number; json: unknown; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const req = request(`${svc.url}/v1/events`, { method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined, socket: res.socket }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('concurrent requests with overlapping ids: each answer counts its own new events; every id is stored and announced once', async () => {
  const data = mk('data');
  const svc = await startIngestService({ dataDir: data, home: mk('home'), port: 0, log: silentLogger });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const announced: string[] = [];
    svc.onEvents((batch) => announced.push(...batch.map((e) => e.id)));
    const pool = Array.from({ length: 40 }, () => sampleEvent());
    // 240 requests of 2–3 events drawn from 40, sent at once over 16 connections: most ids arrive several
    // times in the same group commit, some twice within one request.
    const bodies = Array.from({ length: 240 }, (_, i) => {
      const first = pool[(i * 7) % 40] as HeatdeskEvent;
      return [first, pool[(i * 11 + 3) % 40] as HeatdeskEvent, ...(i % 3 === 0 ? [first] : [])];
    });
    const replies = await Promise.all(bodies.map((b) => postOn(agent, svc, svc.token, b)));
    let fresh = 0;
    replies.forEach((r, i) => {
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const a = r.json as { received: number; new: number; duplicates: number };
      assert.equal(a.received, bodies[i]?.length);
      assert.equal(a.new + a.duplicates, a.received);
      fresh += a.new;
    });
    assert.equal(fresh, pool.length, 'the answers together call each event new exactly once');
    const ids = pool.map((e) => e.id).sort();
    assert.deepEqual([...announced].sort(), ids, 'each event announced once');
    assert.deepEqual(svc.allEvents().map((e) => e.id).sort(), ids);
  } finally {
    agent.destroy();
    await svc.close();
  }
  const reopened = await startIngestService({ dataDir: data, home: mk('home'), port: 0, log: silentLogger });
  try {
    assert.equal(reopened.allEvents().length, 40, 'nothing stored twice on disk either');
  } finally {
    await reopened.close();
  }
});

test('a connection that once sent the right token is still refused when it sends a wrong one', async () => {
  const svc = await startIngestService({ dataDir: mk('data'), home: mk('home'), port: 0, log: silentLogger });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const good = await postOn(agent, svc, svc.token, sampleEvent());
    const bad = await postOn(agent, svc, `${svc.token}x`, sampleEvent());
    const none = await postOn(agent, svc, '', sampleEvent());
    const again = await postOn(agent, svc, svc.token, sampleEvent());
    assert.equal(bad.socket, good.socket, 'the same keep-alive connection');
    assert.deepEqual([good.status, bad.status, none.status, again.status], [200, 401, 401, 200]);
    assert.equal(svc.allEvents().length, 2);
  } finally {
    agent.destroy();
    await svc.close();
  }
});

test('the enricher fills fields before storing; a failing, slow or wrong enricher stores the event as it came', async () => {
  const data = mk('data');
  const home = mk('home');
  const enrich: EventEnricher = async (e) => {
    const mode = e['tool_use_id'];
    if (mode === 'toolu_throw') throw new Error('transcript unreadable');
    if (mode === 'toolu_slow') return new Promise<HeatdeskEvent>(() => undefined); // never settles
    if (mode === 'toolu_bad') return { ...e, input_tokens: -5 };
    return { ...e, input_tokens: 1200, output_tokens: 300, model: 'claude-sonnet-5' };
  };
  const svc = await startIngestService({ dataDir: data, home, port: 0, log: silentLogger, enrich, enrichTimeoutMs: 300 });
  try {
    const ok = sampleEvent({ tool_use_id: 'toolu_ok' });
    const thrown = sampleEvent({ tool_use_id: 'toolu_throw' });
    const slow = sampleEvent({ tool_use_id: 'toolu_slow' });
    const bad = sampleEvent({ tool_use_id: 'toolu_bad' });
    const r = await postEvents(svc, [ok, thrown, slow, bad]);
    assert.equal(r.status, 200);
    const byId = new Map(svc.allEvents().map((e) => [e.id, e]));
    assert.equal(byId.get(ok.id)?.input_tokens, 1200);
    assert.equal(byId.get(ok.id)?.model, 'claude-sonnet-5');
    for (const e of [thrown, slow, bad]) assert.deepEqual(byId.get(e.id), e);
  } finally {
    await svc.close();
  }
});

test('a port already taken is a clear error and leaves no ingest.json', async () => {
  const home1 = mk('home');
  const first = await startIngestService({ dataDir: mk('data'), home: home1, port: 0, log: silentLogger });
  const home2 = mk('home');
  try {
    const port = Number(new URL(first.url).port);
    await assert.rejects(startIngestService({ dataDir: mk('data'), home: home2, port, log: silentLogger }), /cannot listen on 127\.0\.0\.1:\d+/);
    assert.ok(!existsSync(join(home2, 'ingest.json')));
  } finally {
    await first.close();
  }
});

test('a stable token (for Claude Code http hooks) is used as given; an unusable one is refused clearly', async () => {
  const token = 'stable-token-for-http-hooks-0123456789';
  const svc = await startIngestService({ dataDir: mk('data'), home: mk('home'), port: 0, log: silentLogger, token });
  try {
    assert.equal(svc.token, token);
    const r = await http(`${svc.url}/v1/hooks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ session_id: 's1', hook_event_name: 'Stop', cwd: '/tmp' }),
    });
    assert.equal(r.status, 204);
  } finally {
    await svc.close();
  }
  await assert.rejects(startIngestService({ dataDir: mk('data'), home: mk('home'), port: 0, log: silentLogger, token: 'has spaces in it, too short' }), /ingest token/);
});
