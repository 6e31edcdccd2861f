import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HeatdeskEvent } from '../../src/shared/events';
import {
  cleanupStaleAgents,
  createMetricsState,
  processEvent,
  processEvents,
  reset,
  selectAgentTokenMetrics,
  selectAgents,
  selectChildren,
  selectHeatmapData,
  selectSessionTotals,
  setHeatmapEnabled,
  type MetricsState,
} from '../../src/shared/metrics';
import { parseTime } from '../../src/shared/metrics/processEvent';

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
let n = 0;
const id = (): string => `ev-${++n}`;

const S1 = 'sess-1';
const S2 = 'sess-2';
const start = (s: number, session = S1, cwd = '/p/one'): HeatdeskEvent => ({ id: id(), type: 'SessionStarted', timestamp: at(s), session_id: session, cwd, source: 'startup' });
const pre = (s: number, tool: string, agent?: string, session = S1): HeatdeskEvent => ({ id: id(), type: 'ToolCallStarted', timestamp: at(s), session_id: session, agent_id: agent, tool_name: 'Bash', tool_use_id: tool });
const post = (s: number, tool: string, duration?: number, agent?: string, session = S1): HeatdeskEvent => ({
  id: id(), type: 'ToolCallCompleted', timestamp: at(s), session_id: session, agent_id: agent, tool_name: 'Bash', tool_use_id: tool, duration_ms: duration,
});
const fail = (s: number, tool: string, duration?: number, agent?: string): HeatdeskEvent => ({
  id: id(), type: 'ToolCallFailed', timestamp: at(s), session_id: S1, agent_id: agent, tool_name: 'Bash', tool_use_id: tool, duration_ms: duration, error: 'Exit code 1',
});
const spawn = (s: number, agent: string, session = S1): HeatdeskEvent => ({ id: id(), type: 'AgentSpawned', timestamp: at(s), session_id: session, agent_id: agent, agent_type: 'Explore', parent_id: session });
const stop = (s: number, tokens: Record<string, unknown> = {}, session = S1): HeatdeskEvent => ({ ...tokens, id: id(), type: 'SessionEnded', timestamp: at(s), session_id: session, reason: 'stop' });
const end = (s: number, session = S1, reason = 'prompt_input_exit'): HeatdeskEvent => ({ id: id(), type: 'SessionEnded', timestamp: at(s), session_id: session, reason });

function run(events: HeatdeskEvent[], heatmap = true): MetricsState {
  return processEvents(createMetricsState({ heatmapEnabled: heatmap }), events);
}

test('a Started then Completed call counts once with its duration_ms', () => {
  const s = run([start(0), pre(1, 't1'), post(3, 't1', 1500)]);
  const m = selectAgentTokenMetrics(s, S1);
  assert.equal(m?.toolCallCount, 1);
  assert.equal(m?.toolCallDurationMs, 1500);
});

test('without duration_ms the Pre→Post timestamp difference is the duration', () => {
  const s = run([start(0), pre(1, 't1'), post(4, 't1')]);
  assert.equal(selectAgentTokenMetrics(s, S1)?.toolCallDurationMs, 3000);
});

test('a Completed with no Started is an auto-created call; a Pre with no Post still counts', () => {
  const s = run([start(0), post(2, 'orphan', 200), pre(3, 'denied')]);
  const m = selectAgentTokenMetrics(s, S1);
  assert.equal(m?.toolCallCount, 2);
  assert.equal(m?.toolCallDurationMs, 200);
});

test('a failure counts a failed call, auto-creates the call when no Started was seen, and adds no time (seed)', () => {
  const s = run([start(0), pre(1, 't1'), fail(2, 't1', 700), fail(3, 't2'), pre(4, 't3'), post(5, 't3', 40)]);
  const m = selectAgentTokenMetrics(s, S1);
  assert.equal(m?.failedToolCalls, 2);
  assert.equal(m?.toolCallCount, 3);
  assert.equal(m?.toolCallDurationMs, 40);
});

test('a Post that arrives before its Pre counts one call and still gets the timestamp duration', () => {
  const p = pre(1, 't1');
  const q = post(3, 't1');
  const s = run([start(0), q, p]);
  const m = selectAgentTokenMetrics(s, S1);
  assert.equal(m?.toolCallCount, 1);
  assert.equal(m?.toolCallDurationMs, 2000);
});

