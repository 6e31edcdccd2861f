// Where hooks find the ingest server and where they park events it could not take: the names and formats
// shared by the hook scripts (writers of the spool, readers of ingest.json) and the ingest service (writer
// of ingest.json, drainer of the spool). Pure on purpose: callers pass the environment and do the file I/O,
// so the hooks can import this without pulling anything heavy.
import type { HeatdeskEvent } from './events';

/** File in HEATDESK_HOME that tells hooks where the server listens: {"url","token"}, mode 0600. */
export const INGEST_FILE = 'ingest.json';
/** NDJSON file in HEATDESK_HOME where hooks append events the server did not take. */
export const SPOOL_FILE = 'spool.ndjson';
/**
 * Folder in HEATDESK_HOME where hooks leave each event as its own file (`<time>-<id>.json`, written as a
 * dot-file, flushed to disk, then renamed): the leader drains it as files appear. One file per event means
 * no writer and reader ever share a file, so nothing can be lost between them.
 */
export const SPOOL_DIR = 'spool';
/** Hooks stop using the spool folder past this directory size (~100,000 waiting events on ext4). */
export const SPOOL_DIR_MAX_BYTES = 8 * 1024 * 1024;

/** The spool file name of an event: sortable by time, unique by the event's id. */
export function spoolFileName(event: Pick<HeatdeskEvent, 'id'>, nowMs: number): string {
  return `${String(nowMs).padStart(14, '0')}-${event.id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
}

/** Prefix of spool files a server has renamed away to drain (rename-then-read). */
export const SPOOL_DRAINING_PREFIX = 'spool.draining-';
/** Hooks stop spooling past this size: a spool that big means no server has run for a very long time. */
export const SPOOL_MAX_BYTES = 64 * 1024 * 1024;

/** What ingest.json holds. Extra keys are allowed and ignored by older readers. */
export interface IngestInfo {
  url: string;
  token: string;
  /** The process that serves `url`, so a later server can tell a stale file from a live peer. */
  pid?: number;
  /** Hooks keep the prompt text of UserPromptSubmit only when this is true (privacy: off by default). */
  capturePrompts?: boolean;
}

/** HEATDESK_HOME when set and non-empty, else `<home>/.heatdesk`. */
export function resolveHeatdeskHome(env: Readonly<Record<string, string | undefined>>, userHome: string): string {
  const fromEnv = env['HEATDESK_HOME'];
  if (fromEnv && fromEnv.trim() !== '') return fromEnv;
  return `${userHome.replace(/[\\/]+$/, '')}/.heatdesk`;
}

/** Joins HEATDESK_HOME and a file name without importing `path` (hooks keep their requires minimal). */
export function homeFile(home: string, name: string): string {
  return /[\\/]$/.test(home) ? home + name : `${home}/${name}`;
}

/** Parses ingest.json; null when it is not a usable {"url","token"} pointing at loopback http. */
export function parseIngestInfo(text: string): IngestInfo | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const o = raw as Record<string, unknown>;
  const url = o['url'];
  const token = o['token'];
  if (typeof url !== 'string' || typeof token !== 'string' || token.length === 0) return null;
  if (!parseLoopbackUrl(url)) return null;
  const info: IngestInfo = { url, token };
  if (typeof o['pid'] === 'number') info.pid = o['pid'];
  if (o['capturePrompts'] === true) info.capturePrompts = true;
  return info;
}

/**
 * Host and port of an `http://127.0.0.1:<port>` (or localhost / [::1]) URL; null for anything else, so a
 * tampered ingest.json can never make a hook send events off the machine.
 */
export function parseLoopbackUrl(url: string): { host: string; port: number } | null {
  const m = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})\/?$/.exec(url);
  if (!m || !m[1] || !m[2]) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1] === '[::1]' ? '::1' : m[1], port };
}

/** One spool line: the mapped event as JSON, newline-terminated (the id inside makes a retry idempotent). */
export function spoolLine(event: HeatdeskEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * Splits spool (or journal) text into parsed lines. A line that is not JSON (a torn write at the end, a
 * corrupted byte) is counted, not thrown: the caller decides what to say about it.
 */
export function parseNdjson(text: string): { values: unknown[]; badLines: number } {
  const values: unknown[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      badLines++;
    }
  }
  return { values, badLines };
}
