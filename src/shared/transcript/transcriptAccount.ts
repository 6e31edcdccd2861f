// Token accounting over Claude Code transcript lines (JSONL), fed one line at a time so that a reader can
// stop at any byte offset and resume later. Claude Code writes one line PER CONTENT BLOCK of a response,
// each repeating the response's usage (older versions put placeholder usage on the early blocks), so
// summing lines double counts. The rule (hooks reference, the one the best-known usage tool uses): key
// each response by message.id + requestId (id alone when requestId is missing), keep the line with the
// largest input+output+cache_creation+cache_read total, count each key once. Cache creation is the sum of
// the `cache_creation` breakdown when that object exists, else `cache_creation_input_tokens`. Lines of
// model "<synthetic>" are not API calls; lines without usage (user, system, summary…) carry nothing.
// The format is internal to Claude Code: unknown fields are ignored, missing optional ones count as 0.

export interface ResponseUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  /** Part of cacheCreationTokens written with the 1-hour TTL (priced differently); 0 when unknown. */
  cacheCreation1hTokens: number;
  /**
   * What the context held for this response, as Claude Code itself computes it: input_tokens +
   * cache_creation_input_tokens (the flat field; the breakdown sum only when it is missing) +
   * cache_read_input_tokens. Output is not part of it.
   */
  contextTokens: number;
  model?: string;
}

export interface TranscriptTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  cacheCreation1hTokens: number;
  /** Distinct API responses counted. */
  responses: number;
}

export interface TranscriptAccount {
  /** Every response seen, by dedup key: a later block line of the same response may still raise it. */
  responses: Map<string, ResponseUsage>;
  totals: TranscriptTotals;
  /** Key of the response on the most recent usage line: its usage gives the context pressure. */
  latestKey?: string;
  /** Counter that gives responses without message.id a key of their own (they cannot be deduplicated). */
  unkeyed: number;
}

export function createTranscriptAccount(): TranscriptAccount {
  return { responses: new Map(), totals: emptyTotals(), unkeyed: 0 };
}

function emptyTotals(): TranscriptTotals {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, cacheCreation1hTokens: 0, responses: 0 };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const tokens = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/** Cheap pre-check: a line that does not even contain the key cannot carry usage (skips the JSON parse). */
export function mayCarryUsage(line: string): boolean {
  return line.includes('"usage"');
}

/**
 * Feeds one JSONL line (without its newline). Returns true when it changed the account. `prechecked`:
 * the caller already knows the line's bytes contain the usage key (the file reader searches bytes).
 */
export function accountLine(account: TranscriptAccount, line: string, prechecked = false): boolean {
  if (!prechecked && !mayCarryUsage(line)) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return false; // a corrupt or foreign line must not stop the accounting of the others
  }
  return accountRecord(account, parsed);
}

/** Reads the usage of one parsed transcript record, or undefined when it is not a counted API response. */
export function usageOfRecord(record: unknown): { key?: string; usage: ResponseUsage } | undefined {
  if (!isObj(record)) return undefined;
  const message = record['message'];
  if (!isObj(message)) return undefined;
  const usage = message['usage'];
  if (!isObj(usage)) return undefined;
  if (typeof usage['input_tokens'] !== 'number' && typeof usage['output_tokens'] !== 'number') return undefined;
  const model = typeof message['model'] === 'string' ? message['model'] : undefined;
  if (model === '<synthetic>') return undefined;
  const breakdown = usage['cache_creation'];
  let cacheCreation: number;
  let oneHour = 0;
  if (isObj(breakdown)) {
    oneHour = tokens(breakdown['ephemeral_1h_input_tokens']);
    cacheCreation = tokens(breakdown['ephemeral_5m_input_tokens']) + oneHour;
  } else {
    cacheCreation = tokens(usage['cache_creation_input_tokens']);
  }
  const flat = usage['cache_creation_input_tokens'];
  const contextCacheCreation = typeof flat === 'number' ? tokens(flat) : cacheCreation;
  const id = typeof message['id'] === 'string' && message['id'] ? message['id'] : undefined;
  const requestId = typeof record['requestId'] === 'string' && record['requestId'] ? record['requestId'] : undefined;
  return {
    key: id === undefined ? undefined : requestId === undefined ? id : `${id}:${requestId}`,
    usage: {
      inputTokens: tokens(usage['input_tokens']),
      outputTokens: tokens(usage['output_tokens']),
      cacheReadTokens: tokens(usage['cache_read_input_tokens']),
      cacheCreationTokens: cacheCreation,
      cacheCreation1hTokens: oneHour,
      contextTokens: tokens(usage['input_tokens']) + contextCacheCreation + tokens(usage['cache_read_input_tokens']),
      model,
    },
  };
}

