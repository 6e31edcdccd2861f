import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnricher } from '../../src/extension/enrich';
import type { Logger } from '../../src/extension/log';
import type { HeatdeskEvent } from '../../src/shared/events';
import { validateEvent } from '../../src/shared/validation';
import { jsonl, responseLines, userLine } from '../fixtures/transcriptFixtures';

const SESSION = '1a8d294c-6dc6-4fa6-962c-24493cbe5924';
const AGENT = 'a91a01359700cebc7';
const CWD = '/home/u/proj';

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

function claudeDir(): { config: string; project: string; main: string; done: () => void } {
  const config = mkdtempSync(join(tmpdir(), 'heatdesk-claude-'));
  const project = join(config, 'projects', '-home-u-proj');
  mkdirSync(join(project, SESSION, 'subagents'), { recursive: true });
  const main = join(project, `${SESSION}.jsonl`);
  // Main agent: two responses, the second one the latest (its context is what pressure is about).
  writeFileSync(
    main,
    jsonl([
      userLine('hi', SESSION),
      ...responseLines({ msgId: 'msg_m1', requestId: 'req_m1', blocks: 2, model: 'claude-opus-4-6', usage: { input: 10, output: 100, cacheCreation: 20000 } }),
      ...responseLines({ msgId: 'msg_m2', requestId: 'req_m2', blocks: 3, model: 'claude-opus-4-6', usage: { input: 6, output: 50, cacheRead: 20000, cacheCreation: 4000, breakdown: { m5: 1000, h1: 3000 } } }),
    ]),
  );
  return { config, project, main, done: () => rmSync(config, { recursive: true, force: true }) };
}

const base = { timestamp: '2026-12-01T10:00:00.000Z', session_id: SESSION, cwd: CWD };

test('a Stop gets the main agent cumulative deduplicated tokens, model and context pressure', async () => {
  const d = claudeDir();
  try {
    const enrich = createEnricher({ claudeConfigDir: d.config, log: recorder() });
    const out = await enrich({ ...base, id: 'e1', type: 'SessionEnded', reason: 'stop', transcript_path: d.main });
    assert.equal(out.input_tokens, 10 + 6);
    assert.equal(out.output_tokens, 100 + 50);
    assert.equal(out.cache_read_input_tokens, 20000);
    assert.equal(out.cache_creation_input_tokens, 20000 + 1000 + 3000);
    assert.equal(out.model, 'claude-opus-4-6');
    // Latest response: 6 + 20000 + 4000 over Opus 4.6's 200k window.
    assert.equal(out.context_pressure, (6 + 20000 + 4000) / 200_000);
    assert.equal(out['cache_creation_1h_input_tokens'], 3000);
    assert.ok(validateEvent(out).ok);
  } finally {
    d.done();
  }
});

test('token fields the hook supplied are kept; only the missing ones are filled', async () => {
  const d = claudeDir();
  try {
    const enrich = createEnricher({ claudeConfigDir: d.config, log: recorder() });
    const out = await enrich({ ...base, id: 'e1', type: 'SessionEnded', reason: 'other', transcript_path: d.main, input_tokens: 1, output_tokens: 2 });
    assert.equal(out.input_tokens, 1);
    assert.equal(out.output_tokens, 2);
    assert.equal(out.cache_read_input_tokens, 20000);
  } finally {
    d.done();
  }
});

test('a subagent counts its own transcript, in the current layout and the older one, with or without the path', async () => {
  const d = claudeDir();
  try {
    const current = join(d.project, SESSION, 'subagents', `agent-${AGENT}.jsonl`);
    writeFileSync(current, jsonl(responseLines({ msgId: 'msg_s1', requestId: 'req_s1', blocks: 2, sidechain: true, agentId: AGENT, model: 'claude-haiku-4-5', usage: { input: 3, output: 30, cacheRead: 700 } })));
    const enrich = createEnricher({ claudeConfigDir: d.config, log: recorder() });
    const stop = { ...base, id: 'e2', type: 'AgentCompleted' as const, agent_id: AGENT, transcript_path: d.main };
    const withPath = await enrich({ ...stop, agent_transcript_path: current });
    const located = await enrich(stop);
    for (const out of [withPath, located]) {
      assert.equal(out.input_tokens, 3);
      assert.equal(out.output_tokens, 30);
      assert.equal(out.cache_read_input_tokens, 700);
      assert.equal(out.model, 'claude-haiku-4-5');
    }
    // Older Claude Code: agent-<id>.jsonl beside the session file.
    const OLD = 'b00000000000000ol';
    writeFileSync(join(d.project, `agent-${OLD}.jsonl`), jsonl(responseLines({ msgId: 'msg_o1', requestId: 'req_o1', sidechain: true, usage: { input: 4, output: 44 } })));
    const old = await enrich({ ...stop, agent_id: OLD });
    assert.equal(old.output_tokens, 44);
    // Neither transcript_path nor agent path: found through the cwd's project folder.
    const noPaths = await enrich({ ...base, id: 'e3', type: 'AgentCompleted', agent_id: AGENT });
    assert.equal(noPaths.output_tokens, 30);
  } finally {
    d.done();
  }
});

