// Runs every test tier that exists, in order of cost: unit → integration → render → extension host → e2e.
// Usage: node scripts/run-tests.mjs [tier ...]   (npm test runs them all; the build has already run)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Test files of a tier: *.test.ts anywhere under its folder. */
function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const tiers = [
  { name: 'unit', dir: 'test/unit', concurrency: true },
  { name: 'integration', dir: 'test/integration', concurrency: false },
  { name: 'render', dir: 'test/render', concurrency: false },
  { name: 'exthost', dir: 'test/exthost-runner', concurrency: false },
  { name: 'e2e', dir: 'test/e2e', concurrency: false },
];

const wanted = process.argv.slice(2);
let failed = [];
for (const tier of tiers) {
  if (wanted.length && !wanted.includes(tier.name)) continue;
  const files = findTests(tier.dir);
  if (!files.length) continue;
  console.log(`\n=== ${tier.name} (${files.length} files) ===`);
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      ...(tier.concurrency ? [] : ['--test-concurrency=1']),
      ...files,
    ],
    { stdio: 'inherit' },
  );
  console.log(`=== ${tier.name}: ${r.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (r.status !== 0) failed.push(tier.name);
}
if (failed.length) {
  console.error(`\nFailed tiers: ${failed.join(', ')}`);
  process.exit(1);
}
