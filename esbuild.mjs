// Builds every bundle Heatdesk ships. Each target is built on its own so that one broken entry point
// reports its error without hiding the others'.  Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = 'dist';

/** Hook scripts: one self-contained file per Claude Code event, started fresh for every event. */
const hookEntries = existsSync('src/hooks')
  ? readdirSync('src/hooks')
      .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.d.ts'))
      .map((f) => join('src/hooks', f))
  : [];

/** @type {Array<{name: string, options: esbuild.BuildOptions}>} */
const targets = [
  {
    name: 'extension',
    options: {
      entryPoints: { extension: 'src/extension/extension.ts' },
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      outdir,
    },
  },
  {
    name: 'cli',
    options: {
      entryPoints: { cli: 'src/cli/cli.ts' },
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outdir,
      banner: { js: '#!/usr/bin/env node' },
    },
  },
  {
    name: 'hooks',
    options: {
      entryPoints: hookEntries,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outdir: join(outdir, 'hooks'),
      // Hooks start once per Claude Code event: keep them tiny and free of source maps to parse.
      minify: true,
      sourcemap: false,
      legalComments: 'none',
    },
  },
  {
    name: 'webview',
    options: {
      entryPoints: { main: 'src/webview/main.ts' },
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      outdir: join(outdir, 'webview'),
      loader: { '.css': 'css' },
    },
  },
];

function copyAssets() {
  // sql.js loads its wasm from beside the bundle that requires it (dist/extension.js and dist/cli.js).
  cpSync('node_modules/sql.js/dist/sql-wasm.wasm', join(outdir, 'sql-wasm.wasm'));
  if (existsSync('media')) cpSync('media', join(outdir, 'media'), { recursive: true });
}

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

// Only a production build starts from an empty dist/: wiping it on every dev build would pull files from
// under tests and tools that are reading them at that moment.
if (production) rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

let failed = 0;
await Promise.all(
  targets
    .filter((t) => t.name !== 'hooks' || hookEntries.length > 0)
    .map(async (t) => {
      const options = { ...common, ...t.options };
      try {
        if (watch) {
          const ctx = await esbuild.context(options);
          await ctx.watch();
        } else {
          await esbuild.build(options);
        }
      } catch (err) {
        failed++;
        console.error(`[esbuild] ${t.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
);
copyAssets();
if (failed) process.exit(1);
if (!watch) console.log(`[esbuild] built ${targets.length} targets into ${outdir}/`);
