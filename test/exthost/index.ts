// Entry point of the extension-host suites, by VS Code's test convention: `run()` is called inside a real
// extension host (test-electron on a desktop, code-server's VS Code server in CI) and rejects on failure.
// Runner-agnostic: plain mocha (tdd UI) over the `vscode` API, one file per concern, run in name order.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/**
 * Prints one plain line per test. Mocha's own reporters pass printf-style format strings to console.log,
 * which arrive unformatted ("%s") when the extension host forwards its console to a browser page.
 */
class PlainReporter {
  constructor(runner: Mocha.Runner) {
    let passed = 0;
    const failures: Array<{ title: string; err: Error }> = [];
    runner.on('suite', (s: Mocha.Suite) => {
      if (s.title) console.log(`[exthost] ${s.title}`);
    });
    runner.on('pass', (t: Mocha.Test) => {
      passed++;
      console.log(`[exthost]   ok   ${t.title} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t: Mocha.Test, err: Error) => {
      failures.push({ title: t.fullTitle(), err });
      console.log(`[exthost]   FAIL ${t.title}: ${err.message}`);
    });
    runner.once('end', () => {
      for (const f of failures) console.log(`[exthost] FAILED ${f.title}\n${f.err.stack ?? f.err.message}`);
      console.log(`[exthost] ${passed} passed, ${failures.length} failed`);
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: PlainReporter as unknown as Mocha.ReporterConstructor });
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.suite.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
