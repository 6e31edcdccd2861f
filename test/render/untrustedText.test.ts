// What arrives in events is data: it shows as text, never as markup; bad messages change nothing; without
// WebGL the panel says where to look instead of staying blank.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { PageGlobals } from './pageGlobals';
import { SESSION, sessionEvents } from './sessionEvents';
import { launchChromium, openOffice, snapshotMessage, type HarnessServer, type Office, closeSharedOffice, openSharedOffice } from './webviewPage.mjs';

let server: HarnessServer;
let browser: Browser;
// One page for the tests with WebGL (each starts from its own snapshot); the no-WebGL test opens its own.
let office: Office;
before(async () => {
  ({ server, browser, office } = await openSharedOffice());
});
after(() => closeSharedOffice({ server, browser, office }));

const EVIL_TYPE = '<img src=x onerror="window.__pwned=1">';
const EVIL_ID = 'a0e1v2i3l4000001';

test('an agent type written as HTML shows as literal text, on its desk label and in the detail panel', async () => {
  {
    assert.equal(await office.page.evaluate(() => (globalThis as unknown as PageGlobals).__heatdesk?.heatmapEnabled()), false, 'heatmap starts off');
    const events = sessionEvents({
      main: { inputTokens: 1000, outputTokens: 100 },
      subagents: [{ id: EVIL_ID, type: EVIL_TYPE, inputTokens: 5000, outputTokens: 500 }],
    });
    await office.post(snapshotMessage(events, true));
    await office.render();
    const label = office.page.locator(`.desk-label[data-agent-id="${EVIL_ID}"] .name`);
    assert.equal(await label.textContent(), EVIL_TYPE);

    await office.page.locator(`.desk-label[data-agent-id="${EVIL_ID}"]`).click();
    assert.equal(await office.page.locator('.detail-title').textContent(), EVIL_TYPE);
    assert.equal(await office.page.locator('.detail-metrics [data-metric="input"]').textContent(), '5,000');

    const imgs = await office.page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('img').length);
    assert.equal(imgs, 0, 'no <img> element was created');
    assert.equal(await office.page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned), undefined);
    const selected = (await office.posted()).filter((m) => m.type === 'agentSelected');
    assert.deepEqual(selected.at(-1), { type: 'agentSelected', agentId: EVIL_ID });
  }
});

test('an invalid host message is refused, reported to the host log, and changes nothing', async () => {
  {
    const events = sessionEvents({ main: { inputTokens: 1000, outputTokens: 100 }, subagents: [] });
    await office.post(snapshotMessage(events, false));
    const before = (await office.posted()).length;
    await office.post({ type: 'events', events: [{ type: 'ToolCallStarted', session_id: SESSION }] });
    await office.post({ type: 'heatmap', enabled: 'yes' });
    await office.post('<script>alert(1)</script>');
    const logs = (await office.posted()).slice(before);
    assert.equal(logs.length, 3);
    assert.ok(logs.every((m) => m.type === 'log' && m.level === 'warn'));
    assert.equal(await office.page.evaluate(() => (globalThis as unknown as PageGlobals).__heatdesk?.agents().length), 1);
    assert.equal(await office.page.evaluate(() => (globalThis as unknown as PageGlobals).__heatdesk?.heatmapEnabled()), false);
  }
});

test('a snapshot with one invalid event keeps the valid ones and reports the refused one', async () => {
  {
    const events = sessionEvents({
      main: { inputTokens: 1000, outputTokens: 100 },
      subagents: [{ id: 'a5b6c7d8e9f00002', type: 'Plan', inputTokens: 2000, outputTokens: 300 }],
    });
    const before = (await office.posted()).length;
    await office.post(snapshotMessage([...events, { id: 'bad', type: 'ToolCallStarted', session_id: SESSION, timestamp: 'yesterday' }], false));
    assert.equal(await office.page.evaluate(() => (globalThis as unknown as PageGlobals).__heatdesk?.agents().length), 2);
    const logs = (await office.posted()).slice(before);
    assert.equal(logs.length, 1);
    assert.match(String(logs[0]?.message), /refused 1 of \d+ events in a snapshot message: .*timestamp/);
  }
});

test('without WebGL the panel says so and points to the Agents tree view; the HUD still counts', async () => {
  // A browser with WebGL switched off, as on a machine without a usable GPU or software fallback.
  const noGpu = await launchChromium(['--disable-webgl', '--disable-gpu', '--disable-software-rasterizer']);
  const office = await openOffice(noGpu, server.origin);
  try {
    const notice = office.page.locator('.scene-notice');
    assert.ok(await notice.isVisible());
    const text = (await notice.textContent()) ?? '';
    assert.match(text, /WebGL/);
    assert.match(text, /Agents tree view/);
    assert.equal(await office.page.locator('canvas').count(), 0);
    assert.equal(await office.page.evaluate(() => (globalThis as unknown as PageGlobals).__heatdesk?.scene), false);
    const events = sessionEvents({
      main: { inputTokens: 1000, outputTokens: 100 },
      subagents: [{ id: 'a5b6c7d8e9f00001', type: 'Explore', inputTokens: 2000, outputTokens: 300 }],
    });
    await office.post(snapshotMessage(events, false));
    assert.match((await office.page.locator('.hud-counts').textContent()) ?? '', /^2 agents · /);
    const posted = await office.posted();
    assert.equal(posted[0]?.type, 'ready', 'says ready first, scene or not');
    assert.ok(posted.some((m) => m.type === 'log' && /WebGL/.test(String(m.message))));
  } finally {
    await office.close();
    await noGpu.close();
  }
});
