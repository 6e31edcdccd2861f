// The merge at the heart of "Install/Uninstall Claude Code Hooks": pure functions over a parsed Claude Code
// settings object. A user's settings.json holds other tools' hooks and arbitrary keys, so the rules are:
// touch only handlers Heatdesk recognises as its own, keep everything else byte-for-byte in place, be
// idempotent, and refuse (throw) rather than guess when the file's shape is not what Claude Code reads.
import { HOOK_EVENT_NAMES, HOOK_SCRIPTS, type HookEventName } from '../../shared/hookMapping';

export type InstallMode = 'command' | 'http';

export interface HookPlan {
  mode: InstallMode;
  /** Stable folder holding the copied hook scripts (command mode), e.g. `$HEATDESK_HOME/hooks`. */
  hooksDir: string;
  /** Ingest base URL, e.g. `http://127.0.0.1:47123` (http mode). */
  url?: string;
  /** Seconds Claude Code waits for one handler. */
  timeoutSeconds?: number;
  /**
   * Claude Code runs command hooks through a POSIX shell (not on Windows): the command can then clear
   * NODE_EXTRA_CA_CERTS for the hook. Node parses that whole CA bundle before running any code (~40 ms a
   * process where it is set, measured in bench/hook-cost.bench.mjs), and a hook that only writes local
   * files and talks to 127.0.0.1 never needs it.
   */
  posixShell?: boolean;
}

export interface HookChange {
  event: string;
  action: 'added' | 'updated' | 'removed' | 'unchanged';
}

export interface MergeResult {
  settings: Record<string, unknown>;
  changes: HookChange[];
  /** False when the result deep-equals the input (nothing to write). */
  changed: boolean;
}

/** The settings file is not shaped the way Claude Code reads it; writing would mean guessing. */
export class SettingsShapeError extends Error {
  override readonly name = 'SettingsShapeError';
}

/** Events whose matcher is a tool name: "*" matches every tool. Other events are installed without one. */
const TOOL_EVENTS: ReadonlySet<HookEventName> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest']);
/** Environment variable an http hook's Authorization header reads (Claude Code interpolates allowed vars). */
export const TOKEN_ENV_VAR = 'HEATDESK_TOKEN';
const DEFAULT_TIMEOUT_S = 5;

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function slashes(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/+$/, '');
}

/**
 * A path inside the double quotes of a command line: Claude Code runs command hooks through a shell, where
 * `$`, a backtick, `"` and `\` keep their meaning inside double quotes.
 */
