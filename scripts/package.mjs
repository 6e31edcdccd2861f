// Packages Heatdesk as heatdesk-<version>.vsix with @vscode/vsce and prints its size.
// Everything the extension runs is bundled into dist/ by esbuild, so the VSIX carries no node_modules
// (--no-dependencies); .vscodeignore keeps sources, maps, tests and tools out.
//
// Usage: node scripts/package.mjs [--no-build] [--out <file.vsix>]
//   default: production build first, output heatdesk-<version>.vsix in the repo root
//   --no-build: package dist/ as it is (the test tiers use this after `npm test` built it)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/** Builds (unless told not to) and packages; returns the absolute path of the VSIX. */
export function packageVsix({ build = true, out } = {}) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const target = resolve(repoRoot, out ?? `${pkg.name}-${pkg.version}.vsix`);
  if (build) run(process.execPath, ['esbuild.mjs', '--production']);
  if (!existsSync(join(repoRoot, pkg.main ?? 'dist/extension.js'))) {
    throw new Error(`${pkg.main} is missing: build first (npm run build)`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  // --allow-missing-repository: the project has no public repository URL yet and we will not invent one.
  // --no-rewrite-relative-links: for the same reason README links stay relative; VS Code resolves them
  // against the installed extension's folder, which holds media/ (see .vscodeignore).
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', target]);
  return target;
}

function main() {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf('--out');
  const out = outIdx >= 0 ? args[outIdx + 1] : undefined;
  try {
    const file = packageVsix({ build: !args.includes('--no-build'), out });
    const size = statSync(file).size;
    console.log(`[package] ${file}: ${(size / 1024).toFixed(0)} KiB (${size} bytes)`);
  } catch (err) {
    console.error(`[package] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
