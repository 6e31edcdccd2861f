// ingest.json / spool formats shared by hooks and server, and the CLI's option parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homeFile, parseIngestInfo, parseLoopbackUrl, parseNdjson, resolveHeatdeskHome, spoolLine } from '../../src/shared/ingestInfo';
import { parseEventsOptions, parseServeOptions } from '../../src/cli/cliOptions';
import { UsageError } from '../../src/cli/usage';
import type { HeatdeskEvent } from '../../src/shared/events';

test('HEATDESK_HOME wins when set; otherwise ~/.heatdesk', () => {
  assert.equal(resolveHeatdeskHome({ HEATDESK_HOME: '/tmp/hd' }, '/home/u'), '/tmp/hd');
  assert.equal(resolveHeatdeskHome({ HEATDESK_HOME: '  ' }, '/home/u/'), '/home/u/.heatdesk');
  assert.equal(resolveHeatdeskHome({}, '/home/u'), '/home/u/.heatdesk');
  assert.equal(homeFile('/tmp/hd', 'ingest.json'), '/tmp/hd/ingest.json');
  assert.equal(homeFile('/tmp/hd/', 'ingest.json'), '/tmp/hd/ingest.json');
});

test('ingest.json must point at loopback http with a token; a tampered file sends nothing off the machine', () => {
  assert.deepEqual(parseIngestInfo('{"url":"http://127.0.0.1:4312","token":"abc","pid":7,"capturePrompts":true,"x":1}'), {
    url: 'http://127.0.0.1:4312',
    token: 'abc',
    pid: 7,
    capturePrompts: true,
  });
  assert.equal(parseIngestInfo('{"url":"http://127.0.0.1:4312","token":"abc","capturePrompts":"yes"}')?.capturePrompts, undefined);
  for (const bad of ['', 'nope', '[]', '{"url":"http://127.0.0.1:1"}', '{"url":"http://evil.example:80","token":"t"}', '{"url":"https://127.0.0.1:1","token":"t"}', '{"url":"http://127.0.0.1:1","token":""}']) {
    assert.equal(parseIngestInfo(bad), null, bad);
  }
  assert.deepEqual(parseLoopbackUrl('http://[::1]:9/'), { host: '::1', port: 9 });
  assert.equal(parseLoopbackUrl('http://127.0.0.1:0'), null);
  assert.equal(parseLoopbackUrl('http://127.0.0.1:99999'), null);
  assert.equal(parseLoopbackUrl('http://127.0.0.1.evil.example:80'), null);
});

test('spool lines round-trip; torn lines are counted, not thrown', () => {
  const e = { id: 'a', type: 'SessionStarted', timestamp: '2026-12-01T10:00:00Z', session_id: 's' } as HeatdeskEvent;
  const text = spoolLine(e) + spoolLine({ ...e, id: 'b' }) + '{"id":"c","ty';
  assert.ok(spoolLine(e).endsWith('}\n'));
  const r = parseNdjson(text);
  assert.deepEqual(r.values.map((v) => (v as { id: string }).id), ['a', 'b']);
  assert.equal(r.badLines, 1);
});

test('serve options: defaults, overrides, and usage errors', () => {
  const d = parseServeOptions([], { HEATDESK_HOME: '/tmp/hd' });
  assert.deepEqual(d, { home: '/tmp/hd', dataDir: '/tmp/hd/data', port: 0, capturePrompts: false, printEvents: false, maxAgeDays: 0, maxEvents: 0 });
  const o = parseServeOptions(['--port', '4312', '--data-dir', '/tmp/d', '--home', '/tmp/h', '--capture-prompts', '--print-events', '--max-events', '1000'], {});
  assert.deepEqual(o, { home: '/tmp/h', dataDir: '/tmp/d', port: 4312, capturePrompts: true, printEvents: true, maxAgeDays: 0, maxEvents: 1000 });
  for (const bad of [['--port', 'x'], ['--port', '-1'], ['--port', '65536'], ['--nope'], ['--port'], ['extra'], ['--data-dir', '']]) {
    assert.throws(() => parseServeOptions(bad, {}), UsageError, bad.join(' '));
  }
  assert.equal(parseEventsOptions(['--data-dir', '/tmp/d'], {}).dataDir, '/tmp/d');
  assert.throws(() => parseEventsOptions(['--port', '1'], {}), UsageError);
});