test('token fields set cumulative totals: a later Stop replaces, a repeat or an older one changes nothing', () => {
  const first = stop(10, { input_tokens: 100, output_tokens: 10, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50 });
  const second = stop(20, { input_tokens: 150, output_tokens: 30, cache_read_input_tokens: 3000, cache_creation_input_tokens: 80 });
  const s = run([start(0), first, second]);
  processEvent(s, { ...second }); // retry with the same id
  processEvent(s, { ...first, id: 'late-copy' }); // an older total arriving late
  const m = selectAgentTokenMetrics(s, S1);
  assert.deepEqual([m?.inputTokens, m?.outputTokens, m?.cacheReadTokens, m?.cacheCreationTokens], [150, 30, 3000, 80]);
});

test('cost is the price table applied to the totals of the agent model', () => {
  const s = run([start(0), stop(5, { model: 'claude-opus-4-1-20250805', input_tokens: 1_000_000, output_tokens: 100_000, cache_read_input_tokens: 2_000_000, cache_creation_input_tokens: 400_000, cache_creation_1h_input_tokens: 100_000 })]);
  // Opus 4.1: $15 in, $75 out, $1.50 cache read, $18.75 5-minute write, $30 1-hour write per MTok.
  const expected = 15 + 0.1 * 75 + 2 * 1.5 + 0.3 * 18.75 + 0.1 * 30;
  assert.ok(Math.abs((selectAgentTokenMetrics(s, S1)?.costUsd ?? 0) - expected) < 1e-9);
  const cheap = processEvents(createMetricsState({ prices: { opus: { input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 } } }), [start(0), stop(5, { model: 'claude-opus-4-1', input_tokens: 5 })]);
  assert.equal(selectAgentTokenMetrics(cheap, S1)?.costUsd, 0);
});

test('context pressure comes from ContextCompaction or any event carrying it; a window override recomputes it', () => {
  const s = run([start(0), { id: id(), type: 'ContextCompaction', timestamp: at(5), session_id: S1, trigger: 'auto', context_pressure: 0.91 }]);
  assert.equal(selectAgentTokenMetrics(s, S1)?.contextPressure, 0.91);
  const s2 = processEvents(createMetricsState({ contextWindows: { 'claude-opus': 100_000 } }), [
    start(0),
    stop(5, { model: 'claude-opus-4-6', context_pressure: 0.25, context_tokens: 50_000, input_tokens: 1 }),
  ]);
  assert.equal(selectAgentTokenMetrics(s2, S1)?.contextPressure, 0.5);
});

test('the heatmap follows the seed formulas: activity score, token override, normalised by the max shown', () => {
  const s = run([
    start(0),
    pre(1, 'a'), post(2, 'a', 300), pre(3, 'b'), post(4, 'b', 700), // main: 2*100 + 1000 = 1200
    spawn(5, 'sub-1'), pre(6, 'c', 'sub-1'), post(7, 'c', 100, 'sub-1'), // sub-1: 100 + 100 = 200
    spawn(8, 'sub-2'), pre(9, 'd', 'sub-2'), post(10, 'd', 5, 'sub-2'),
    { id: id(), type: 'AgentCompleted', timestamp: at(11), session_id: S1, agent_id: 'sub-2', input_tokens: 2000, output_tokens: 400 }, // tokens override: 2400
  ]);
  const heat = Object.fromEntries(selectHeatmapData(s).map((h) => [h.agentId, h]));
  assert.equal(heat[S1]?.score, 1200);
  assert.equal(heat['sub-1']?.score, 200);
  assert.equal(heat['sub-2']?.score, 2400);
  assert.equal(heat['sub-2']?.intensity, 1);
  assert.equal(heat[S1]?.intensity, 1200 / 2400);
  assert.equal(heat['sub-1']?.intensity, 200 / 2400);
  // Normalised over the agents shown only.
  const visible = Object.fromEntries(selectHeatmapData(s, [S1, 'sub-1']).map((h) => [h.agentId, h.intensity]));
  assert.deepEqual(visible, { [S1]: 1, 'sub-1': 200 / 1200 });
  setHeatmapEnabled(s, false);
  assert.deepEqual(selectHeatmapData(s), []);
});

