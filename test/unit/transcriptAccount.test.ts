import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accountLine,
  contextTokensOf,
  createTranscriptAccount,
  latestUsage,
  restoreAccount,
  serializeAccount,
  type TranscriptAccount,
} from '../../src/shared/transcript';
import { compactBoundaryLine, responseLines, summaryLine, syntheticLine, toolResultLine, userLine } from '../fixtures/transcriptFixtures';

function account(lines: string[]): TranscriptAccount {
  const a = createTranscriptAccount();
  for (const l of lines) accountLine(a, l);
  return a;
}

test('a response written as several content-block lines counts once', () => {
  const a = account([
    ...responseLines({ msgId: 'msg_A', requestId: 'req_A', blocks: 3, usage: { input: 2, output: 565, cacheCreation: 99078 } }),
    ...responseLines({ msgId: 'msg_B', requestId: 'req_B', blocks: 2, usage: { input: 4, output: 100, cacheRead: 99078, cacheCreation: 300 } }),
  ]);
  assert.equal(a.totals.responses, 2);
  assert.equal(a.totals.inputTokens, 2 + 4);
  assert.equal(a.totals.outputTokens, 565 + 100);
  assert.equal(a.totals.cacheReadTokens, 99078);
  assert.equal(a.totals.cacheCreationTokens, 99078 + 300);
});

test('placeholder usage on early blocks loses to the full figure of the last block', () => {
  const a = account(responseLines({ msgId: 'msg_P', requestId: 'req_P', blocks: 4, placeholderEarly: true, usage: { input: 10, output: 777, cacheRead: 5000 } }));
  assert.equal(a.totals.outputTokens, 777);
  assert.equal(a.totals.cacheReadTokens, 5000);
  assert.equal(a.totals.inputTokens, 10);
});

test('the largest line wins whatever the order the blocks were written in', () => {
  const [full, placeholder] = [
    responseLines({ msgId: 'msg_O', requestId: 'req_O', usage: { input: 10, output: 300 } })[0] ?? '',
    responseLines({ msgId: 'msg_O', requestId: 'req_O', usage: { input: 10, output: 1 } })[0] ?? '',
  ];
  const a = account([full, placeholder]);
  assert.equal(a.totals.outputTokens, 300);
  assert.equal(a.totals.responses, 1);
});

test('without requestId the message id alone is the key; same id with different requestIds are two responses', () => {
  const a = account([
    ...responseLines({ msgId: 'msg_N', blocks: 2, usage: { input: 3, output: 40 } }),
    ...responseLines({ msgId: 'msg_R', requestId: 'req_1', usage: { input: 1, output: 10 } }),
    ...responseLines({ msgId: 'msg_R', requestId: 'req_2', usage: { input: 1, output: 20 } }),
  ]);
  assert.equal(a.totals.responses, 3);
  assert.equal(a.totals.outputTokens, 40 + 10 + 20);
});

test('<synthetic> lines, lines without usage, tool results mentioning usage, summaries and boundaries count nothing', () => {
  const a = account([
    userLine('please run the tests'),
    toolResultLine(),
    syntheticLine(),
    summaryLine(),
    compactBoundaryLine(180000),
    '{"type":"assistant","message":{"id":"msg_nousage","model":"claude-opus-5","content":[]}}',
    'not json at all "usage"',
    ...responseLines({ msgId: 'msg_1', requestId: 'req_1', usage: { input: 7, output: 8 } }),
  ]);
  assert.deepEqual(
    [a.totals.responses, a.totals.inputTokens, a.totals.outputTokens, a.totals.cacheReadTokens, a.totals.cacheCreationTokens],
    [1, 7, 8, 0, 0],
  );
});

test('cache creation comes from the breakdown when present, else from the flat field', () => {
  const a = account([
    // Breakdown present: its sum (1000 + 2000) is the truth even though the flat field says otherwise.
    ...responseLines({ msgId: 'msg_b', requestId: 'r1', usage: { input: 1, output: 1, cacheCreation: 1234, breakdown: { m5: 1000, h1: 2000 } } }),
    ...responseLines({ msgId: 'msg_f', requestId: 'r2', usage: { input: 1, output: 1, cacheCreation: 500 } }),
  ]);
  assert.equal(a.totals.cacheCreationTokens, 1000 + 2000 + 500);
  assert.equal(a.totals.cacheCreation1hTokens, 2000);
});

test('context tokens are those of the most recent response, not a sum, and exclude output', () => {
  const a = account([
    ...responseLines({ msgId: 'msg_1', requestId: 'r1', usage: { input: 5, output: 900, cacheRead: 40000, cacheCreation: 2000 } }),
    compactBoundaryLine(150000),
    ...responseLines({ msgId: 'msg_2', requestId: 'r2', blocks: 2, placeholderEarly: true, model: 'claude-sonnet-5', usage: { input: 3, output: 50, cacheRead: 9000, cacheCreation: 100 } }),
  ]);
  const latest = latestUsage(a);
  assert.ok(latest);
  assert.equal(contextTokensOf(latest), 3 + 9000 + 100);
  assert.equal(latest.model, 'claude-sonnet-5');
});

test('context tokens use the flat cache_creation_input_tokens, as Claude Code shows them, not the breakdown', () => {
  const a = account(responseLines({ msgId: 'msg_c', requestId: 'r', usage: { input: 2, output: 9, cacheRead: 100, cacheCreation: 50, breakdown: { m5: 30, h1: 40 } } }));
  const latest = latestUsage(a);
  assert.ok(latest);
  assert.equal(contextTokensOf(latest), 2 + 50 + 100);
  assert.equal(a.totals.cacheCreationTokens, 30 + 40);
});

test('a serialized account resumes exactly where it stopped', () => {
  const first = responseLines({ msgId: 'msg_S', requestId: 'req_S', blocks: 3, placeholderEarly: true, usage: { input: 9, output: 99, cacheRead: 999 } });
  const whole = account(first);
  // Stop after the placeholder blocks, persist, resume with the final block: the same totals.
  const partial = account(first.slice(0, 2));
  const resumed = restoreAccount(JSON.parse(JSON.stringify(serializeAccount(partial))));
  accountLine(resumed, first[2] ?? '');
  assert.deepEqual(resumed.totals, whole.totals);
  assert.throws(() => restoreAccount({ v: 2 }), /not a serialized transcript account/);
});