test('PreCompact gets context pressure with the model window: 1M for extended models, overridable', async () => {
  const d = claudeDir();
  try {
    const file = join(d.project, 'sonnet.jsonl');
    writeFileSync(file, jsonl(responseLines({ msgId: 'msg_x', requestId: 'req_x', model: 'claude-sonnet-5', usage: { input: 1000, output: 5, cacheRead: 499000 } })));
    const ev: HeatdeskEvent = { ...base, id: 'e4', type: 'ContextCompaction', trigger: 'auto', transcript_path: file };
    const table = await createEnricher({ claudeConfigDir: d.config, log: recorder() })(ev);
    assert.equal(table.context_pressure, (1000 + 499000) / 1_000_000);
    const overridden = await createEnricher({ claudeConfigDir: d.config, log: recorder(), contextWindows: { 'claude-sonnet': 500_000 } })(ev);
    assert.equal(overridden.context_pressure, 1);
  } finally {
    d.done();
  }
});

test('a session started as "[1m]" gets the 1M window although its transcript names the bare model', async () => {
  const d = claudeDir();
  try {
    const file = join(d.project, 'long.jsonl');
    writeFileSync(file, jsonl(responseLines({ msgId: 'msg_l', requestId: 'req_l', model: 'claude-sonnet-4-5-20250929', usage: { input: 100, output: 5, cacheRead: 299900 } })));
    const enrich = createEnricher({ claudeConfigDir: d.config, log: recorder() });
    await enrich({ ...base, id: 's0', type: 'SessionStarted', source: 'startup', model: 'claude-sonnet-4-5[1m]', transcript_path: file });
    const out = await enrich({ ...base, id: 's1', type: 'SessionEnded', reason: 'stop', transcript_path: file });
    assert.equal(out.context_pressure, 300_000 / 1_000_000);
    const other = await enrich({ ...base, id: 's2', session_id: 'another-session', type: 'SessionEnded', reason: 'stop', transcript_path: file });
    assert.equal(other.context_pressure, 300_000 / 200_000);
  } finally {
    d.done();
  }
});

test('a transcript path outside the Claude config dir is ignored: the event is stored as it came', async () => {
  const d = claudeDir();
  const outside = mkdtempSync(join(tmpdir(), 'heatdesk-outside-'));
  try {
    const file = join(outside, 'x.jsonl');
    writeFileSync(file, jsonl(responseLines({ msgId: 'm', requestId: 'r', usage: { input: 1, output: 1 } })));
    const log = recorder();
    const ev: HeatdeskEvent = { ...base, id: 'e5', type: 'SessionEnded', reason: 'stop', transcript_path: file };
    const out = await createEnricher({ claudeConfigDir: d.config, log })(ev);
    assert.deepEqual(out, ev);
    assert.ok(log.lines.some((l) => l.includes('outside the Claude config dir')));
  } finally {
    d.done();
    rmSync(outside, { recursive: true, force: true });
  }
});

test('events that carry no tokens pass through untouched', async () => {
  const d = claudeDir();
  try {
    const ev: HeatdeskEvent = { ...base, id: 'e6', type: 'ToolCallStarted', tool_name: 'Bash', tool_use_id: 't1', transcript_path: d.main };
    assert.deepEqual(await createEnricher({ claudeConfigDir: d.config, log: recorder() })(ev), ev);
  } finally {
    d.done();
  }
});
