// A thin page object over VS Code's workbench in code-server: the selectors that were measured to work
// (see ../shared/reference/testing-in-real-vscode.md) in one place, so tests read as user actions.
import type { Frame, Locator, Page } from 'playwright-core';
import { waitFor } from './realVsCode';

/** What `window.__heatdesk` answers inside the office webview (see src/webview/testHook.ts). */
export interface OfficeProbe {
  scene: boolean;
  heatmap: boolean;
  agents: Array<{ id: string; type: string; status: string; ring: number | null }>;
}

/** The subset of src/webview/testHook.ts's HeatdeskTestHook used here (this tsconfig has no DOM types). */
interface TestHook {
  scene: boolean;
  render(): unknown;
  ringProbe(agentId: string): { x: number; y: number } | null;
  pixelAt(x: number, y: number): [number, number, number] | null;
  agents(): OfficeProbe['agents'];
  heatmapEnabled(): boolean;
}
type HookWindow = { __heatdesk?: TestHook };
/** Minimal structural view of a DOM element, for code that runs inside the page. */
interface El {
  textContent: string | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  }

  /**
   * Opens the Heatdesk container from its activity-bar icon. A click on the icon of the container already
   * shown hides the side bar, and after a reload the workbench may still be restoring it, so: click only
   * while the Agents view is not visible, and look again after each click.
   */
  async openHeatdesk(): Promise<void> {
    const icon = this.page.locator('.part.activitybar a[aria-label^="Heatdesk"]');
    await icon.waitFor({ timeout: 60_000 });
    const agents = this.pane('Agents');
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await agents.isVisible()) return;
      await icon.click();
      const shown = await agents.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (shown) return;
    }
    await agents.waitFor({ timeout: 5_000 });
  }

  /** A view's pane in the side bar, by its name. */
  pane(name: string): Locator {
    return this.page.locator(`.part.sidebar .pane:has(> .pane-header[aria-label^="${name}"])`).first();
  }

  /** The Agents tree row whose text contains `label`. */
  treeRow(label: string): Locator {
    return this.pane('Agents').locator('.monaco-list-row', { hasText: label }).first();
  }

  /** Expands every collapsed row of the Agents tree, as a user clicking the twisties would. */
  async expandAgents(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const collapsed = this.pane('Agents').locator('.monaco-list-row[aria-expanded="false"]').first();
      if ((await collapsed.count()) === 0) return;
      await collapsed.locator('.monaco-tl-twistie').click();
    }
  }

  async treeRowTexts(): Promise<string[]> {
    return this.pane('Agents').locator('.monaco-list-row').allInnerTexts();
  }

  /** Hovers a row and returns its tooltip's table as { label: value } (e.g. Input → "12,345"). */
  async tooltipOf(row: Locator): Promise<Record<string, string>> {
    // Move away first so a tooltip already open for another row closes.
    await this.page.mouse.move(800, 10);
    await this.page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    await row.hover();
    const hover = this.page.locator('.monaco-hover:visible, .workbench-hover:visible').filter({ hasText: 'Input' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const rows = await hover
      .locator('tr')
      .evaluateAll((trs) => (trs as unknown as El[]).map((tr) => Array.from(tr.querySelectorAll('td,th')).map((c) => (c.textContent ?? '').trim())));
    const table: Record<string, string> = {};
    for (const [k, v] of rows) if (k && v !== undefined) table[k] = v;
    return table;
  }

  /** Runs a palette command by its full title ("Heatdesk: Toggle Heatmap"), as a user would with F1. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    const item = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await item.waitFor({ timeout: 10_000 });
    await input.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** A view-title action button of the Heatdesk views (e.g. "Turn Heatmap Off"), visible ones only. */
  viewTitleAction(title: string): Locator {
    return this.page.locator(`.part.sidebar .pane-header .actions a[aria-label="${title}"]:visible`).first();
  }

  /** The office webview's inner frame: the one that runs Heatdesk's script and exposes window.__heatdesk. */
  async officeFrame(timeoutMs = 60_000): Promise<Frame> {
    return waitFor(
      'the Heatdesk office webview (frame with window.__heatdesk)',
      async () => {
        for (const f of this.page.frames()) {
          if (!f.url().includes('webview/browser/pre/fake.html')) continue;
          const ok = await f.evaluate(() => typeof (globalThis as HookWindow).__heatdesk === 'object').catch(() => false);
          if (ok) return f;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  async office(): Promise<OfficeProbe> {
    const frame = await this.officeFrame();
    return frame.evaluate(() => {
      const h = (globalThis as HookWindow).__heatdesk;
      if (!h) throw new Error('window.__heatdesk is gone');
      return { scene: h.scene, heatmap: h.heatmapEnabled(), agents: h.agents() };
    });
  }

  /**
   * Draws one frame and reads the canvas colour on the agent's ring band, on the side facing the camera
   * (null when the desk is not on screen).
   */
  async ringPixel(agentId: string): Promise<[number, number, number] | null> {
    const frame = await this.officeFrame();
    return frame.evaluate((id) => {
      const h = (globalThis as HookWindow).__heatdesk;
      if (!h) throw new Error('window.__heatdesk is gone');
      h.render();
      const p = h.ringProbe(id);
      return p ? h.pixelAt(p.x, p.y) : null;
    }, agentId);
  }

  /** The HUD's Heatmap button inside the office webview. */
  async hudToggle(): Promise<Locator> {
    const frame = await this.officeFrame();
    return frame.locator('#heatmap-toggle');
  }
}

/** Red-ish: red clearly dominates both other channels (the hot ring's 0xef4444, with bloom). */
export function isRedish([r, g, b]: [number, number, number]): boolean {
  return r >= 120 && r > g * 1.6 && r > b * 1.6;
}