export function usageTotal(u: ResponseUsage): number {
  return u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens;
}

/** Feeds one parsed record. Returns true when it changed the account. */
export function accountRecord(account: TranscriptAccount, record: unknown): boolean {
  const found = usageOfRecord(record);
  if (!found) return false;
  const key = found.key ?? `#${++account.unkeyed}`;
  const usage = found.usage;
  const t = account.totals;
  const prev = account.responses.get(key);
  account.latestKey = key;
  if (!prev) {
    account.responses.set(key, usage);
    t.responses++;
    add(t, usage, 1);
    return true;
  }
  // Same response, another content block: keep whichever line reports the most (placeholders lose).
  if (usageTotal(usage) <= usageTotal(prev)) return true;
  add(t, prev, -1);
  add(t, usage, 1);
  account.responses.set(key, usage);
  return true;
}

function add(t: TranscriptTotals, u: ResponseUsage, sign: 1 | -1): void {
  t.inputTokens += sign * u.inputTokens;
  t.outputTokens += sign * u.outputTokens;
  t.cacheReadTokens += sign * u.cacheReadTokens;
  t.cacheCreationTokens += sign * u.cacheCreationTokens;
  t.cacheCreation1hTokens += sign * u.cacheCreation1hTokens;
}

/** Usage of the most recent response (deduplicated), if any. */
export function latestUsage(account: TranscriptAccount): ResponseUsage | undefined {
  return account.latestKey === undefined ? undefined : account.responses.get(account.latestKey);
}

/** What the model's context held for a response: input + cache read + cache creation (output excluded). */
export function contextTokensOf(u: ResponseUsage): number {
  return u.contextTokens;
}

/** JSON-safe form of an account, so a reader can persist its progress and resume where it stopped. */
export interface SerializedTranscriptAccount {
  v: 1;
  /** [key, input, output, cacheRead, cacheCreation, cacheCreation1h, model, contextTokens] */
  responses: Array<[string, number, number, number, number, number, string | null, number]>;
  latestKey: string | null;
  unkeyed: number;
}

export function serializeAccount(a: TranscriptAccount): SerializedTranscriptAccount {
  const responses: SerializedTranscriptAccount['responses'] = [];
  for (const [k, u] of a.responses) {
    responses.push([k, u.inputTokens, u.outputTokens, u.cacheReadTokens, u.cacheCreationTokens, u.cacheCreation1hTokens, u.model ?? null, u.contextTokens]);
  }
  return { v: 1, responses, latestKey: a.latestKey ?? null, unkeyed: a.unkeyed };
}

/** Rebuilds an account; totals are recomputed, so a tampered file cannot make them disagree. Throws on a bad shape. */
export function restoreAccount(data: unknown): TranscriptAccount {
  if (!isObj(data) || data['v'] !== 1 || !Array.isArray(data['responses'])) throw new Error('not a serialized transcript account');
  const a = createTranscriptAccount();
  for (const row of data['responses'] as unknown[]) {
    if (!Array.isArray(row) || typeof row[0] !== 'string') throw new Error('bad response row');
    const usage: ResponseUsage = {
      inputTokens: tokens(row[1]),
      outputTokens: tokens(row[2]),
      cacheReadTokens: tokens(row[3]),
      cacheCreationTokens: tokens(row[4]),
      cacheCreation1hTokens: tokens(row[5]),
      model: typeof row[6] === 'string' ? row[6] : undefined,
      contextTokens: 0,
    };
    usage.contextTokens = typeof row[7] === 'number' ? tokens(row[7]) : usage.inputTokens + usage.cacheReadTokens + usage.cacheCreationTokens;
    a.responses.set(row[0], usage);
    a.totals.responses++;
    add(a.totals, usage, 1);
  }
  a.latestKey = typeof data['latestKey'] === 'string' ? data['latestKey'] : undefined;
  a.unkeyed = typeof data['unkeyed'] === 'number' ? data['unkeyed'] : 0;
  return a;
}
