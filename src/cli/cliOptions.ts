// Parses the CLI's options strictly: an unknown flag, a missing value or a bad number is a UsageError.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveHeatdeskHome } from '../shared/ingestInfo';
import { UsageError } from './usage';

export interface ServeOptions {
  port: number;
  dataDir: string;
  home: string;
  capturePrompts: boolean;
  /** Print every event the service shows (history, then live) as NDJSON on stdout. */
  printEvents: boolean;
  maxAgeDays: number;
  maxEvents: number;
}

export interface EventsOptions {
  dataDir: string;
  home: string;
}

const common = {
  'data-dir': { type: 'string' },
  home: { type: 'string' },
} as const;

/** Runs a parse, turning node:util's errors (unknown flag, missing value) into usage errors. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function integer(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new UsageError(`--${name} must be an integer from 0 to ${max}, got "${value}"`);
  return Number(value);
}

function locations(values: { 'data-dir'?: string | boolean; home?: string | boolean }, env: NodeJS.ProcessEnv): { home: string; dataDir: string } {
  const homeArg = typeof values.home === 'string' ? values.home : undefined;
  const dataArg = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
  if (homeArg === '' || dataArg === '') throw new UsageError('--home and --data-dir need a folder');
  const home = resolve(homeArg ?? resolveHeatdeskHome(env, homedir()));
  return { home, dataDir: resolve(dataArg ?? join(home, 'data')) };
}

export function parseServeOptions(args: string[], env: NodeJS.ProcessEnv): ServeOptions {
  const options = {
    ...common,
    port: { type: 'string' },
    'capture-prompts': { type: 'boolean' },
    'print-events': { type: 'boolean' },
    'max-age-days': { type: 'string' },
    'max-events': { type: 'string' },
  } as const;
  const v = usage(() => parseArgs({ args, options, strict: true, allowPositionals: false }).values);
  return {
    ...locations(v, env),
    port: integer('port', v.port, 0, 65535),
    capturePrompts: v['capture-prompts'] === true,
    printEvents: v['print-events'] === true,
    maxAgeDays: integer('max-age-days', v['max-age-days'], 0, 36_500),
    maxEvents: integer('max-events', v['max-events'], 0, 1_000_000_000),
  };
}

export function parseEventsOptions(args: string[], env: NodeJS.ProcessEnv): EventsOptions {
  return locations(usage(() => parseArgs({ args, options: common, strict: true, allowPositionals: false }).values), env);
}
