// Heatdesk's settings, typed. Mirrors `contributes.configuration` in package.json key for key (a unit test
// holds the two together). Pure on purpose: the caller passes a getter (VS Code's WorkspaceConfiguration in
// the editor, a plain object in tests), so reading and checking settings needs no editor.
import type { ModelPrice } from '../shared/metrics/pricing';
import type { MetricMode } from '../shared/metrics/types';

export type { MetricMode };
export type SessionsShown = 'all' | 'workspace';
export type HookInstallMode = 'command' | 'http';

export interface Config {
  /** Ingest server port on 127.0.0.1; 0 = any free port. */
  port: number;
  heatmap: { enabledAtStart: boolean };
  /** Reveal the Heatdesk side bar (office + agents) when the window starts. */
  view: { openAtStart: boolean };
  metricMode: MetricMode;
  /** 0 = never remove idle agents. */
  staleAgentTimeoutMinutes: number;
  retention: { maxAgeDays: number; maxEvents: number };
  /** Context window overrides by model id prefix. */
  contextWindows: Record<string, number>;
  /** Price overrides (USD per million tokens) by model id prefix or family. */
  prices: Record<string, Partial<ModelPrice>>;
  privacy: { capturePrompts: boolean };
  sessions: { show: SessionsShown };
  hooks: { installMode: HookInstallMode };
}

export const CONFIG_SECTION = 'heatdesk';

/** Defaults, keyed exactly as the settings' ids after `heatdesk.`. */
export const CONFIG_DEFAULTS = {
  port: 0,
  'heatmap.enabledAtStart': false,
  'view.openAtStart': false,
  metricMode: 'auto',
  staleAgentTimeoutMinutes: 30,
  'retention.maxAgeDays': 30,
  'retention.maxEvents': 200_000,
  contextWindows: {},
  prices: {},
  'privacy.capturePrompts': false,
  'sessions.show': 'all',
  'hooks.installMode': 'command',
} as const satisfies Record<string, unknown>;

export type ConfigKey = keyof typeof CONFIG_DEFAULTS;

/** Reads one setting by its key under `heatdesk.`; undefined when unset. */
export type ConfigGetter = (key: ConfigKey) => unknown;

const PRICE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Builds a checked Config. A value of the wrong type or out of range falls back to its default and is named
 * in `problems`, so a typo in settings.json is reported rather than silently breaking the server.
 */
export function readConfig(get: ConfigGetter): { config: Readonly<Config>; problems: string[] } {
  const problems: string[] = [];
  const bad = (key: ConfigKey, why: string) => problems.push(`heatdesk.${key}: ${why}; using the default`);

  const num = (key: ConfigKey, def: number, min: number, max: number, integer: boolean): number => {
    const v = get(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      bad(key, `expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
      return def;
    }
    return v;
  };
  const bool = (key: ConfigKey, def: boolean): boolean => {
    const v = get(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'boolean') {
      bad(key, 'expected true or false');
      return def;
    }
    return v;
  };
  const oneOf = <T extends string>(key: ConfigKey, def: T, allowed: readonly T[]): T => {
    const v = get(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      bad(key, `expected one of ${allowed.join(', ')}`);
      return def;
    }
    return v as T;
  };

  const contextWindows: Record<string, number> = {};
  const cw = get('contextWindows');
  if (isRecord(cw)) {
    for (const [model, tokens] of Object.entries(cw)) {
      if (typeof tokens === 'number' && Number.isInteger(tokens) && tokens > 0) contextWindows[model] = tokens;
      else bad('contextWindows', `"${model}" needs a positive integer`);
    }
  } else if (cw !== undefined && cw !== null) bad('contextWindows', 'expected an object of model → tokens');

  const prices: Record<string, Partial<ModelPrice>> = {};
  const pr = get('prices');
  if (isRecord(pr)) {
    for (const [model, entry] of Object.entries(pr)) {
      if (!isRecord(entry)) {
        bad('prices', `"${model}" needs an object like {"input": 3, "output": 15}`);
        continue;
      }
      const p: Partial<ModelPrice> = {};
      for (const field of PRICE_FIELDS) {
        const v = entry[field];
        if (v === undefined) continue;
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0) p[field] = v;
        else bad('prices', `"${model}.${field}" needs a number ≥ 0`);
      }
      prices[model] = p;
    }
  } else if (pr !== undefined && pr !== null) bad('prices', 'expected an object of model → prices');

  const config: Config = {
    port: num('port', CONFIG_DEFAULTS.port, 0, 65535, true),
    heatmap: { enabledAtStart: bool('heatmap.enabledAtStart', CONFIG_DEFAULTS['heatmap.enabledAtStart']) },
    view: { openAtStart: bool('view.openAtStart', CONFIG_DEFAULTS['view.openAtStart']) },
    metricMode: oneOf<MetricMode>('metricMode', CONFIG_DEFAULTS.metricMode, ['auto', 'tokens', 'activity']),
    staleAgentTimeoutMinutes: num('staleAgentTimeoutMinutes', CONFIG_DEFAULTS.staleAgentTimeoutMinutes, 0, 10_000_000, false),
    retention: {
      maxAgeDays: num('retention.maxAgeDays', CONFIG_DEFAULTS['retention.maxAgeDays'], 0, 100_000, false),
      maxEvents: num('retention.maxEvents', CONFIG_DEFAULTS['retention.maxEvents'], 0, Number.MAX_SAFE_INTEGER, true),
    },
    contextWindows,
    prices,
    privacy: { capturePrompts: bool('privacy.capturePrompts', CONFIG_DEFAULTS['privacy.capturePrompts']) },
    sessions: { show: oneOf<SessionsShown>('sessions.show', CONFIG_DEFAULTS['sessions.show'], ['all', 'workspace']) },
    hooks: { installMode: oneOf<HookInstallMode>('hooks.installMode', CONFIG_DEFAULTS['hooks.installMode'], ['command', 'http']) },
  };
  return { config: Object.freeze(config), problems };
}

/** Settings whose change needs the ingest server restarted (they are passed to it at start). */
export const RESTART_KEYS: readonly ConfigKey[] = [
  'port',
  'retention.maxAgeDays',
  'retention.maxEvents',
  'privacy.capturePrompts',
  // The server's enricher computes context pressure with the windows it started with.
  'contextWindows',
  // http hooks need the stable token (installer/httpToken.ts); command hooks a fresh one per start.
  'hooks.installMode',
];
