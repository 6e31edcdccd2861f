// The seed's reducer: one stored or live event in, the per-agent metrics updated in place. Replaying the
// stored events through it rebuilds the live state exactly, because nothing here reads a clock: every
// time comes from event timestamps, token totals are SET (never added), and each event id and each
// tool_use_id is counted once.
import type { HeatdeskEvent } from '../events';
import type { AgentInfo, AgentStatus, TokenMetrics } from './types';
import { DEFAULT_INACTIVE_SESSION_MS, emptyTokenMetrics, removeSession, type MetricsState } from './metricsState';
import { applyToolEnd, applyToolStart } from './toolCalls';
import { applyTokenFields, pressureOf } from './tokenFields';

export function processEvent(state: MetricsState, event: HeatdeskEvent): MetricsState {
  // Each field is read once: stored events come in many shapes, so every property read is a slow,
  // megamorphic one, and this runs 100,000 times per replay.
  const { id, type, session_id: sessionId, cwd, model } = event;
  if (state.seenEventIds.has(id)) return state;
  state.seenEventIds.add(id);
  const ts = parseTime(event.timestamp);

  if (type === 'SessionStarted') {
    startSession(state, sessionId, cwd, ts);
  } else if (state.removedSessions.size !== 0 && state.removedSessions.has(sessionId)) {
    // A late event of an ended session already removed: showing it again would resurrect a desk the
    // user saw go away.
    return state;
  }
  touchSession(state, sessionId, cwd, ts);

  const agentId = type === 'AgentSpawned' ? event.agent_id : (event.agent_id ?? sessionId);
  const agent = ensureAgent(state, event, agentId, sessionId, cwd, ts);
  const metrics = ensureMetrics(state, agentId);
  // Status follows the newest event only, so a late-arriving older event cannot set a stale status.
  const isNewest = ts >= agent.lastSeen;
  let status: AgentStatus | undefined;
  let tool: string | undefined;

  switch (event.type) {
    case 'SessionStarted':
      agent.finished = false;
      agent.endReason = undefined;
      status = 'idle';
      break;
    case 'UserPrompt':
      status = 'working';
      break;
    case 'ToolCallStarted':
      if (applyToolStart(state, agentId, metrics, event.tool_name, event.tool_use_id, ts)) {
        status = 'tool';
        tool = event.tool_name;
      }
      break;
    case 'ToolCallCompleted':
      applyToolEnd(state, agentId, metrics, event.tool_name, event.tool_use_id, ts, event.duration_ms, true);
      status = 'working';
      break;
    case 'ToolCallFailed':
      applyToolEnd(state, agentId, metrics, event.tool_name, event.tool_use_id, ts, event.duration_ms, false);
      metrics.failedToolCalls++;
      status = 'failed';
      break;
    case 'WaitingForUser':
      status = 'waiting';
      break;
    case 'AgentSpawned':
      status = 'working';
      break;
    case 'AgentCompleted':
      agent.finished = true;
      status = 'done';
      break;
    case 'SessionEnded':
      if (event.reason === 'stop') {
        // Stop: the turn is over and the agent waits for the user; the session goes on.
        status = 'idle';
      } else {
        agent.finished = true;
        agent.endReason = event.reason;
        const session = state.sessions.get(sessionId);
        if (session) session.ended = true;
        status = 'done';
        // Its subagents cannot outlive it: nothing will ever say they stopped.
        for (const other of state.agents.values()) {
          if (other.sessionId === sessionId && other !== agent && !other.finished && ts >= other.lastSeen) {
            other.finished = true;
            other.status = 'done';
            other.currentTool = undefined;
          }
        }
      }
      break;
    case 'ContextCompaction':
      status = 'working';
      break;
  }

  if (status !== undefined && isNewest) {
    agent.status = status;
    agent.currentTool = tool;
  }
  if (type === 'SessionEnded' || type === 'AgentCompleted' || type === 'ContextCompaction') {
    applyTokenFields(state, agentId, agent, metrics, event, ts);
  }
  const pressure = pressureOf(state, event, agent.model);
  if (pressure !== undefined && isNewest) metrics.contextPressure = pressure;
  if (model && isNewest) agent.model = model;
  if (ts > agent.lastSeen) agent.lastSeen = ts;
  state.version++;
  return state;
}

export function processEvents(state: MetricsState, events: Iterable<HeatdeskEvent>): MetricsState {
  for (const e of events) processEvent(state, e);
  return state;
}

/**
 * Epoch ms of an event timestamp. Hooks stamp "YYYY-MM-DDTHH:mm:ss.sssZ" (toISOString); reading that form
 * by hand is several times faster than Date.parse, which was a third of a 100,000-event replay.
 * Any other valid form (an offset, no milliseconds) goes through Date.parse.
 */
