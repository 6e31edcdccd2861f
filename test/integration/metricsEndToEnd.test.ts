// The whole token path with real processes: Claude Code hook scripts (dist/hooks) → `heatdesk serve`
// (enriching from transcripts under CLAUDE_CONFIG_DIR) → store → `heatdesk stats`. The expected numbers
// are computed by hand from the usage figures written into the transcripts, not by the accounting code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jsonl, responseLines, syntheticLine, toolResultLine, userLine } from '../fixtures/transcriptFixtures';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const HOOKS = join(ROOT, 'dist', 'hooks');
const SESSION = '5e55e55e-1111-4222-8333-444455556666';
const AGENT = 'a1b2c3d4e5f607182';
const CWD = '/home/u/proj';

interface Stat {
  id: string;
  parentId: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  contextPressure: number;
  toolCallCount: number;
  toolCallDurationMs: number;
  costUsd: number;
  intensity: number;
}

async function waitFor(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('stats after real Stop and SubagentStop hooks equal a hand count over the transcripts, to the token', async (t) => {
  if (!existsSync(CLI) || !existsSync(join(HOOKS, 'stop.js'))) {
    assert.fail('dist/cli.js or dist/hooks missing: run `npm run build` first');
  }
  const home = mkdtempSync(join(tmpdir(), 'heatdesk-home-'));
  const data = mkdtempSync(join(tmpdir(), 'heatdesk-data-'));
  const claude = mkdtempSync(join(tmpdir(), 'heatdesk-claude-'));
  const project = join(claude, 'projects', '-home-u-proj');
  mkdirSync(join(project, SESSION, 'subagents'), { recursive: true });
  const mainPath = join(project, `${SESSION}.jsonl`);
  const agentPath = join(project, SESSION, 'subagents', `agent-${AGENT}.jsonl`);

  // Main transcript: 3 responses, duplicated block lines, placeholders, noise lines.
  writeFileSync(
    mainPath,
    jsonl([
      userLine('fix the bug', SESSION),
      ...responseLines({ sessionId: SESSION, msgId: 'msg_m1', requestId: 'req_m1', blocks: 3, placeholderEarly: true, model: 'claude-opus-4-6', usage: { input: 12, output: 410, cacheCreation: 31000, breakdown: { m5: 0, h1: 31000 } } }),
      toolResultLine(SESSION),
      ...responseLines({ sessionId: SESSION, msgId: 'msg_m2', requestId: 'req_m2', blocks: 2, model: 'claude-opus-4-6', usage: { input: 3, output: 95, cacheRead: 31000, cacheCreation: 1500 } }),
      syntheticLine(),
      ...responseLines({ sessionId: SESSION, msgId: 'msg_m3', blocks: 2, model: 'claude-opus-4-6', usage: { input: 7, output: 220, cacheRead: 32500, cacheCreation: 800 } }),
    ]),
  );
  // Subagent transcript (current layout): 2 responses.
  writeFileSync(
    agentPath,
    jsonl([
      ...responseLines({ sessionId: SESSION, agentId: AGENT, sidechain: true, msgId: 'msg_s1', requestId: 'req_s1', blocks: 2, model: 'claude-haiku-4-5', usage: { input: 900, output: 60, cacheCreation: 4000 } }),
      ...responseLines({ sessionId: SESSION, agentId: AGENT, sidechain: true, msgId: 'msg_s2', requestId: 'req_s2', blocks: 3, placeholderEarly: true, model: 'claude-haiku-4-5', usage: { input: 5, output: 130, cacheRead: 4000, cacheCreation: 200 } }),
    ]),
  );

  const env: NodeJS.ProcessEnv = { ...process.env, HEATDESK_HOME: home, CLAUDE_CONFIG_DIR: claude };
  delete env['CLAUDE_CODE_MAX_CONTEXT_TOKENS'];
  const server: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', data], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let serverLog = '';
  server.stderr?.on('data', (d: Buffer) => (serverLog += d.toString()));
  t.after(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    for (const d of [home, data, claude]) rmSync(d, { recursive: true, force: true });
  });
  await waitFor('ingest.json', () => existsSync(join(home, 'ingest.json')));

  const common = { session_id: SESSION, transcript_path: mainPath, cwd: CWD, permission_mode: 'default' };
  const hook = (script: string, payload: Record<string, unknown>): void => {
    const r = spawnSync(process.execPath, [join(HOOKS, `${script}.js`)], { input: JSON.stringify(payload), env, encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 0, `${script} exit code`);
    assert.equal(r.stdout, '', `${script} prints nothing`);
  };
  const storedEvents = (): Array<Record<string, unknown>> =>
    spawnSync(process.execPath, [CLI, 'events', '--data-dir', data], { env, encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  /** A hook that missed its time budget spools its event and the server drains the spool a little later. */
  const settled = (count: number): Promise<void> => waitFor(`${count} stored events`, () => storedEvents().length >= count, 20_000);
  const stats = (): Map<string, Stat> => {
    const r = spawnSync(process.execPath, [CLI, 'stats', '--data-dir', data], { env, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, `stats failed: ${r.stderr}`);
    const parsed = JSON.parse(r.stdout) as { agents: Stat[] };
    return new Map(parsed.agents.map((a) => [a.id, a]));
  };

  hook('session-start', { ...common, hook_event_name: 'SessionStart', source: 'startup' });
  hook('pre-tool-use', { ...common, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 'toolu_1' });
  hook('post-tool-use', { ...common, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: {}, tool_response: {}, tool_use_id: 'toolu_1', duration_ms: 1234 });
  hook('subagent-start', { ...common, hook_event_name: 'SubagentStart', agent_id: AGENT, agent_type: 'Explore' });
  hook('subagent-stop', { ...common, hook_event_name: 'SubagentStop', agent_id: AGENT, agent_type: 'Explore', agent_transcript_path: agentPath, stop_hook_active: false, last_assistant_message: 'done' });
  hook('stop', { ...common, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'fixed' });
  await settled(6);

  let s = stats();
  const main = s.get(SESSION);
  const sub = s.get(AGENT);
  assert.ok(main && sub, `both agents in stats; server log:\n${serverLog}`);
  // Hand count, main: one figure per response (the largest block line), synthetic line excluded.
  assert.equal(main.inputTokens, 12 + 3 + 7);
  assert.equal(main.outputTokens, 410 + 95 + 220);
  assert.equal(main.cacheReadTokens, 31000 + 32500);
  assert.equal(main.cacheCreationTokens, 31000 + 1500 + 800);
  assert.equal(main.contextPressure, (7 + 32500 + 800) / 200_000);
  assert.equal(main.toolCallCount, 1);
  assert.equal(main.toolCallDurationMs, 1234);
  // Opus 4.6 at $5/$25 per MTok, cache read $0.50, 5-minute write $6.25, 1-hour write $10.
  const mainCost = (22 * 5 + 725 * 25 + 63500 * 0.5 + 2300 * 6.25 + 31000 * 10) / 1e6;
  assert.ok(Math.abs(main.costUsd - mainCost) < 1e-6, `cost ${main.costUsd} vs ${mainCost}`);
  // Subagent: its own file only.
  assert.equal(sub.parentId, SESSION);
  assert.equal(sub.inputTokens, 900 + 5);
  assert.equal(sub.outputTokens, 60 + 130);
  assert.equal(sub.cacheReadTokens, 4000);
  assert.equal(sub.cacheCreationTokens, 4000 + 200);
  assert.equal(sub.contextPressure, (5 + 4000 + 200) / 200_000);
  // Heat: token scores (input + output) normalised by the larger one.
  assert.equal(sub.intensity, 1);
  assert.equal(main.intensity, (22 + 725) / (905 + 190));

  // One more turn appended; the next Stop reads only that and the totals move on, still exact.
  appendFileSync(mainPath, jsonl([userLine('and the tests', SESSION), ...responseLines({ sessionId: SESSION, msgId: 'msg_m4', requestId: 'req_m4', blocks: 2, model: 'claude-opus-4-6', usage: { input: 2, output: 60, cacheRead: 33300, cacheCreation: 400 } })]));
  hook('stop', { ...common, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'tests fixed' });
  await settled(7);
  s = stats();
  assert.equal(s.get(SESSION)?.inputTokens, 12 + 3 + 7 + 2);
  assert.equal(s.get(SESSION)?.outputTokens, 410 + 95 + 220 + 60);
  assert.equal(s.get(SESSION)?.cacheReadTokens, 31000 + 32500 + 33300);
  assert.equal(s.get(SESSION)?.contextPressure, (2 + 33300 + 400) / 200_000);
  assert.equal(s.get(AGENT)?.outputTokens, 60 + 130);

  // The stored Stop events carry the enriched fields (so any reader of the store sees true numbers).
  const stops = storedEvents().filter((e) => e['type'] === 'SessionEnded');
  assert.deepEqual(stops.map((e) => e['output_tokens']), [725, 785]);
});
