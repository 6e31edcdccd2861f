// The seed's reducer over 100,000 stored events (what a history replay costs when a view opens), and the
// heatmap selector over the resulting agents. Target: processEvents over 100,000 events under 150 ms.
// The events are a realistic mix generated here: 8 sessions in 4 folders, subagents, paired Pre/Post
// tool calls (some failing, some without duration_ms), prompts, Stops carrying cumulative token totals.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, result } from './_lib.mjs';

const EVENTS = 100_000;
const tmp = mkdtempSync(join(tmpdir(), 'heatdesk-bench-reducer-'));
try {
  const entry = join(tmp, 'entry.ts');
  writeFileSync(entry, `export * from ${JSON.stringify(resolve('src/shared/metrics/index.ts'))};\n`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: join(tmp, 'bundle.mjs'), logLevel: 'error' });
  const m = await import(pathToFileURL(join(tmp, 'bundle.mjs')).href);

  const events = [];
  let t = Date.UTC(2026, 11, 1, 9, 0, 0);
  let seq = 0;
  const sessions = Array.from({ length: 8 }, (_, i) => ({ id: `sess-${i}`, cwd: `/home/u/proj-${i % 4}`, subs: [], tokens: 0 }));
  for (const s of sessions) events.push({ id: `e${seq++}`, type: 'SessionStarted', timestamp: new Date(t++).toISOString(), session_id: s.id, cwd: s.cwd, source: 'startup' });
  let k = 0;
  while (events.length < EVENTS) {
    const s = sessions[k % sessions.length];
    const r = Math.floor(k / sessions.length) % 50;
    k++;
    t += 37;
    const ts = () => new Date(t).toISOString();
    if (r === 0) {
      const agent = `${s.id}-sub-${s.subs.length}`;
      s.subs.push(agent);
      events.push({ id: `e${seq++}`, type: 'AgentSpawned', timestamp: ts(), session_id: s.id, cwd: s.cwd, agent_id: agent, agent_type: 'Explore', parent_id: s.id });
    } else if (r === 1) {
      s.tokens += 5000;
      events.push({ id: `e${seq++}`, type: 'SessionEnded', reason: 'stop', timestamp: ts(), session_id: s.id, cwd: s.cwd, model: 'claude-opus-5', input_tokens: s.tokens / 100, output_tokens: s.tokens / 10, cache_read_input_tokens: s.tokens * 20, cache_creation_input_tokens: s.tokens, context_pressure: 0.4 });
    } else if (r === 2) {
      events.push({ id: `e${seq++}`, type: 'UserPrompt', timestamp: ts(), session_id: s.id, cwd: s.cwd, prompt_length: 42 });
    } else {
      const agent = s.subs.length && k % 3 === 0 ? s.subs[s.subs.length - 1] : undefined;
      const tool = `toolu_${seq}`;
      events.push({ id: `e${seq++}`, type: 'ToolCallStarted', timestamp: ts(), session_id: s.id, cwd: s.cwd, agent_id: agent, tool_name: 'Bash', tool_use_id: tool });
      t += 400;
      const failed = k % 17 === 0;
      events.push({ id: `e${seq++}`, type: failed ? 'ToolCallFailed' : 'ToolCallCompleted', timestamp: new Date(t).toISOString(), session_id: s.id, cwd: s.cwd, agent_id: agent, tool_name: 'Bash', tool_use_id: tool, ...(k % 5 ? { duration_ms: 400 } : {}) });
    }
  }
  events.length = EVENTS;

  const times = [];
  let state;
  for (let i = 0; i < 12; i++) {
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    state = m.processEvents(m.createMetricsState({ heatmapEnabled: true }), events);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const first = times[0];
  const steady = median(times.slice(2));
  const best = Math.min(...times.slice(2));
  console.log(`  ${state.agents.size} agents, ${m.selectTotals(state).toolCallCount} tool calls`);
  result(`processEvents over ${EVENTS.toLocaleString('en')} events (steady, median of 10)`, steady, 'ms', { target: '< 150 ms', ok: steady < 150 });
  result('the same, best of 10 (least disturbed by other load)', best, 'ms');
  result('the same, first run (cold JIT)', first, 'ms', { target: '< 150 ms', ok: first < 150 });
  const selTimes = [];
  for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint();
    m.selectHeatmapData(state);
    selTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  result(`selectHeatmapData over ${state.agents.size} agents`, median(selTimes), 'ms');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