test('the metric mode setting pins heat to tokens or to activity; auto is the seed formula', () => {
  const events = [
    start(0),
    pre(1, 'a'), post(2, 'a', 300), pre(3, 'b'), post(4, 'b', 700), // main: activity 1200, no tokens
    spawn(5, 'sub-1'), pre(6, 'c', 'sub-1'), post(7, 'c', 100, 'sub-1'), // sub-1: activity 200
    { id: 'tok', type: 'AgentCompleted', timestamp: at(8), session_id: S1, agent_id: 'sub-1', input_tokens: 900, output_tokens: 100 } as HeatdeskEvent,
  ];
  const heatIn = (metricMode: 'auto' | 'tokens' | 'activity') =>
    Object.fromEntries(selectHeatmapData(processEvents(createMetricsState({ heatmapEnabled: true, metricMode }), events)).map((h) => [h.agentId, h.score]));
  assert.deepEqual(heatIn('auto'), { [S1]: 1200, 'sub-1': 1000 });
  assert.deepEqual(heatIn('tokens'), { [S1]: 0, 'sub-1': 1000 });
  assert.deepEqual(heatIn('activity'), { [S1]: 1200, 'sub-1': 200 });
});

test('intensity is 0 for everyone when every score is 0', () => {
  const s = run([start(0), start(1, S2, '/p/two')]);
  assert.deepEqual(selectHeatmapData(s).map((h) => h.intensity), [0, 0]);
});

test('agents form a tree: sessions then their subagents, in a stable order', () => {
  const s = run([start(0), start(1, S2, '/p/two'), spawn(2, 'x1'), spawn(3, 'y1', S2), spawn(4, 'x2')]);
  assert.deepEqual(selectAgents(s).map((a) => a.id), [S1, 'x1', 'x2', S2, 'y1']);
  assert.deepEqual(selectChildren(s, S1).map((a) => [a.id, a.parentId, a.type]), [['x1', S1, 'Explore'], ['x2', S1, 'Explore']]);
});

test('a subagent event before anything of its session creates the session desk too', () => {
  const s = run([pre(1, 't', 'lonely')]);
  assert.deepEqual(selectAgents(s).map((a) => [a.id, a.parentId]), [[S1, null], ['lonely', S1]]);
  assert.equal(selectAgentTokenMetrics(s, 'lonely')?.toolCallCount, 1);
  assert.equal(selectAgentTokenMetrics(s, S1)?.toolCallCount, 0);
});

test('status follows the work: tool, working, waiting, idle after Stop, done after SessionEnd', () => {
  const s = run([start(0)]);
  const status = (): string | undefined => s.agents.get(S1)?.status;
  assert.equal(status(), 'idle');
  processEvent(s, pre(1, 't1'));
  assert.equal(status(), 'tool');
  assert.equal(s.agents.get(S1)?.currentTool, 'Bash');
  processEvent(s, post(2, 't1'));
  assert.equal(status(), 'working');
  processEvent(s, { id: id(), type: 'WaitingForUser', timestamp: at(3), session_id: S1, kind: 'permission' });
  assert.equal(status(), 'waiting');
  processEvent(s, stop(4));
  assert.equal(status(), 'idle');
  processEvent(s, pre(2.5, 'old')); // arrives late: counts, but does not rewind the status
  assert.equal(status(), 'idle');
  processEvent(s, spawn(4.5, 'helper'));
  assert.equal(s.agents.get('helper')?.status, 'working');
  processEvent(s, end(5));
  assert.equal(status(), 'done');
  assert.equal(s.agents.get(S1)?.finished, true);
  assert.equal(s.agents.get('helper')?.status, 'done', 'subagents end with their session');
});

test('the same event twice changes nothing, not even the version', () => {
  const events = [start(0), pre(1, 't1'), post(2, 't1', 10), fail(3, 't2'), stop(4, { input_tokens: 5, output_tokens: 6 })];
  const s = run(events);
  const snapshot = JSON.stringify([...s.tokenMetrics]);
  const version = s.version;
  processEvents(s, events);
  assert.equal(JSON.stringify([...s.tokenMetrics]), snapshot);
  assert.equal(s.version, version);
});

