// Clicking a desk, Focus Agent from the host, theme changes and resizing, in the built webview.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { PageGlobals } from './pageGlobals';
import { COLD, HOT, SESSION, hotAndColdSession } from './sessionEvents';
import { openOffice, snapshotMessage, type HarnessServer, type Office, closeSharedOffice, openSharedOffice } from './webviewPage.mjs';

let server: HarnessServer;
let browser: Browser;
let office: Office;
before(async () => {
  ({ server, browser, office } = await openSharedOffice());
});
after(() => closeSharedOffice({ server, browser, office }));

const deskAt = (id: string) => office.page.evaluate((a) => (globalThis as unknown as PageGlobals).__heatdesk?.deskScreenPosition(a) ?? null, id);

test('clicking a desk opens its agent\'s token breakdown and tells the host which agent was selected', async () => {
  await office.post(snapshotMessage(hotAndColdSession(), false));
  await office.render();
  const desk = await deskAt(HOT);
  assert.ok(desk);
  const before = (await office.posted()).length;
  // The desk top stands about 0.75 above its floor centre: click a little above the centre point.
  await office.page.mouse.click(desk.x, desk.y - 12);
  const panel = office.page.locator('.detail-panel');
  assert.ok(await panel.isVisible(), 'detail panel opened');
  assert.equal(await panel.locator('.detail-title').textContent(), 'general-purpose');
  const metric = (k: string) => panel.locator(`[data-metric="${k}"] .value`).textContent();
  assert.equal(await metric('input'), '180,000');
  assert.equal(await metric('output'), '22,000');
  assert.equal(await metric('cacheRead'), '1,000');
  assert.equal(await metric('cacheWrite'), '500');
  assert.equal(await metric('total'), '203,500 (204k)');
  assert.equal(await metric('toolCalls'), '1');
  assert.equal(await metric('heat'), '100%');
  assert.match((await metric('cost')) ?? '', /^\$\d+\.\d\d$/);
  const posted = (await office.posted()).slice(before);
  assert.deepEqual(posted, [{ type: 'agentSelected', agentId: HOT }]);

  await office.page.keyboard.press('Escape');
  assert.ok(await panel.isHidden(), 'Escape closes the panel');
  assert.deepEqual((await office.posted()).at(-1), { type: 'agentSelected', agentId: null });
});

test('focusAgent from the host opens the panel and brings that desk to the middle of the view', async () => {
  await office.post(snapshotMessage(hotAndColdSession(), false));
  await office.render();
  const before = await deskAt(COLD);
  assert.ok(before);
  await office.post({ type: 'focusAgent', agentId: COLD });
  assert.equal(await office.page.locator('.detail-title').textContent(), 'Explore');
  // The camera glides (about 0.6 s); wait until it settles near the desk.
  await office.page.waitForFunction(
    (id) => {
      const p = (globalThis as unknown as PageGlobals).__heatdesk?.deskScreenPosition(id);
      return p !== null && p !== undefined && Math.abs(p.x - (globalThis as unknown as PageGlobals).innerWidth / 2) < 40 && Math.abs(p.y - (globalThis as unknown as PageGlobals).innerHeight / 2) < 60;
    },
    COLD,
    { timeout: 5000 },
  );
  const after = await deskAt(COLD);
  assert.ok(after && Math.hypot(after.x - before.x, after.y - before.y) > 20, 'the view moved');
  // An unknown agent changes nothing.
  await office.post({ type: 'focusAgent', agentId: 'nobody' });
  assert.equal(await office.page.locator('.detail-title').textContent(), 'Explore');
});

test('a theme change repaints the office in the new theme without reloading', async () => {
  await office.post(snapshotMessage(hotAndColdSession(), false));
  await office.render();
  const corner = () => office.page.evaluate(() => (globalThis as unknown as PageGlobals).__heatdesk?.pixelAt(4, (globalThis as unknown as PageGlobals).innerHeight - 4) ?? null);
  const dark = await corner();
  await office.page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.classList.replace('vscode-dark', 'vscode-light'));
  await office.page.waitForTimeout(50);
  await office.render();
  const light = await corner();
  assert.ok(dark && light);
  const lum = (c: number[]) => (c[0] ?? 0) + (c[1] ?? 0) + (c[2] ?? 0);
  assert.ok(lum(light) > lum(dark) + 150, `light theme is lighter: ${JSON.stringify({ dark, light })}`);
  await office.page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.classList.replace('vscode-light', 'vscode-dark'));
});

