// Types for scripts/package.mjs (the test tiers package the VSIX they install).
export function packageVsix(opts?: { build?: boolean; out?: string }): string;
