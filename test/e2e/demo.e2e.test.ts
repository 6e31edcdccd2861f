// `npm start` as a person uses it: the script starts code-server with the demo profile, prints a URL, and
// once a browser has opened VS Code it plays the recorded session through the real hook scripts. The office
// must then show the recorded agents with the heatmap on (the demo profile's setting), the main agent's
// tooltip must hold the recording's deduplicated token totals, and Ctrl-C must stop code-server and remove
// every file the demo created.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readRecording } from '../../demo/player.mjs';
import { launchBrowser, realVsCodeOrSkip, repoRoot, screenshotFailure, waitFor } from './helpers/realVsCode';
import { isRedish, Workbench } from './helpers/workbench';

const env = realVsCodeOrSkip('e2e (npm start demo)');
const skip = 'skip' in env ? env.skip : false;
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** What a deduplicating reader must find for each agent of the recording. */
function recordedTotals(): Map<string, { input: number; output: number; cacheRead: number; cacheWrite: number }> {
  const totals = new Map<string, { input: number; output: number; cacheRead: number; cacheWrite: number }>();
  for (const s of readRecording().steps) {
    if (s.t !== 'usage') continue;
    const agent = String(s['agent']);
    const t = totals.get(agent) ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
    t.input += Number(s['in'] ?? 0);
    t.output += Number(s['out'] ?? 0);
    t.cacheRead += Number(s['cr'] ?? 0);
    t.cacheWrite += Number(s['cw'] ?? 0);
    totals.set(agent, t);
  }
  return totals;
}

describe('npm start (demo) in code-server', { skip }, () => {
  let start: ChildProcess | undefined;
  let output = '';
  let url = '';
  let browser: Browser | undefined;
  let page: Page | undefined;

  const waitForOutput = (what: string, re: RegExp, timeoutMs: number) =>
    waitFor(`npm start to print ${what}`, () => re.exec(output) ?? undefined, timeoutMs);

  before(() => {
    if ('skip' in env) return;
    assert.ok(existsSync(join(repoRoot, 'dist', 'extension.js')), 'dist/extension.js missing: run `npm run build` first');
    // --no-build: `npm test` has just built dist/; the script still packages and installs the VSIX.
    start = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--port', '0', '--speed', '8'], {
      cwd: repoRoot,
      env: { ...process.env, INIT_CWD: repoRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    start.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (start && start.exitCode === null) start.kill('SIGINT');
  });

  it('prints a URL, plays the recorded session once VS Code is open, and shows it with the heatmap on', async () => {
    if ('skip' in env) return;
    try {
      url = (await waitForOutput('its URL', /running in VS Code at\s+(http:\/\/127\.0\.0\.1:\d+\/)/, 90_000))[1] ?? '';
      browser = await launchBrowser(env.chromium);
      page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const wb = new Workbench(page);
      await wb.open(url);
      await wb.openHeatdesk();
      await waitForOutput('that the demo finished', /demo finished/, 120_000);

      const office = await waitFor('the four recorded agents in the office', async () => {
        const o = await wb.office();
        return o.agents.length === 4 ? o : undefined;
      });
      assert.equal(office.heatmap, true, 'the demo profile starts with the heatmap on');
      const types = office.agents.map((a) => a.type);
      for (const t of ['Explore', 'general-purpose', 'code-reviewer']) assert.ok(types.includes(t), `a ${t} desk (${types})`);
      const byRing = [...office.agents].sort((a, b) => (b.ring ?? 0) - (a.ring ?? 0));
      const hottest = byRing[0]!;
      const coldest = byRing[byRing.length - 1]!;
      const hot = await wb.ringPixel(hottest.id);
      const cold = await wb.ringPixel(coldest.id);
      assert.ok(hot && isRedish(hot), `the heaviest agent's ring (${hottest.type}) is red-ish: ${hot}`);
      assert.ok(cold && !isRedish(cold), `the lightest agent's ring (${coldest.type}) is not red: ${cold}`);

      // The main agent's tooltip holds the recording's totals, deduplicated across content-block lines.
      const main = recordedTotals().get('main')!;
      const row = wb.pane('Agents').locator('.monaco-list-row').first();
      const tip = await wb.tooltipOf(row);
      assert.equal(tip['Input'], int.format(main.input));
      assert.equal(tip['Output'], int.format(main.output));
      assert.equal(tip['Cache read'], int.format(main.cacheRead));
      assert.equal(tip['Cache write'], int.format(main.cacheWrite));
    } catch (err) {
      await screenshotFailure(page, 'npm start demo');
      console.error(`--- npm start output ---\n${output}`);
      throw err;
    }
  });

  it('Ctrl-C stops code-server and removes the demo folder', async () => {
    if ('skip' in env || !start) return;
    const tempDir = /installed into (\S+)\/extensions/.exec(output)?.[1];
    assert.ok(tempDir, 'npm start names its profile folder');
    await browser?.close();
    browser = undefined;
    const exited = new Promise<number | null>((resolve) => start!.once('exit', (code) => resolve(code)));
    start.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref())]);
    assert.equal(code, 0, 'npm start exits 0 on Ctrl-C');
    assert.equal(existsSync(tempDir), false, `${tempDir} removed`);
    const answered = await fetch(url, { signal: AbortSignal.timeout(3000) }).then(
      () => true,
      () => false,
    );
    assert.equal(answered, false, `code-server no longer answers at ${url}`);
  });
});
