// Builds the extension-host mocha suites (test/exthost/*.suite.ts + index.ts) into dist/test/exthost/, one
// CommonJS file each, `vscode` and `mocha` left external (the extension host provides the first, the repo's
// node_modules the second). Run after esbuild.mjs, which empties dist/.  Usage: node scripts/build-exthost-tests.mjs
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'test/exthost';
const entries = existsSync(dir)
  ? readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.suite.ts')).map((f) => join(dir, f))
  : [];
if (entries.length === 0) {
  console.log('[build-exthost-tests] no suites');
  process.exit(0);
}
await esbuild.build({
  entryPoints: entries,
  outdir: 'dist/test/exthost',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`[build-exthost-tests] built ${entries.length} files into dist/test/exthost/`);
