// Fills the token fields Claude Code never sends. Before a Stop (SessionEnded 'stop'), SessionEnd,
// SubagentStop (AgentCompleted) or PreCompact (ContextCompaction) event is stored, the agent's own
// transcript is read incrementally and the event gets the agent's cumulative, deduplicated
// input/output/cache-read/cache-creation totals, the model of its latest response and the context pressure
// of that response. Whatever the hook already supplied is kept. Enrichment never fails an event: on any
// problem the event is stored as it came, and the problem is logged.
import type { HeatdeskEvent } from '../../shared/events';
import { contextPressure, contextWindowFor } from '../../shared/metrics/contextWindow';
import { parseModelId } from '../../shared/metrics/modelId';
import { contextTokensOf } from '../../shared/transcript';
import type { EventEnricher } from '../ingest/types';
import type { Logger } from '../log';
import { TranscriptReader, type TranscriptSnapshot } from '../transcripts/TranscriptReader';

export interface EnricherOptions {
  claudeConfigDir?: string;
  log: Logger;
  /** Context window by model id prefix (the heatdesk.contextWindows setting). */
  contextWindows?: Record<string, number>;
  /** A reader to share (tests, benches); one is created otherwise. */
  reader?: TranscriptReader;
}

const TOKEN_FIELDS = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const;
/** Validation refuses larger ratios; a ratio that high only means the window table is wrong for a model. */
const MAX_PRESSURE = 10;
/** Transcripts already warmed in the background (bounded: a long-running server sees many sessions). */
const MAX_WARMED = 1024;

export function createEnricher(opts: EnricherOptions): EventEnricher {
  const reader = opts.reader ?? new TranscriptReader({ claudeConfigDir: opts.claudeConfigDir, log: opts.log });
  const envWindow = Number(process.env['CLAUDE_CODE_MAX_CONTEXT_TOKENS']);
  const fallbackWindow = Number.isFinite(envWindow) && envWindow > 0 ? envWindow : undefined;
  const warmed = new Set<string>();
  /**
   * The model a session started with, as Claude Code names it (SessionStart `model`): only there does the
   * "[1m]" suffix of a 1M-context choice appear; transcripts carry the bare API model id.
   */
  const sessionModels = new Map<string, string>();
  const remember = (event: HeatdeskEvent): void => {
    if (event.type !== 'SessionStarted' || !event.model || event.agent_id) return;
    if (sessionModels.size >= MAX_WARMED) sessionModels.clear();
    sessionModels.set(event.session_id, event.model);
  };

  /**
   * Other events that name the session transcript start a background read the first time it is seen, so
   * the first Stop of a long resumed session finds the file mostly accounted already.
   */
  const warm = (event: HeatdeskEvent): void => {
    const path = event.transcript_path;
    if (!path || event.agent_id || warmed.has(path)) return;
    if (warmed.size >= MAX_WARMED) warmed.clear();
    warmed.add(path);
    if (!reader.paths.check(path).ok) return; // refused paths are logged when an event really needs them
    void reader.read(path).catch(() => undefined);
  };

  return async (event) => {
    try {
      remember(event);
      if (!needsTranscript(event)) {
        warm(event);
        return event;
      }
      const path = transcriptOf(reader, event);
      if (!path) {
        opts.log.info(`no transcript found for ${event.type} of ${event.agent_id ?? event.session_id}`);
        return event;
      }
      const snap = await reader.read(path);
      if (!snap) return event;
      const sessionModel = event.agent_id ? undefined : sessionModels.get(event.session_id);
      return fill(event, snap, opts.contextWindows, fallbackWindow, sessionModel);
    } catch (err) {
      opts.log.warn(`enrich ${event.type} ${event.id}: ${(err as Error).message}`);
      return event;
    }
  };
}

function needsTranscript(event: HeatdeskEvent): boolean {
  if (event.type !== 'SessionEnded' && event.type !== 'AgentCompleted' && event.type !== 'ContextCompaction') return false;
  return TOKEN_FIELDS.some((f) => event[f] === undefined) || event.context_pressure === undefined;
}

/** The agent's own transcript: a subagent's file for events fired inside one, else the session's. */
function transcriptOf(reader: TranscriptReader, event: HeatdeskEvent): string | undefined {
  if (event.agent_id) {
    const agentPath = typeof event['agent_transcript_path'] === 'string' ? event['agent_transcript_path'] : undefined;
    return reader.paths.subagentTranscript({
      sessionId: event.session_id,
      agentId: event.agent_id,
      agentTranscriptPath: agentPath,
      transcriptPath: event.transcript_path,
      cwd: event.cwd,
    });
  }
  return reader.paths.mainTranscript(event.session_id, event.transcript_path, event.cwd);
}

function fill(
  event: HeatdeskEvent,
  snap: TranscriptSnapshot,
  windows: Record<string, number> | undefined,
  fallbackWindow: number | undefined,
  sessionModel: string | undefined,
): HeatdeskEvent {
  const out: HeatdeskEvent = { ...event };
  const t = snap.totals;
  const filled: Record<(typeof TOKEN_FIELDS)[number], number> = {
    input_tokens: t.inputTokens,
    output_tokens: t.outputTokens,
    cache_read_input_tokens: t.cacheReadTokens,
    cache_creation_input_tokens: t.cacheCreationTokens,
  };
  for (const f of TOKEN_FIELDS) if (out[f] === undefined) out[f] = filled[f];
  // The 1-hour part of cache writes is priced differently; it rides along for the cost estimate.
  if (event.cache_creation_input_tokens === undefined) out['cache_creation_1h_input_tokens'] = t.cacheCreation1hTokens;
  const model = snap.model ?? event.model;
  if (out.model === undefined && model !== undefined) out.model = model;
  if (snap.latest) {
    const contextTokens = contextTokensOf(snap.latest);
    // Raw count beside the ratio: a view with its own window setting can recompute the ratio.
    out['context_tokens'] = contextTokens;
    if (out.context_pressure === undefined) {
      const ratio = contextPressure(contextTokens, contextWindowFor(windowModel(model, sessionModel), windows, fallbackWindow));
      out.context_pressure = Math.min(MAX_PRESSURE, ratio);
    }
  }
  return out;
}

/** The transcript's model, marked "[1m]" when the session was started with the 1M variant of that family. */
function windowModel(model: string | undefined, sessionModel: string | undefined): string | undefined {
  if (!model || !sessionModel) return model ?? sessionModel;
  const session = parseModelId(sessionModel);
  return session.extended && parseModelId(model).family === session.family ? `${model}[1m]` : model;
}
