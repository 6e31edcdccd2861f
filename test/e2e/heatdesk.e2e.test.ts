// Heatdesk in a real VS Code (code-server 4.139 = VS Code 1.139) in a real browser (Debian's Chromium):
// the packaged VSIX is installed, events come from the real hook scripts with token numbers from
// transcripts, and every check is something a user sees: the activity-bar entry, tree rows, tooltip
// numbers, ring colours on the canvas, the three heatmap switches agreeing, and agents surviving a reload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { installVsix, makeProfile, startCodeServer, writeUserSettings, type RunningServer } from '../../scripts/codeServer.mjs';
import { packageVsix } from '../../scripts/package.mjs';
import { SessionSimulator, type TokenTotals } from '../../demo/player.mjs';
import { launchBrowser, realVsCodeOrSkip, repoRoot, screenshotFailure, tempDir, waitFor } from './helpers/realVsCode';
import { isRedish, Workbench } from './helpers/workbench';

const env = realVsCodeOrSkip('e2e');
const skip = 'skip' in env ? env.skip : false;

/** Subagent ids shaped like Claude Code's (17 hex characters). */
const HOT = 'a7e2e0f0f00000001';
const COLD = 'a7e2e0c0e00000002';
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

describe('Heatdesk in code-server (UI end to end)', { skip }, () => {
  let temp: ReturnType<typeof tempDir>;
  let server: (RunningServer & { url: string }) | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let wb: Workbench;
  let sim: SessionSimulator;
  let home: string;
  let workspace: string;
  let mainLabel: string;

  /** Runs a check; on failure saves a screenshot named after it before rethrowing. */
  async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      await screenshotFailure(page, name);
      throw err;
    }
  }

  const label = (agentType: string, id: string) => `${agentType} · ${id.slice(0, 8)}`;

  async function expectTooltip(rowLabel: string, totals: TokenTotals): Promise<void> {
    const tip = await wb.tooltipOf(wb.treeRow(rowLabel));
    assert.deepEqual(
      {
        Input: tip['Input'],
        Output: tip['Output'],
        'Cache read': tip['Cache read'],
        'Cache write': tip['Cache write'],
        Total: tip['Total'],
      },
      {
        Input: int.format(totals.input),
        Output: int.format(totals.output),
        'Cache read': int.format(totals.cacheRead),
        'Cache write': int.format(totals.cacheWrite),
        Total: int.format(totals.input + totals.output + totals.cacheRead + totals.cacheWrite),
      },
      `tooltip of "${rowLabel}"`,
    );
  }

  before(async () => {
    if ('skip' in env) return;
    const { tools, chromium } = env;
    assert.ok(existsSync(join(repoRoot, 'dist', 'extension.js')), 'dist/extension.js missing: run `npm run build` first');
    temp = tempDir('heatdesk-e2e-');
    const vsix = packageVsix({ build: false, out: join(temp.dir, 'heatdesk.vsix') });
    const profile = makeProfile(join(temp.dir, 'profile'));
    // Header actions always visible, so the view-title toggle can be read without hovering.
    writeUserSettings(profile, { 'workbench.view.alwaysShowHeaderActions': true });
    installVsix(tools, profile, vsix);
    home = join(temp.dir, 'heatdesk-home');
    const claudeConfigDir = join(temp.dir, 'claude');
    workspace = join(temp.dir, 'e2e-ws');
    for (const d of [home, claudeConfigDir, workspace]) mkdirSync(d, { recursive: true });
    writeFileSync(join(workspace, 'README.md'), '# e2e workspace\n');
    const heatdeskEnv = { HEATDESK_HOME: home, CLAUDE_CONFIG_DIR: claudeConfigDir };
    server = await startCodeServer({ tools, profile, folder: workspace, env: heatdeskEnv });
    browser = await launchBrowser(chromium);
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    wb = new Workbench(page);
    sim = new SessionSimulator({
      hooksDir: join(repoRoot, 'dist', 'hooks'),
      claudeConfigDir,
      cwd: workspace,
      env: heatdeskEnv,
      models: { main: 'claude-opus-4-5', [HOT]: 'claude-sonnet-4-5', [COLD]: 'claude-haiku-4-5' },
      agentTypes: { [HOT]: 'general-purpose', [COLD]: 'Explore' },
    });
    mainLabel = `${basename(workspace)} · ${sim.sessionId.slice(0, 8)}`;
    await step('open workbench', () => wb.open(server!.url));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    temp?.remove();
  });

  it('shows Heatdesk in the activity bar and opens its Office and Agents views', async () => {
    await step('open heatdesk', async () => {
      await wb.openHeatdesk();
      await wb.pane('Office').waitFor();
      // The extension host is up and Heatdesk's ingest server announced itself to the hooks.
      const info = await waitFor('ingest.json in HEATDESK_HOME', () => readIngestInfo(home), 30_000);
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const office = await wb.office();
      assert.equal(office.scene, true, 'the 3D scene runs (WebGL available)');
      assert.equal(office.heatmap, false, 'the heatmap is off by default');
    });
  });

  it('lists agents sent through the real hook scripts in the Agents tree', async () => {
    await step('post events', async () => {
      await sim.hook('SessionStart', 'main', { source: 'startup', model: 'claude-opus-4-5' });
      sim.usage('main', { blocks: ['thinking', 'text', 'tool_use'], in: 7, cw: 12_345, cr: 0, out: 321 });
      await sim.hook('PreToolUse', 'main', { tool_name: 'Task', tool_input: { description: 'implement' }, tool_use_id: 'toolu_01E2eTask000000000000001' });
      await sim.hook('SubagentStart', HOT);
      await sim.hook('SubagentStart', COLD);
      sim.usage(HOT, { blocks: ['thinking', 'text', 'tool_use'], in: 11, cw: 90_210, cr: 150_432, out: 9_876 });
      await sim.hook('PreToolUse', HOT, { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 'toolu_01E2eBash000000000000001' });
      await sim.hook('PostToolUseFailure', HOT, { tool_name: 'Bash', tool_use_id: 'toolu_01E2eBash000000000000001', error: 'Exit code 1', duration_ms: 1500 });
      sim.usage(COLD, { blocks: ['text'], in: 3, cw: 812, cr: 0, out: 41 });
      await sim.hook('PreToolUse', COLD, { tool_name: 'Read', tool_input: { file_path: 'README.md' }, tool_use_id: 'toolu_01E2eRead000000000000001' });
      await sim.hook('PostToolUse', COLD, { tool_name: 'Read', tool_use_id: 'toolu_01E2eRead000000000000001', duration_ms: 30 });
      // Heatdesk reads an agent's transcript when it stops (SubagentStop, Stop), as Claude Code has then
      // written every response of the turn.
      await sim.hook('SubagentStop', COLD, { last_assistant_message: 'read it', stop_hook_active: false });
      await sim.hook('SubagentStop', HOT, { last_assistant_message: 'tests fixed', stop_hook_active: false });
      await sim.hook('PostToolUse', 'main', { tool_name: 'Task', tool_use_id: 'toolu_01E2eTask000000000000001', duration_ms: 5400 });
      sim.usage('main', { blocks: ['text', 'tool_use'], in: 5, cw: 2_001, cr: 12_345, out: 1_111 });
      await sim.hook('PreToolUse', 'main', { tool_name: 'Grep', tool_input: { pattern: 'x' }, tool_use_id: 'toolu_01E2eGrep000000000000001' });
      await sim.hook('PostToolUse', 'main', { tool_name: 'Grep', tool_use_id: 'toolu_01E2eGrep000000000000001', duration_ms: 80 });
      await sim.hook('Stop', 'main', { stop_hook_active: false, last_assistant_message: 'done' });
    });
    await step('tree rows', async () => {
      await wb.treeRow(mainLabel).waitFor({ timeout: 20_000 });
      await waitFor('both subagents listed under the session', async () => {
        await wb.expandAgents();
        const rows = await wb.treeRowTexts();
        return [label('general-purpose', HOT), label('Explore', COLD)].every((l) => rows.some((r) => r.includes(l)));
      });
      // Token numbers come from the transcripts: wait until the hot agent's row carries them.
      await waitFor(`"${label('general-purpose', HOT)}" shows its tokens`, async () => {
        const text = await wb.treeRow(label('general-purpose', HOT)).innerText();
        return text.includes(`${int.format(sumOf(sim.totals(HOT)))} tokens`);
      });
    });
  });

  it('shows token counts in the tooltip equal to what the transcripts hold', async () => {
    await step('tooltips', async () => {
      await expectTooltip(mainLabel, sim.totals('main'));
      await expectTooltip(label('general-purpose', HOT), sim.totals(HOT));
      await expectTooltip(label('Explore', COLD), sim.totals(COLD));
    });
  });

  it('"Heatdesk: Toggle Heatmap" from the palette turns the rings on (hot ring red) and off', async () => {
    await step('palette on', async () => {
      await wb.runCommand('Heatdesk: Toggle Heatmap');
      await waitFor('heatmap on in the office', async () => (await wb.office()).heatmap);
      const px = await waitFor('a red-ish ring under the hot desk', async () => {
        const p = await wb.ringPixel(HOT);
        return p && isRedish(p) ? p : undefined;
      });
      assert.ok(isRedish(px), `ring pixel ${px}`);
      const cold = await wb.ringPixel(COLD);
      assert.ok(cold && !isRedish(cold), `the cold agent's ring is not red: ${cold}`);
    });
    await step('palette off', async () => {
      await wb.runCommand('Heatdesk: Toggle Heatmap');
      await waitFor('heatmap off in the office', async () => !(await wb.office()).heatmap);
      const px = await wb.ringPixel(HOT);
      assert.ok(px && !isRedish(px), `no red ring once the heatmap is off: ${px}`);
      const office = await wb.office();
      assert.ok(office.agents.every((a) => a.ring === null), 'no ring is drawn');
    });
  });

  it('the view-title toggle and the HUD button agree with the palette', async () => {
    const hud = await wb.hudToggle();
    await step('view title on', async () => {
      await wb.viewTitleAction('Turn Heatmap On').click();
      await waitFor('heatmap on after the view-title toggle', async () => (await wb.office()).heatmap);
      await waitFor('HUD button pressed', async () => (await hud.getAttribute('aria-pressed')) === 'true');
      await wb.viewTitleAction('Turn Heatmap Off').waitFor({ timeout: 10_000 });
    });
    await step('hud off', async () => {
      await hud.click();
      await waitFor('heatmap off after the HUD button', async () => !(await wb.office()).heatmap);
      await wb.viewTitleAction('Turn Heatmap On').waitFor({ timeout: 10_000 });
    });
    await step('palette agrees', async () => {
      await wb.runCommand('Heatdesk: Toggle Heatmap');
      await waitFor('HUD button pressed after the palette', async () => (await hud.getAttribute('aria-pressed')) === 'true');
      await wb.viewTitleAction('Turn Heatmap Off').waitFor({ timeout: 10_000 });
      const px = await waitFor('red ring again', async () => {
        const p = await wb.ringPixel(HOT);
        return p && isRedish(p) ? p : undefined;
      });
      assert.ok(isRedish(px));
    });
  });

  it('restores agents and the heatmap state from the store after reloading the window', async () => {
    await step('reload', async () => {
      const before = readIngestInfo(home);
      await wb.runCommand('Developer: Reload Window');
      await page!.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
      await wb.openHeatdesk();
      await wb.treeRow(mainLabel).waitFor({ timeout: 30_000 });
      await waitFor('subagents restored', async () => {
        await wb.expandAgents();
        const rows = await wb.treeRowTexts();
        return [label('general-purpose', HOT), label('Explore', COLD)].every((l) => rows.some((r) => r.includes(l)));
      });
      await expectTooltip(label('general-purpose', HOT), sim.totals(HOT));
      await waitFor('heatmap still on after reload', async () => (await wb.office()).heatmap, 30_000);
      // A new extension host (another process) served this: what it shows came from the store on disk.
      const afterReload = readIngestInfo(home);
      assert.ok(before?.pid && afterReload?.pid, 'ingest.json names its process');
      assert.notEqual(afterReload.pid, before.pid, 'the reload started a new extension host');
    });
  });
});

function readIngestInfo(home: string): { url: string; token: string; pid?: number } | undefined {
  const f = join(home, 'ingest.json');
  try {
    return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as { url: string; token: string; pid?: number }) : undefined;
  } catch {
    return undefined; // Being rewritten.
  }
}

function sumOf(t: TokenTotals): number {
  return t.input + t.output + t.cacheRead + t.cacheWrite;
}