export function parseTime(iso: string): number {
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(10) === 84 /* T */) {
    const day = digits(iso, 0, 4) * 10_000 + digits(iso, 5, 2) * 100 + digits(iso, 8, 2);
    // Events of a replay share a handful of days: Date.UTC only runs when the day changes.
    if (day !== cachedDay) {
      cachedDay = day;
      cachedDayMs = Date.UTC(Math.floor(day / 10_000), (Math.floor(day / 100) % 100) - 1, day % 100);
    }
    const ms = cachedDayMs + digits(iso, 11, 2) * 3_600_000 + digits(iso, 14, 2) * 60_000 + digits(iso, 17, 2) * 1000 + digits(iso, 20, 3);
    if (Number.isFinite(ms) && digits(iso, 5, 2) <= 12 && digits(iso, 8, 2) <= 31 && digits(iso, 11, 2) < 24) return ms;
  }
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

let cachedDay = NaN;
let cachedDayMs = NaN;

/** Decimal digits at [start, start+count) as a number; NaN when any is not a digit. */
function digits(s: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The seed's reset rule. A new session replaces an earlier one that ran in the same folder and is no
 * longer active: it ended with SessionEnd (any reason but 'stop'), or had no event for
 * `inactiveSessionMs` before this start (timestamps only, so replay decides the same as live).
 * Concurrent sessions in other folders, or still active in the same folder, stay.
 */
function startSession(state: MetricsState, sessionId: string, cwd: string | undefined, ts: number): void {
  state.removedSessions.delete(sessionId);
  const existing = state.sessions.get(sessionId);
  if (existing) {
    existing.ended = false; // resumed
    return;
  }
  if (!cwd) return;
  const idleLimit = state.options.inactiveSessionMs ?? DEFAULT_INACTIVE_SESSION_MS;
  for (const [otherId, other] of state.sessions) {
    if (otherId === sessionId || other.cwd !== cwd) continue;
    const idle = idleLimit > 0 && ts - other.lastSeenMs > idleLimit;
    if (other.ended || idle) removeSession(state, otherId);
  }
}

function touchSession(state: MetricsState, sessionId: string, cwd: string | undefined, ts: number): void {
  let s = state.sessions.get(sessionId);
  if (!s) {
    s = { cwd, ended: false, lastSeenMs: ts };
    state.sessions.set(sessionId, s);
  }
  if (cwd && !s.cwd) s.cwd = cwd;
  if (ts > s.lastSeenMs) s.lastSeenMs = ts;
}

function ensureAgent(
  state: MetricsState,
  event: HeatdeskEvent,
  agentId: string,
  sessionId: string,
  cwd: string | undefined,
  ts: number,
): AgentInfo {
  const isMain = agentId === sessionId;
  if (!isMain) ensureMainAgent(state, sessionId, cwd, ts);
  let agent = state.agents.get(agentId);
  if (!agent) {
    const parentId = isMain ? null : event.type === 'AgentSpawned' ? event.parent_id : sessionId;
    agent = {
      id: agentId,
      sessionId,
      parentId,
      type: isMain ? 'main' : (event.agent_type ?? 'subagent'),
      status: 'working',
      cwd,
      firstSeen: ts,
      lastSeen: ts,
      finished: false,
    };
    state.agents.set(agentId, agent);
  } else {
    if (!isMain && event.type === 'AgentSpawned') agent.parentId = event.parent_id;
    if (agent.type === 'subagent' && event.agent_type) agent.type = event.agent_type;
    if (!agent.cwd && cwd) agent.cwd = cwd;
    if (ts < agent.firstSeen) agent.firstSeen = ts;
  }
  return agent;
}

/** A subagent's event can arrive before anything of its session: the main agent desk exists regardless. */
function ensureMainAgent(state: MetricsState, sessionId: string, cwd: string | undefined, ts: number): void {
  const existing = state.agents.get(sessionId);
  if (existing) {
    if (ts < existing.firstSeen) existing.firstSeen = ts;
    return;
  }
  state.agents.set(sessionId, {
    id: sessionId,
    sessionId,
    parentId: null,
    type: 'main',
    status: 'working',
    cwd,
    firstSeen: ts,
    lastSeen: ts,
    finished: false,
  });
  ensureMetrics(state, sessionId);
}

function ensureMetrics(state: MetricsState, agentId: string): TokenMetrics {
  let m = state.tokenMetrics.get(agentId);
  if (!m) {
    m = emptyTokenMetrics();
    state.tokenMetrics.set(agentId, m);
  }
  return m;
}
