import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapHookInput, HOOK_EVENT_NAMES } from '../../src/shared/hookMapping';
import { validateEvent } from '../../src/shared/validation';
import { hookInputs, SESSION } from '../fixtures/hookInputs';

const opts = { id: 'evt-1', now: new Date('2026-12-01T10:00:00.000Z') };

test('every hook stdin maps to a valid event stamped with the read time', () => {
  for (const name of HOOK_EVENT_NAMES) {
    const event = mapHookInput(hookInputs[name], opts);
    assert.ok(event, `${name} maps to an event`);
    assert.equal(event.timestamp, '2026-12-01T10:00:00.000Z');
    assert.equal(event.session_id, SESSION);
    const v = validateEvent(event);
    assert.ok(v.ok, `${name}: ${v.ok ? '' : v.error}`);
  }
});

test('hook events map to the seed vocabulary', () => {
  const types = Object.fromEntries(HOOK_EVENT_NAMES.map((n) => [n, mapHookInput(hookInputs[n], opts)?.type]));
  assert.deepEqual(types, {
    SessionStart: 'SessionStarted',
    UserPromptSubmit: 'UserPrompt',
    PreToolUse: 'ToolCallStarted',
    PostToolUse: 'ToolCallCompleted',
    PostToolUseFailure: 'ToolCallFailed',
    Notification: 'WaitingForUser',
    PermissionRequest: 'WaitingForUser',
    Stop: 'SessionEnded',
    SubagentStart: 'AgentSpawned',
    SubagentStop: 'AgentCompleted',
    PreCompact: 'ContextCompaction',
    SessionEnd: 'SessionEnded',
  });
});

test('Stop means the turn finished; SessionEnd keeps Claude Code reason', () => {
  assert.equal(mapHookInput(hookInputs.Stop, opts)?.['reason'], 'stop');
  assert.equal(mapHookInput(hookInputs.SessionEnd, opts)?.['reason'], 'prompt_input_exit');
});

test('tool calls keep name, id and duration; failures keep the first error line only', () => {
  const post = mapHookInput(hookInputs.PostToolUse, opts);
  assert.equal(post?.['tool_name'], 'Bash');
  assert.equal(post?.['tool_use_id'], 'toolu_01ABC123');
  assert.equal(post?.['duration_ms'], 4187);
  const fail = mapHookInput(hookInputs.PostToolUseFailure, opts);
  assert.equal(fail?.['error'], 'Exit code 1');
  assert.equal(fail?.['is_interrupt'], false);
});

test('subagents: spawned with the session as parent, completed with their transcript path', () => {
  const spawned = mapHookInput(hookInputs.SubagentStart, opts);
  assert.equal(spawned?.agent_id, 'a91a01359700cebc7');
  assert.equal(spawned?.['parent_id'], SESSION);
  assert.equal(spawned?.agent_type, 'Explore');
  const done = mapHookInput(hookInputs.SubagentStop, opts);
  assert.match(String(done?.['agent_transcript_path']), /subagents\/agent-a91a01359700cebc7\.jsonl$/);
});

test('privacy: no prompt, tool input, tool output or message leaves the mapping by default', () => {
  for (const name of HOOK_EVENT_NAMES) {
    const json = JSON.stringify(mapHookInput(hookInputs[name], opts));
    for (const secret of ['refactor the secret', 'npm test', 'all good', 'secret stderr', 'rm -rf', 'needs your permission', 'Done, tests pass', 'found it']) {
      assert.ok(!json.includes(secret), `${name} leaks "${secret}"`);
    }
  }
  const prompt = mapHookInput(hookInputs.UserPromptSubmit, opts);
  assert.equal(prompt?.['prompt'], undefined);
  assert.equal(prompt?.['prompt_length'], hookInputs.UserPromptSubmit.prompt.length);
  const allowed = mapHookInput(hookInputs.UserPromptSubmit, { ...opts, capturePrompts: true });
  assert.equal(allowed?.['prompt'], hookInputs.UserPromptSubmit.prompt);
});

test('inside a subagent, events belong to the subagent', () => {
  const e = mapHookInput({ ...hookInputs.PreToolUse, agent_id: 'a91a01359700cebc7', agent_type: 'Explore' }, opts);
  assert.equal(e?.agent_id, 'a91a01359700cebc7');
  assert.equal(e?.session_id, SESSION);
});

test('non-hook input maps to nothing', () => {
  for (const bad of [null, 42, 'x', [], {}, { hook_event_name: 'PreToolUse' }, { session_id: 's', hook_event_name: 'Nope' }]) {
    assert.equal(mapHookInput(bad, opts), null);
  }
});

test('validation refuses bad events with a clear message and passes unknown fields through', () => {
  const ok = validateEvent({ id: 'x', type: 'ToolCallStarted', timestamp: '2026-12-01T10:00:00.000Z', session_id: 's', tool_name: 'Read', extra_field: 1 });
  assert.ok(ok.ok && ok.event['extra_field'] === 1);
  const bad = validateEvent({ id: 'x', type: 'ToolCallStarted', timestamp: 'yesterday', session_id: 's' });
  assert.ok(!bad.ok);
  assert.match(bad.error, /timestamp/);
  assert.match(bad.error, /tool_name/);
  const huge = validateEvent({ id: 'x', type: 'SessionStarted', timestamp: '2026-12-01T10:00:00Z', session_id: 's', blob: 'a'.repeat(100_000) });
  assert.ok(!huge.ok);
  const deep = validateEvent({ id: 'x', type: 'SessionStarted', timestamp: '2026-12-01T10:00:00Z', session_id: 's', d: [[[[[[[[[[1]]]]]]]]]] });
  assert.ok(!deep.ok);
  const unknownType = validateEvent({ id: 'x', type: 'Explode', timestamp: '2026-12-01T10:00:00Z', session_id: 's' });
  assert.ok(!unknownType.ok);
});
