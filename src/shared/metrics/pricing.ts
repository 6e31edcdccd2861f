// Estimated cost per model family. Prices are USD per million tokens from Anthropic's public pricing page
// (anthropic.com/pricing and docs.claude.com "Pricing", as published in late 2025): cache writes cost
// 1.25x input for the 5-minute TTL and 2x input for the 1-hour TTL, cache reads 0.1x input. Models newer
// than that page (e.g. claude-opus-5, claude-sonnet-5) are priced like the latest known member of their
// family; that is an estimate, which is why a setting can override any entry. Long-context surcharges
// (Sonnet above 200k input tokens) are not modelled: the figure is an estimate, not a bill.
import { parseModelId, versionAtLeast } from './modelId';

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

/** Token counts a cost is computed from (cacheCreationTokens includes cacheCreation1hTokens). */
export interface CostTokens {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  /** The part of cacheCreationTokens written with the 1-hour TTL (priced 2x input); 0 when unknown. */
  cacheCreation1hTokens?: number;
}

/** Rounded so that 3 * 0.1 is the published $0.30, not 0.30000000000000004. */
const usd = (x: number): number => Math.round(x * 1e6) / 1e6;

function price(input: number, output: number): ModelPrice {
  return { input, output, cacheRead: usd(input * 0.1), cacheWrite5m: usd(input * 1.25), cacheWrite1h: usd(input * 2) };
}

/** Unknown families (a name we have never seen) are estimated at Sonnet's price, the middle tier. */
export const DEFAULT_PRICE: ModelPrice = price(3, 15);

/** Table price of a model id, before overrides. */
export function tablePrice(model: string | undefined): ModelPrice {
  const m = parseModelId(model);
  switch (m.family) {
    case 'opus':
      // Opus 4.5 cut the price to a third; Opus 3, 4 and 4.1 cost $15/$75.
      return versionAtLeast(m, 4, 5) ? price(5, 25) : price(15, 75);
    case 'haiku':
      if (m.major === 3) return m.minor >= 5 ? price(0.8, 4) : price(0.25, 1.25);
      return price(1, 5);
    case 'sonnet':
      return price(3, 15);
    default:
      return DEFAULT_PRICE;
  }
}

/**
 * Price of a model id such as "claude-opus-4-1-20250805" or "claude-sonnet-5[1m]". `overrides` are keyed
 * by model id prefix ("claude-opus-4-1") or family word ("opus"); the longest matching key wins, and a
 * partial entry fills in from the table.
 */
export function priceForModel(model: string | undefined, overrides?: Readonly<Record<string, Partial<ModelPrice>>>): ModelPrice {
  const base = tablePrice(model);
  if (!overrides) return base;
  const id = (model ?? '').toLowerCase();
  const family = parseModelId(model).family;
  let bestKey: string | undefined;
  for (const key of Object.keys(overrides)) {
    const k = key.toLowerCase();
    if ((id.startsWith(k) || k === family) && (bestKey === undefined || k.length > bestKey.length)) bestKey = key;
  }
  return bestKey === undefined ? base : { ...base, ...overrides[bestKey] };
}

/** Estimated USD for cumulative token counts at one model's prices. */
export function costUsd(tokens: CostTokens, p: ModelPrice): number {
  const oneHour = Math.min(tokens.cacheCreation1hTokens ?? 0, tokens.cacheCreationTokens);
  const fiveMin = tokens.cacheCreationTokens - oneHour;
  return (
    (tokens.inputTokens * p.input +
      tokens.outputTokens * p.output +
      tokens.cacheReadTokens * p.cacheRead +
      fiveMin * p.cacheWrite5m +
      oneHour * p.cacheWrite1h) /
    1_000_000
  );
}
