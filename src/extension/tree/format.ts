// Number formats shared by the tree, its tooltips, the status bar and exports. Fixed to en-US grouping so a
// figure reads the same on every machine and can be compared digit for digit with what was sent.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345 → "12,345" (rounded to a whole number). */
export function formatInt(n: number): string {
  return integer.format(Number.isFinite(n) ? Math.round(n) : 0);
}

/** 1234 → "1.2k", 1234567 → "1.23M": for the narrow status bar; tooltips carry the exact figure. */
export function formatCompact(n: number): string {
  const v = Number.isFinite(n) ? n : 0;
  if (Math.abs(v) < 1000) return formatInt(v);
  if (Math.abs(v) < 1_000_000) return `${(v / 1000).toFixed(v < 10_000 ? 1 : 0)}k`;
  if (Math.abs(v) < 1_000_000_000) return `${(v / 1_000_000).toFixed(2)}M`;
  return `${(v / 1_000_000_000).toFixed(2)}B`;
}

/** Milliseconds as "350 ms", "12.3 s", "4m 05s", "1h 02m". */
export function formatDuration(ms: number): string {
  const v = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  const totalS = Math.round(v / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}

/** USD estimate: "$0.0042" below a cent, else "$1.23" (grouped above a thousand). */
export function formatCost(usd: number): string {
  const v = Number.isFinite(usd) && usd > 0 ? usd : 0;
  if (v === 0) return '$0.00';
  if (v < 0.01) return `$${v.toFixed(4)}`;
  return `$${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)}`;
}

/** Ratio 0..1 as a whole percentage ("45%"); above 1 stays above 100%. */
export function formatPercent(ratio: number): string {
  return `${Math.round((Number.isFinite(ratio) && ratio > 0 ? ratio : 0) * 100)}%`;
}