test('resizing and a higher pixel ratio keep the canvas sharp and the desks on screen', async () => {
  await office.post(snapshotMessage(hotAndColdSession(), false));
  // The previous test focused a desk; a double-click on the floor returns to the automatic framing.
  await office.page.mouse.dblclick(8, 390);
  await office.page.setViewportSize({ width: 420, height: 560 });
  await office.page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('canvas')?.width === 420);
  await office.render();
  for (const id of [SESSION, HOT, COLD]) {
    const p = await deskAt(id);
    assert.ok(p && p.x > 0 && p.x < 420 && p.y > 0 && p.y < 560, `${id} on screen after resize: ${JSON.stringify(p)}`);
  }
  const hiDpi = await openOffice(browser, server.origin, { width: 300, height: 200, deviceScaleFactor: 2 });
  try {
    const size = await hiDpi.page.evaluate(() => {
      const c = (globalThis as unknown as PageGlobals).document.querySelector('canvas');
      return c ? [c.width, c.height, c.clientWidth] : null;
    });
    assert.deepEqual(size, [600, 400, 300]);
  } finally {
    await hiDpi.close();
  }
});

test('reset empties the office and closes the panel; a status line from the host shows as text', async () => {
  await office.post(snapshotMessage(hotAndColdSession(), true));
  await office.post({ type: 'focusAgent', agentId: HOT });
  assert.ok(await office.page.locator('.detail-panel').isVisible());
  await office.post({ type: 'status', level: 'error', message: 'Ingest server stopped: <b>port 7</b> in use' });
  const status = office.page.locator('.hud-status');
  assert.equal(await status.textContent(), 'Ingest server stopped: <b>port 7</b> in use');
  assert.equal(await office.page.locator('.hud-status b').count(), 0);
  assert.ok(await status.evaluate((e) => e.classList.contains('error')));
  await office.post({ type: 'status', level: 'info', message: '' });
  assert.ok(await status.isHidden(), 'an empty status clears the line');

  await office.post({ type: 'reset' });
  assert.equal(await office.page.evaluate(() => (globalThis as unknown as PageGlobals).__heatdesk?.agents().length), 0);
  assert.ok(await office.page.locator('.detail-panel').isHidden());
  assert.equal(await office.page.locator('.desk-label').count(), 0);
  assert.match((await office.page.locator('.hud-counts').textContent()) ?? '', /^0 agents · 0 tokens$/);
  const stats = await office.render();
  assert.ok(stats && stats.calls > 0, 'the empty office still draws its room');
});

test('hidden and shown again (the page is re-created): the selection and the camera come back', async () => {
  await office.post(snapshotMessage(hotAndColdSession(), false));
  await office.render();
  const desk = await deskAt(COLD);
  assert.ok(desk);
  await office.page.mouse.click(desk.x, desk.y - 12);
  assert.equal(await office.page.locator('.detail-title').textContent(), 'Explore');
  const framed = await deskAt(HOT);
  const savedBefore = await office.page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('vscodeState'));
  // Pan: drag with the right button (above the detail panel, which docks to the bottom of a narrow view).
  await office.page.mouse.move(300, 170);
  await office.page.mouse.down({ button: 'right' });
  await office.page.mouse.move(200, 150, { steps: 6 });
  await office.page.mouse.up({ button: 'right' });
  // Once damping has brought the camera to rest the webview saves the view state.
  await office.page.waitForFunction(
    (previous) => {
      const saved = (globalThis as unknown as PageGlobals).sessionStorage.getItem('vscodeState') ?? '';
      return saved !== previous && /position/.test(saved);
    },
    savedBefore,
    { timeout: 8000 },
  );
  await office.render();
  const before = await deskAt(HOT);
  assert.ok(framed && before && Math.hypot(before.x - framed.x, before.y - framed.y) > 20, 'the drag moved the camera');

  await office.reload();
  assert.equal(await office.page.locator('.desk-label').count(), 0, 'a fresh page starts empty');
  await office.post(snapshotMessage(hotAndColdSession(), false));
  await office.render();
  assert.equal(await office.page.locator('.detail-title').textContent(), 'Explore');
  const after = await deskAt(HOT);
  assert.ok(before && after && Math.hypot(after.x - before.x, after.y - before.y) < 3, `camera restored: ${JSON.stringify({ before, after })}`);
});