test('replaying the stored events rebuilds the live state, retries and all (property)', () => {
  const kind = fc.constantFrom('pre', 'post', 'postNoDur', 'fail', 'stop', 'spawn', 'sub');
  fc.assert(
    fc.property(fc.array(fc.tuple(kind, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5000 }), fc.boolean()), { maxLength: 60 }), (script) => {
      const live: HeatdeskEvent[] = [start(0), start(0, S2, '/p/two')];
      script.forEach(([k, tool, value, second], i) => {
        const s = i + 1;
        const session = second ? S2 : S1;
        const agent = k === 'sub' ? `sub-${session}` : undefined;
        const e: HeatdeskEvent =
          k === 'pre' ? pre(s, `t${tool}-${session}`, undefined, session)
          : k === 'post' ? post(s, `t${tool}-${session}`, value, undefined, session)
          : k === 'postNoDur' ? post(s, `t${tool}-${session}`, undefined, undefined, session)
          : k === 'fail' ? { ...fail(s, `t${tool}-${session}`, value), session_id: session }
          : k === 'stop' ? stop(s, { input_tokens: value, output_tokens: tool }, session)
          : k === 'spawn' ? spawn(s, `sub-${session}`, session)
          : pre(s, `sub${tool}-${session}`, agent, session);
        live.push(e);
        if (value % 3 === 0) live.push({ ...e }); // a retried delivery with the same id
      });
      const liveState = run(live);
      const stored = [...new Map(live.map((e) => [e.id, e])).values()];
      const replayed = run(stored);
      assert.deepEqual([...replayed.tokenMetrics], [...liveState.tokenMetrics]);
      assert.deepEqual(selectAgents(replayed), selectAgents(liveState));
      assert.deepEqual(selectHeatmapData(replayed), selectHeatmapData(liveState));
    }),
    { numRuns: 200 },
  );
});

test('metrics do not depend on the order events arrive in: live out of order = replay in time order (property)', () => {
  const call = fc.record({
    agent: fc.constantFrom(undefined, 'sub-a'),
    startAt: fc.integer({ min: 1, max: 500 }),
    took: fc.integer({ min: 0, max: 50 }),
    hasPre: fc.boolean(),
    end: fc.constantFrom('post', 'postNoDur', 'fail', 'none'),
    duration: fc.integer({ min: 0, max: 9000 }),
  });
  fc.assert(
    fc.property(fc.array(call, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 4 }), fc.func(fc.integer()), (calls, stops, shuffleKey) => {
      const events: HeatdeskEvent[] = [start(0)];
      calls.forEach((c, i) => {
        const tool = `toolu_${i}`;
        if (c.hasPre) events.push(pre(c.startAt, tool, c.agent));
        const endAt = c.startAt + c.took;
        if (c.end === 'post') events.push(post(endAt, tool, c.duration, c.agent));
        if (c.end === 'postNoDur') events.push(post(endAt, tool, undefined, c.agent));
        if (c.end === 'fail') events.push(fail(endAt, tool, c.duration, c.agent));
      });
      stops.forEach((v, i) => events.push(stop(600 + i, { input_tokens: v, output_tokens: v * 2, cache_read_input_tokens: v * 3 })));
      const inTimeOrder = [...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
      const arrival = [...events].sort((a, b) => shuffleKey(a.id) - shuffleKey(b.id));
      const replayed = run(inTimeOrder);
      const live = run(arrival);
      for (const agentId of new Set([...replayed.tokenMetrics.keys(), ...live.tokenMetrics.keys()])) {
        assert.deepEqual(live.tokenMetrics.get(agentId), replayed.tokenMetrics.get(agentId), agentId);
      }
      // And against a hand count of the script: one call per tool id, failures, durations.
      const main = replayed.tokenMetrics.get(S1);
      const mine = calls.filter((c) => c.agent === undefined);
      assert.equal(main?.toolCallCount, mine.filter((c) => c.hasPre || c.end !== 'none').length);
      assert.equal(main?.failedToolCalls, mine.filter((c) => c.end === 'fail').length);
      const expectDuration = mine.reduce((sum, c) => sum + (c.end === 'post' ? c.duration : c.end === 'postNoDur' && c.hasPre ? c.took * 1000 : 0), 0);
      assert.equal(main?.toolCallDurationMs, expectDuration);
      const lastStop = stops.at(-1);
      assert.equal(main?.inputTokens, lastStop ?? 0);
    }),
    { numRuns: 300 },
  );
});

