// Runs the extension-host mocha suites (test/exthost, built to dist/test/exthost/index.js) inside a real
// VS Code extension host: VS Code's own server from the code-server package, opened in Chromium with the
// smoke-test driver's payload (extensionDevelopmentPath + extensionTestsPath). The workbench reports the
// suite's exit code through window.codeAutomationExit. The same suite files run on desktop VS Code with
// `npm run test:vscode` (@vscode/test-electron).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { makeProfile, startVsCodeServer, writeUserSettings } from '../../scripts/codeServer.mjs';
import { launchBrowser, realVsCodeOrSkip, repoRoot, tempDir } from '../e2e/helpers/realVsCode';

const env = realVsCodeOrSkip('extension-host');
const skip = 'skip' in env ? env.skip : false;
const SUITE = join(repoRoot, 'dist', 'test', 'exthost', 'index.js');
const SUITE_TIMEOUT_MS = 180_000;

/** esbuild.mjs empties dist/; the suites have their own build step, run here when its output is missing. */
function buildSuitesIfMissing(): void {
  const builder = join(repoRoot, 'scripts', 'build-exthost-tests.mjs');
  if (existsSync(SUITE) || !existsSync(builder)) return;
  const r = spawnSync(process.execPath, [builder], { cwd: repoRoot, stdio: 'inherit' });
  assert.equal(r.status, 0, 'building the extension-host suites failed');
}

/** The suites' reporter prefixes its lines (test/exthost/index.ts); everything else is VS Code's chatter. */
const SUITE_LINE = /^\[exthost\]/;

describe('extension-host suites in code-server\'s VS Code server', { skip }, () => {
  let temp: ReturnType<typeof tempDir>;
  let browser: Browser | undefined;
  let stopServer: (() => Promise<void>) | undefined;

  before(() => {
    if ('skip' in env) return;
    buildSuitesIfMissing();
    assert.ok(existsSync(SUITE), `${SUITE} missing: build the suites (\`npm run build:exthost\`)`);
    temp = tempDir('heatdesk-exthost-');
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await stopServer?.();
    temp?.remove();
  });

  it('runs every suite and they pass (exit code 0)', async () => {
    if ('skip' in env) return;
    const profile = makeProfile(join(temp.dir, 'profile'));
    writeUserSettings(profile);
    const workspace = join(temp.dir, 'ws');
    const home = join(temp.dir, 'heatdesk-home');
    const claudeConfigDir = join(temp.dir, 'claude');
    for (const d of [workspace, home, claudeConfigDir, join(temp.dir, 'home')]) mkdirSync(d, { recursive: true });
    // The suites' ingest server, store and hook installer work in private folders, never the user's.
    const server = await startVsCodeServer({
      tools: env.tools,
      profile,
      env: { HEATDESK_HOME: home, CLAUDE_CONFIG_DIR: claudeConfigDir, HOME: join(temp.dir, 'home') },
    });
    stopServer = server.stop;
    browser = await launchBrowser(env.chromium);
    const page = await browser.newPage();
    // The extension host forwards its console to the page. Suite lines are printed as they come; the
    // rest (workbench and extension-host errors included) is kept and printed only if the run fails.
    const other: string[] = [];
    page.on('console', (msg) => {
      const text = msg.text().replace(/^%c\s*\w+\s+color:\s*#[0-9a-f]+\s*/i, '');
      if (SUITE_LINE.test(text)) console.log(`    | ${text}`);
      else other.push(`[${msg.type()}] ${text}`);
    });
    page.on('pageerror', (err) => other.push(`[pageerror] ${err.message}`));
    let report: (code: number) => void = () => {};
    const exitCode = new Promise<number>((resolve) => (report = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => report(code));
    const started = Date.now();
    await page.goto(server.testUrl(repoRoot, SUITE, workspace));
    const code = await Promise.race([
      exitCode,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS).unref()),
    ]);
    console.log(`    extension-host suites finished with ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) console.log(`    --- browser console (last 80 lines) ---\n${other.slice(-80).map((l) => `    ${l}`).join('\n')}`);
    assert.notEqual(code, 'timeout', `the suites did not report within ${SUITE_TIMEOUT_MS / 1000} s`);
    assert.equal(code, 0, `the extension-host suites failed (exit code ${code}); output above`);
  });
});
