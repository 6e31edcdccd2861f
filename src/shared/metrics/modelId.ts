// Reads family and version out of the model ids Claude Code writes ("claude-opus-4-1-20250805",
// "claude-3-5-haiku-20241022", "claude-sonnet-5[1m]", Bedrock/Vertex forms, or a bare alias "opus").
// Pricing and context windows are decided per family and version, so one parser serves both.

export interface ModelIdParts {
  /** Lower-case family word: opus, sonnet, haiku, fable… ('' when unrecognised). */
  family: string;
  /** undefined for a bare alias such as "sonnet" (meaning: the current generation). */
  major?: number;
  minor: number;
  /** The id ends with "[1m]": the user asked for the 1M-token context window. */
  extended: boolean;
}

export function parseModelId(model: string | undefined): ModelIdParts {
  const raw = (model ?? '').trim().toLowerCase();
  const extended = /\[1m\]$/.test(raw);
  const id = raw.replace(/\[[^\]]*\]$/, '');
  // New style: claude-<family>-<major>[-<minor>][-<date>]; the minor is 1-2 digits, never the date.
  const modern = /claude-([a-z]+)-(\d{1,2})(?:[-.](\d{1,2})(?!\d))?/.exec(id);
  if (modern) return { family: modern[1] ?? '', major: Number(modern[2]), minor: Number(modern[3] ?? 0), extended };
  // Old style: claude-<major>[-<minor>]-<family>-<date>.
  const legacy = /claude-(\d)(?:-(\d))?-([a-z]+)/.exec(id);
  if (legacy) return { family: legacy[3] ?? '', major: Number(legacy[1]), minor: Number(legacy[2] ?? 0), extended };
  const alias = /^([a-z]+)/.exec(id);
  return { family: alias?.[1] ?? '', minor: 0, extended };
}

/** a.b ≥ major.minor (an alias without a version counts as the newest). */
export function versionAtLeast(parts: ModelIdParts, major: number, minor = 0): boolean {
  if (parts.major === undefined) return true;
  return parts.major > major || (parts.major === major && parts.minor >= minor);
}