function inDoubleQuotes(path: string): string {
  return path.replace(/[$`"\\]/g, (c) => `\\${c}`);
}

/** The handler Heatdesk installs for one event. */
export function heatdeskHandler(event: HookEventName, plan: HookPlan): Json {
  const timeout = plan.timeoutSeconds ?? DEFAULT_TIMEOUT_S;
  if (plan.mode === 'http') {
    if (!plan.url) throw new Error('http hooks need the ingest server URL');
    return {
      type: 'http',
      url: `${plan.url.replace(/\/+$/, '')}/v1/hooks`,
      headers: { Authorization: `Bearer $${TOKEN_ENV_VAR}` },
      allowedEnvVars: [TOKEN_ENV_VAR],
      timeout,
    };
  }
  const script = `${slashes(plan.hooksDir)}/${HOOK_SCRIPTS[event]}.js`;
  const prefix = plan.posixShell ? 'NODE_EXTRA_CA_CERTS= ' : '';
  const handler: Json = { type: 'command', command: `${prefix}node "${inDoubleQuotes(script)}"`, timeout };
  // SessionEnd stays synchronous: Claude Code kills background hooks still running when it exits.
  if (event !== 'SessionEnd') handler['async'] = true;
  return handler;
}

const SCRIPT_NAMES = Object.values(HOOK_SCRIPTS).join('|');
/** A Heatdesk script in the default home, whatever the user's home folder is. */
const DEFAULT_HOME_SCRIPT = new RegExp(`/\\.heatdesk/hooks/(${SCRIPT_NAMES})\\.js\\b`);
const LOOPBACK_HOOKS_URL = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}\/v1\/hooks$/;

/**
 * Whether a handler is Heatdesk's: a command running one of its scripts from the hooks folder (the given one
 * or the default `~/.heatdesk/hooks`), or an http hook to a loopback `/v1/hooks` that sends HEATDESK_TOKEN.
 * Anything else belongs to someone else and is never touched.
 */
export function isHeatdeskHandler(handler: unknown, hooksDir: string): boolean {
  if (!isRecord(handler)) return false;
  if (handler['type'] === 'command' && typeof handler['command'] === 'string') {
    const raw = handler['command'];
    const cmd = slashes(raw);
    const dir = slashes(hooksDir);
    const quotedDir = inDoubleQuotes(dir);
    if (Object.values(HOOK_SCRIPTS).some((s) => cmd.includes(`${dir}/${s}.js`) || raw.includes(`${quotedDir}/${s}.js`))) return true;
    return DEFAULT_HOME_SCRIPT.test(cmd);
  }
  if (handler['type'] === 'http' && typeof handler['url'] === 'string') {
    const auth = isRecord(handler['headers']) ? handler['headers']['Authorization'] : undefined;
    return LOOPBACK_HOOKS_URL.test(handler['url']) && typeof auth === 'string' && auth.includes(TOKEN_ENV_VAR);
  }
  return false;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/**
 * Removes Heatdesk handlers from one event's groups. A group (or the event's list) is dropped only when it
 * held a Heatdesk handler and is empty afterwards, so foreign empty groups survive.
 */
function removeOurs(groups: unknown[], hooksDir: string): { groups: unknown[]; removed: number } {
  let removed = 0;
  const out: unknown[] = [];
  for (const group of groups) {
    if (!isRecord(group) || !Array.isArray(group['hooks'])) {
      out.push(group);
      continue;
    }
    const kept = group['hooks'].filter((h) => !isHeatdeskHandler(h, hooksDir));
    const n = group['hooks'].length - kept.length;
    removed += n;
    if (n === 0) out.push(group);
    else if (kept.length > 0) out.push({ ...group, hooks: kept });
  }
  return { groups: out, removed };
}

function hooksObject(settings: Json): Json | undefined {
  const hooks = settings['hooks'];
  if (hooks === undefined) return undefined;
  if (!isRecord(hooks)) throw new SettingsShapeError('"hooks" is not an object, so Heatdesk cannot merge into it');
  return hooks;
}

function topLevel(settings: unknown): Json {
  if (!isRecord(settings)) throw new SettingsShapeError('the settings file does not hold a JSON object');
  return settings;
}

/** Adds or refreshes Heatdesk's handler for every hook event; leaves every other key and handler alone. */
export function installHooks(input: unknown, plan: HookPlan): MergeResult {
  const original = topLevel(input);
  const settings = clone(original);
  const hooks = hooksObject(settings) ?? {};
  const changes: HookChange[] = [];
  for (const event of HOOK_EVENT_NAMES) {
    const existing = hooks[event];
    if (existing !== undefined && !Array.isArray(existing)) {
      throw new SettingsShapeError(`"hooks.${event}" is not a list, so Heatdesk cannot add its hook to it`);
    }
    const groups = existing ?? [];
    const handler = heatdeskHandler(event, plan);
    const group: Json = TOOL_EVENTS.has(event) ? { matcher: '*', hooks: [handler] } : { hooks: [handler] };
    const ours = groups.filter((g) => isRecord(g) && Array.isArray(g['hooks']) && g['hooks'].some((h) => isHeatdeskHandler(h, plan.hooksDir)));
    if (ours.length === 1 && deepEqual(ours[0], group)) {
      changes.push({ event, action: 'unchanged' });
      continue;
    }
    const { groups: rest, removed } = removeOurs(groups, plan.hooksDir);
    hooks[event] = [...rest, group];
    changes.push({ event, action: removed > 0 ? 'updated' : 'added' });
  }
  settings['hooks'] = hooks;
  return { settings, changes, changed: !deepEqual(original, settings) };
}

/** Removes every Heatdesk handler (either mode); everything else stays as it was. */
export function uninstallHooks(input: unknown, hooksDir: string): MergeResult {
  const original = topLevel(input);
  const settings = clone(original);
  const hooks = hooksObject(settings);
  const changes: HookChange[] = [];
  if (hooks) {
    let removedAny = false;
    for (const [event, value] of Object.entries(hooks)) {
      if (!Array.isArray(value)) continue;
      const { groups, removed } = removeOurs(value, hooksDir);
      if (removed === 0) continue;
      removedAny = true;
      changes.push({ event, action: 'removed' });
      if (groups.length === 0) delete hooks[event];
      else hooks[event] = groups;
    }
    if (removedAny && Object.keys(hooks).length === 0) delete settings['hooks'];
  }
  return { settings, changes, changed: !deepEqual(original, settings) };
}

/** Parses settings text. Empty text is an empty file (nothing to lose); anything unparsable is refused. */
export function parseSettingsText(text: string): { ok: true; value: Json } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { ok: false, error: `it is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!isRecord(value)) return { ok: false, error: 'it does not hold a JSON object' };
  return { ok: true, value };
}

/** Serialises settings in the file's own indentation (two spaces for a new file), ending with a newline. */
export function formatSettings(value: unknown, originalText: string): string {
  const m = /\n([ \t]+)\S/.exec(originalText);
  const indent = m?.[1] ?? '  ';
  return `${JSON.stringify(value, null, indent)}\n`;
}

/** One line per event that changed, for the log and the notification. */
export function describeChanges(changes: readonly HookChange[]): string[] {
  return changes.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.event}`);
}
