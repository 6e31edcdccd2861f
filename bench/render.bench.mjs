#!/usr/bin/env node
// Render bench of the built office webview in headless Chromium (SwiftShader): renderer.info draw calls and
// GPU objects (geometries, textures, programs) for 2 and 200 agents, and after 10,000 heatmap updates.
// Targets (issue 5): draw calls for 200 agents ≤ 2× those for 2; GPU objects flat across updates.
//   npm run build && node bench/render.bench.mjs [--width 960 --height 600]   (or: npm run bench render)
import { parseArgs } from 'node:util';
import { result } from './_lib.mjs';
import { launchChromium, openOffice, snapshotMessage, startHarnessServer } from '../test/render/webviewPage.mjs';

const { values } = parseArgs({ options: { width: { type: 'string', default: '960' }, height: { type: 'string', default: '600' } } });
const width = Number(values.width);
const height = Number(values.height);

let seq = 0;
const t0 = Date.parse('2026-12-01T08:00:00.000Z');
const stamp = () => new Date(t0 + ++seq * 1000).toISOString();
const ev = (fields) => ({ id: `bench-${seq}`, timestamp: stamp(), cwd: '/home/dev/bench', ...fields });

/** `sessions` sessions, each a main agent with subagents, `total` agents in all; every agent has tokens. */
function office(total, sessions) {
  const events = [];
  const ids = [];
  for (let s = 0; s < sessions; s++) {
    const session = `bench-session-${s}`;
    events.push(ev({ type: 'SessionStarted', session_id: session, source: 'startup', model: 'claude-sonnet-4-5' }));
    ids.push({ session, agent: null });
  }
  for (let i = sessions; i < total; i++) {
    const session = `bench-session-${i % sessions}`;
    const agent = `bench-agent-${i}`;
    events.push(ev({ type: 'AgentSpawned', session_id: session, agent_id: agent, agent_type: ['Explore', 'Plan', 'general-purpose'][i % 3], parent_id: session }));
    ids.push({ session, agent });
  }
  ids.forEach(({ session, agent }, i) => {
    events.push(ev({ type: 'ContextCompaction', session_id: session, ...(agent ? { agent_id: agent } : {}), input_tokens: 1000 * (i + 1), output_tokens: 100 * (i + 1) }));
  });
  return { events, ids };
}

async function frameFigures(page) {
  return page.evaluate(() => {
    const hd = window.__heatdesk;
    hd.render(); // first frame after a change may compile programs; measure the next ones
    const times = [];
    let info = null;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      info = hd.render();
      hd.pixelAt(innerWidth / 2, innerHeight / 2); // readPixels waits for the GPU: the frame is really done
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { ...info, frameMs: Math.round(times[2]) };
  });
}