test('reset rule: a new session replaces an ended one in the same folder; sessions in other folders stay', () => {
  const s = run([
    start(0, 'old', '/p/one'), spawn(1, 'old-sub', 'old'), pre(2, 'x', undefined, 'old'),
    start(3, 'other', '/p/two'), pre(4, 'y', undefined, 'other'),
    end(5, 'old', 'clear'),
    start(6, 'new', '/p/one'),
  ]);
  assert.deepEqual(selectAgents(s).map((a) => a.id), ['other', 'new']);
  assert.equal(selectAgentTokenMetrics(s, 'old'), undefined);
  assert.equal(selectAgentTokenMetrics(s, 'old-sub'), undefined);
  assert.equal(selectAgentTokenMetrics(s, 'other')?.toolCallCount, 1);
  // A late event of the replaced session does not bring its desk back.
  processEvent(s, pre(7, 'late', undefined, 'old'));
  assert.equal(s.agents.has('old'), false);
});

test('reset rule: an earlier session still active in the same folder stays; one idle past the limit goes', () => {
  const active = run([start(0, 'a', '/p/one'), stop(10, {}, 'a'), start(20, 'b', '/p/one')]);
  assert.deepEqual(selectAgents(active).map((a) => a.id), ['a', 'b']); // Stop only ends a turn
  const idle = processEvents(createMetricsState({ inactiveSessionMs: 60_000 }), [start(0, 'a', '/p/one'), pre(10, 'q', undefined, 'a'), start(100, 'b', '/p/one')]);
  assert.deepEqual(selectAgents(idle).map((a) => a.id), ['b']);
});

test('cleanupStaleAgents removes finished or idle subagents and stale sessions, with their metrics', () => {
  const s = run([start(0), spawn(1, 'done-sub'), { id: id(), type: 'AgentCompleted', timestamp: at(2), session_id: S1, agent_id: 'done-sub' }, spawn(3, 'busy-sub'), pre(100, 'z', 'busy-sub'), start(0, S2, '/p/two')]);
  const removed = cleanupStaleAgents(s, T0 + 110_000, 60_000);
  assert.deepEqual(removed.sort(), ['done-sub', S2].sort());
  assert.deepEqual(selectAgents(s).map((a) => a.id), [S1, 'busy-sub']);
  assert.equal(selectAgentTokenMetrics(s, 'done-sub'), undefined);
  assert.equal(selectAgentTokenMetrics(s, S2), undefined);
  assert.equal(selectSessionTotals(s, S1).toolCallCount, 1);
  assert.deepEqual(cleanupStaleAgents(s, T0 + 110_000, 0), []);
  // A session removed for being idle (not ended) comes back when it works again.
  processEvent(s, pre(200, 'back', undefined, S2));
  assert.equal(selectAgentTokenMetrics(s, S2)?.toolCallCount, 1);
});

test('event times: the fast ISO reader agrees with Date.parse, other valid forms still parse', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
      assert.equal(parseTime(d.toISOString()), d.getTime());
    }),
  );
  assert.equal(parseTime('2026-12-01T11:00:00+01:00'), Date.UTC(2026, 11, 1, 10));
  assert.equal(parseTime('2026-12-01T10:00:00Z'), Date.UTC(2026, 11, 1, 10));
});

test('reset() clears agents and metrics; the model works again afterwards', () => {
  const s = run([start(0), pre(1, 't1')]);
  reset(s);
  assert.equal(s.agents.size, 0);
  assert.equal(s.tokenMetrics.size, 0);
  processEvents(s, [start(0), pre(1, 't1')]);
  assert.equal(selectAgentTokenMetrics(s, S1)?.toolCallCount, 1);
});
