// `npm run bench`: runs every bench/*.bench.mjs one after another (the machine has few cores: benches
// running side by side would measure each other), then prints a summary of every figure they reported
// through `@@result` lines (see bench/_lib.mjs), grouped by bench file, with its target and verdict.
// Usage: node bench/run.mjs [substring ...]   e.g. `node bench/run.mjs hook` runs hook-cost.bench.mjs only.
// Benches measure the built bundles in dist/: run `npm run build` first (done here when dist/ is missing).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { machine } from './_lib.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !filters.length || filters.some((s) => f.includes(s)))
  .sort();

if (!files.length) {
  console.error(`no bench/*.bench.mjs matches ${filters.join(', ') || '(any)'}`);
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.log('dist/ is missing: building first');
  const b = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) console.log('(build reported errors; benches that need a missing bundle will say so)');
}

const m = machine();
console.log(`Heatdesk benchmarks on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`);
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (figures from a busy machine are slower)`);
console.log(`NODE_EXTRA_CA_CERTS is ${process.env.NODE_EXTRA_CA_CERTS ? `set (${process.env.NODE_EXTRA_CA_CERTS})` : 'not set'}`);

/** Runs one bench, echoing its human lines and keeping its @@result lines for the summary. */
function runOne(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--expose-gc', join(benchDir, file)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const results = [];
    let rest = '';
    child.stdout.on('data', (d) => {
      rest += d;
      let nl;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        if (line.startsWith('@@result ')) {
          try {
            results.push(JSON.parse(line.slice(9)));
          } catch {
            console.log(`  (unreadable result line: ${line})`);
          }
        } else console.log(line);
      }
    });
    child.on('exit', (code, signal) => resolve({ file, code: code ?? signal, results, seconds: (Date.now() - started) / 1000 }));
  });
}

const runs = [];
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  runs.push(await runOne(f));
}

console.log('\n=== Summary ===');
let missed = 0;
let broken = 0;
for (const r of runs) {
  console.log(`${r.file}  (${r.seconds.toFixed(1)} s${r.code === 0 ? '' : `, EXITED ${r.code}`})`);
  if (r.code !== 0) broken++;
  for (const x of r.results) {
    const v = typeof x.value === 'number' ? (Math.abs(x.value) >= 100 ? x.value.toFixed(0) : x.value.toFixed(2)) : String(x.value);
    const verdict = x.ok === null || x.ok === undefined ? '' : x.ok ? '  ok' : '  MISSED';
    if (x.ok === false) missed++;
    console.log(`  ${x.name.padEnd(58)} ${`${v} ${x.unit}`.padEnd(16)} ${x.target ? `target ${x.target}` : ''}${verdict}`);
  }
}
console.log(`\n${runs.length} bench file(s); ${missed} target(s) missed; ${broken} bench(es) failed to run`);
// Benches report; they do not gate. A bench that could not run at all is an error, though.
process.exit(broken ? 1 : 0);
