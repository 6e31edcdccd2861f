// The context window a model works with, for context pressure = most recent response's
// (input + cache read + cache creation) / window. Per the hooks reference: 200,000 tokens by default;
// 1,000,000 for extended-context models (Sonnet 5, Opus 4.7 and later, Fable 5 on the Anthropic API) and
// for any id with the "[1m]" suffix. A setting (model id prefix → tokens) overrides the table.
import { parseModelId, versionAtLeast } from './modelId';

export const DEFAULT_CONTEXT_WINDOW = 200_000;
export const EXTENDED_CONTEXT_WINDOW = 1_000_000;

export function tableContextWindow(model: string | undefined): number {
  const m = parseModelId(model);
  if (m.extended) return EXTENDED_CONTEXT_WINDOW;
  // A bare alias ("sonnet") names the current generation, but Claude Code only gives it 1M when asked
  // with "[1m]"; without a version we cannot tell, so keep the safe default.
  if (m.major === undefined) return DEFAULT_CONTEXT_WINDOW;
  switch (m.family) {
    case 'sonnet':
    case 'fable':
      return versionAtLeast(m, 5) ? EXTENDED_CONTEXT_WINDOW : DEFAULT_CONTEXT_WINDOW;
    case 'opus':
      return versionAtLeast(m, 4, 7) ? EXTENDED_CONTEXT_WINDOW : DEFAULT_CONTEXT_WINDOW;
    default:
      return DEFAULT_CONTEXT_WINDOW;
  }
}

/**
 * Window for a model: the longest override key that prefixes the model id (case-insensitive) wins, then
 * `fallback` (e.g. CLAUDE_CODE_MAX_CONTEXT_TOKENS) when given, then the table.
 */
export function contextWindowFor(
  model: string | undefined,
  overrides?: Readonly<Record<string, number>>,
  fallback?: number,
): number {
  const override = overrideContextWindow(model, overrides);
  if (override !== undefined) return override;
  if (fallback !== undefined && fallback > 0) return fallback;
  return tableContextWindow(model);
}

/** Context pressure ratio; 0 when nothing is known. Not clamped to 1: a ratio above 1 means the window table is wrong. */
export function contextPressure(contextTokens: number, window: number): number {
  return window > 0 && contextTokens > 0 ? contextTokens / window : 0;
}

/** The override for a model: the longest key that prefixes its id (case-insensitive), if any. */
export function overrideContextWindow(model: string | undefined, overrides?: Readonly<Record<string, number>>): number | undefined {
  if (!overrides) return undefined;
  const id = (model ?? '').toLowerCase();
  let best: string | undefined;
  for (const key of Object.keys(overrides)) {
    const v = overrides[key];
    if (v === undefined || !(v > 0)) continue;
    if (id.startsWith(key.toLowerCase()) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : overrides[best];
}