const server = await startHarnessServer();
const browser = await launchChromium();
const rows = [];
try {
  for (const [total, sessions] of [
    [2, 1],
    [200, 4],
  ]) {
    const page = await openOffice(browser, server.origin, { width, height });
    const { events } = office(total, sessions);
    await page.post(snapshotMessage(events, true));
    const agents = await page.page.evaluate(() => window.__heatdesk.agents().length);
    rows.push({ case: `${agents} agents, heatmap on`, ...(await frameFigures(page.page)) });
    await page.close();
  }

  // 10,000 heatmap updates on the 200-agent office: live token updates that reshuffle every intensity,
  // delivered as the host does (one `events` message each), with a frame drawn after every 500.
  const page = await openOffice(browser, server.origin, { width, height });
  const { events, ids } = office(200, 4);
  await page.post(snapshotMessage(events, true));
  rows.push({ case: '200 agents, before updates', ...(await frameFigures(page.page)) });
  const started = Date.now();
  const updates = [];
  for (let u = 0; u < 10_000; u++) {
    const { session, agent } = ids[(u * 7919) % ids.length];
    updates.push(ev({ type: 'ContextCompaction', session_id: session, ...(agent ? { agent_id: agent } : {}), input_tokens: 1000 + ((u * 104729) % 900_000), output_tokens: 100 + (u % 5000) }));
  }
  const applied = await page.page.evaluate(async (all) => {
    const tick = () => new Promise((done) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { ch.port1.close(); done(); };
      ch.port2.postMessage(0);
    });
    let rings = 0;
    for (let i = 0; i < all.length; i += 500) {
      for (const e of all.slice(i, i + 500)) window.postMessage({ type: 'events', events: [e] }, '*');
      await tick();
      window.__heatdesk.render();
      rings = window.__heatdesk.agents().filter((a) => a.ring !== null).length;
    }
    return rings;
  }, updates);
  const updateMs = Date.now() - started;
  rows.push({ case: '200 agents, after 10,000 updates', ...(await frameFigures(page.page)) });
  const errors = page.errors.length;
  await page.close();

  // Re-opening the view: a snapshot of 100,000 stored events (1 session, 30 subagents, paired tool calls)
  // posted as one message, validated and replayed through processEvents, then the first frame.
  const replayPage = await openOffice(browser, server.origin, { width, height });
  const replay = await replayPage.page.evaluate(async () => {
    const session = 'bench-replay-session';
    const events = [];
    const t0 = Date.parse('2026-12-01T08:00:00.000Z');
    let n = 0;
    const at = () => new Date(t0 + n * 250).toISOString();
    const push = (e) => events.push({ id: `r-${++n}`, timestamp: at(), session_id: session, cwd: '/home/dev/bench', ...e });
    push({ type: 'SessionStarted', source: 'startup', model: 'claude-sonnet-4-5' });
    for (let a = 0; a < 30; a++) push({ type: 'AgentSpawned', agent_id: `sub-${a}`, agent_type: 'Explore', parent_id: session });
    while (events.length < 100_000) {
      const a = n % 31;
      const who = a === 30 ? {} : { agent_id: `sub-${a}`, agent_type: 'Explore' };
      const tu = `toolu_${n}`;
      push({ type: 'ToolCallStarted', tool_name: 'Read', tool_use_id: tu, ...who });
      push({ type: 'ToolCallCompleted', tool_name: 'Read', tool_use_id: tu, duration_ms: 40 + (n % 300), ...who });
    }
    const settings = { staleAgentTimeoutMs: 0, contextWindows: {} };
    const tick = () => new Promise((done) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { ch.port1.close(); done(); };
      ch.port2.postMessage(0);
    });
    const t = performance.now();
    window.postMessage({ type: 'snapshot', events, heatmapEnabled: true, settings }, '*');
    await tick();
    const handled = performance.now() - t;
    window.__heatdesk.render();
    window.__heatdesk.pixelAt(innerWidth / 2, innerHeight / 2); // wait for the GPU to finish the frame
    return { events: events.length, handledMs: Math.round(handled), withFrameMs: Math.round(performance.now() - t), agents: window.__heatdesk.agents().length };
  });
  await replayPage.close();

  console.log(`Heatdesk render bench — ${width}×${height} CSS px, Chromium SwiftShader (software GL), renderer.info per frame`);
  console.table(rows.map((r) => ({ case: r.case, 'draw calls': r.calls, triangles: r.triangles, geometries: r.geometries, textures: r.textures, programs: r.programs, 'frame ms': r.frameMs })));
  const two = rows[0];
  const many = rows[1];
  const before = rows[2];
  const afterU = rows[3];
  console.log(`10,000 heatmap updates (one message each, a frame per 500): ${updateMs} ms total, ${(updateMs / 10_000).toFixed(2)} ms per update; rings drawn at the end: ${applied}; page errors: ${errors}`);
  result('draw calls, 2 agents', two.calls, 'calls');
  result('draw calls, 200 agents ÷ 2 agents', many.calls / two.calls, 'x', { target: '≤ 2', ok: many.calls <= 2 * two.calls, note: `${many.calls} vs ${two.calls}` });
  const gpu = (r) => r.geometries + r.textures + r.programs;
  result('GPU objects after 10,000 heatmap updates − before', gpu(afterU) - gpu(before), 'objects', {
    target: '= 0 (flat)',
    ok: gpu(afterU) === gpu(before),
    note: `geometries ${before.geometries}→${afterU.geometries}, textures ${before.textures}→${afterU.textures}, programs ${before.programs}→${afterU.programs}`,
  });
  result('GPU objects, 200 agents − 2 agents', gpu(many) - gpu(two), 'objects', { note: 'instancing: one geometry per desk part, whatever the count' });
  result('heatmap update (message → model → rings)', updateMs / 10_000, 'ms', { note: 'one live message each, a frame every 500' });
  result('snapshot of 100,000 events: postMessage + validate + replay', replay.handledMs, 'ms', { note: `${replay.agents} agents; ${replay.withFrameMs} ms with the first frame` });
  result('frame, 2 agents', two.frameMs, 'ms', { note: 'SwiftShader software GL; on demand only' });
  result('frame, 200 agents', many.frameMs, 'ms', { note: 'SwiftShader software GL; on demand only' });
} finally {
  await browser.close();
  await server.close();
}
