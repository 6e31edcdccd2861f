// The seed's ring gradient: intensity 0 → green (0x4ade80), 0.5 → yellow (0xfbbf24), 1 → red (0xef4444).
// Pure so that the scene and the snapshot tool paint exactly the same colour for the same intensity.

const GREEN = [0x4a, 0xde, 0x80] as const;
const YELLOW = [0xfb, 0xbf, 0x24] as const;
const RED = [0xef, 0x44, 0x44] as const;

/** [r, g, b] in 0..255 for an intensity in 0..1 (clamped; NaN counts as 0). */
export function heatColor(intensity: number): [number, number, number] {
  const t = Number.isFinite(intensity) ? Math.min(1, Math.max(0, intensity)) : 0;
  const [from, to, f] = t <= 0.5 ? [GREEN, YELLOW, t / 0.5] : [YELLOW, RED, (t - 0.5) / 0.5];
  return [0, 1, 2].map((i) => Math.round((from[i] ?? 0) + ((to[i] ?? 0) - (from[i] ?? 0)) * f)) as [number, number, number];
}

/** The same colour as a 0xRRGGBB number (what THREE.Color#setHex takes). */
export function heatColorHex(intensity: number): number {
  const [r, g, b] = heatColor(intensity);
  return (r << 16) | (g << 8) | b;
}

/** The seed's emissive glow: 0.3 + intensity * 0.7. */
export function heatEmissiveIntensity(intensity: number): number {
  const t = Number.isFinite(intensity) ? Math.min(1, Math.max(0, intensity)) : 0;
  return 0.3 + t * 0.7;
}
