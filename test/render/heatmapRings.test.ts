// The seed's heat rings, read back from the rendered pixels of the built webview in headless Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { COLD, HOT, SESSION, hotAndColdSession, isGreenish, isNeutral, isRedish } from './sessionEvents';
import { readRings, snapshotMessage, type HarnessServer, type Office, closeSharedOffice, openSharedOffice } from './webviewPage.mjs';

// One page for the whole file (loading the webview and compiling its shaders is the slow part); every test
// starts from its own `snapshot`, which replaces the whole state as it does when a view is re-opened.
let server: HarnessServer;
let browser: Browser;
let office: Office;
before(async () => {
  ({ server, browser, office } = await openSharedOffice());
});
after(() => closeSharedOffice({ server, browser, office }));

const ringOf = (rings: Awaited<ReturnType<typeof readRings>>, id: string) => {
  const r = rings.find((x) => x.id === id);
  assert.ok(r, `agent ${id} has a desk`);
  return r;
};

test('heatmap on: the heaviest agent stands in a red ring, the lightest in a green one', async () => {
  {
    await office.post(snapshotMessage(hotAndColdSession(), true));
    const rings = await readRings(office.page);
    const hot = ringOf(rings, HOT);
    const cold = ringOf(rings, COLD);
    assert.equal(hot.ring, 1, 'the heaviest agent has intensity 1');
    assert.ok(isRedish(hot.color), `hot ring pixel should be red-ish, got ${JSON.stringify(hot.color)}`);
    assert.ok(isGreenish(cold.color), `cold ring pixel should be green-ish, got ${JSON.stringify(cold.color)}`);
    // The main agent's heat lies between them: redder than the cold ring, greener than the hot one.
    const main = ringOf(rings, SESSION);
    assert.ok(main.ring !== null && main.ring > 0.1 && main.ring < 0.5);
    assert.ok(main.color && hot.color && cold.color);
    assert.ok(cold.color[0] < main.color[0] && main.color[0] < hot.color[0], `red channel rises with heat: ${JSON.stringify([cold.color, main.color, hot.color])}`);
    assert.ok(hot.color[1] < main.color[1], 'green channel falls with heat');
    assert.deepEqual(office.errors, []);
  }
});

test('heatmap off: no ring colour at any ring band, no legend', async () => {
  {
    await office.post(snapshotMessage(hotAndColdSession(), false));
    const rings = await readRings(office.page);
    for (const r of rings) {
      assert.equal(r.ring, null, `${r.id} draws no ring`);
      assert.ok(isNeutral(r.color), `${r.type}: floor colour expected at the ring band, got ${JSON.stringify(r.color)}`);
    }
    const legendHidden = await office.page.locator('.legend').isHidden();
    assert.ok(legendHidden, 'the gradient legend shows only with the heatmap on');
  }
});

test('HUD toggle asks the host with setHeatmap; the host answer turns the rings on, then off again', async () => {
  {
    await office.post(snapshotMessage(hotAndColdSession(), false));
    const toggle = office.page.locator('#heatmap-toggle');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');

    const already = (await office.posted()).length;
    await toggle.click();
    const sent = (await office.posted()).slice(already).filter((m) => m.type === 'setHeatmap');
    assert.deepEqual(sent, [{ type: 'setHeatmap', enabled: true }]);
    await office.post({ type: 'heatmap', enabled: true });
    let rings = await readRings(office.page);
    assert.ok(isRedish(ringOf(rings, HOT).color), `after the host's echo the hot ring is red, got ${JSON.stringify(ringOf(rings, HOT).color)}`);
    assert.ok(isGreenish(ringOf(rings, COLD).color));
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');

    await toggle.click();
    const sentAgain = (await office.posted()).filter((m) => m.type === 'setHeatmap');
    assert.deepEqual(sentAgain.at(-1), { type: 'setHeatmap', enabled: false });
    await office.post({ type: 'heatmap', enabled: false });
    rings = await readRings(office.page);
    for (const r of rings) assert.ok(isNeutral(r.color), `ring gone for ${r.type}: ${JSON.stringify(r.color)}`);

    // The host holds the truth: when it answers "on" to a palette command, the webview follows.
    await office.post({ type: 'heatmap', enabled: true });
    rings = await readRings(office.page);
    assert.ok(isRedish(ringOf(rings, HOT).color));
  }
});

test('live events move the heat: a cold agent that becomes the heaviest turns red', async () => {
  {
    await office.post(snapshotMessage(hotAndColdSession(), true));
    await office.post({
      type: 'events',
      events: [
        {
          id: 'live-1',
          type: 'AgentCompleted',
          timestamp: '2026-12-01T11:00:00.000Z',
          session_id: SESSION,
          agent_id: COLD,
          agent_type: 'Explore',
          input_tokens: 900_000,
          output_tokens: 40_000,
        },
      ],
    });
    const rings = await readRings(office.page);
    assert.ok(isRedish(ringOf(rings, COLD).color), `now the hottest: ${JSON.stringify(ringOf(rings, COLD).color)}`);
    assert.ok(!isRedish(ringOf(rings, HOT).color), 'the former hottest cooled down');
  }
});

test('desks coming and going leave no GPU objects behind (geometries, textures, programs flat)', async () => {
  await office.post(snapshotMessage(hotAndColdSession(), true));
  const first = await office.render();
  const spawned = Array.from({ length: 40 }, (_, i) => ({
    id: `spawn-${i}`,
    type: 'AgentSpawned',
    timestamp: `2026-12-01T12:00:${String(i).padStart(2, '0')}.000Z`,
    session_id: SESSION,
    agent_id: `a7f0${String(i).padStart(12, '0')}`,
    agent_type: 'Explore',
    parent_id: SESSION,
  }));
  await office.post({ type: 'events', events: spawned });
  const crowded = await office.render();
  assert.equal((await readRings(office.page)).length, 43);
  await office.post({ type: 'reset' });
  await office.post(snapshotMessage(hotAndColdSession(), true));
  const again = await office.render();
  assert.ok(first && crowded && again);
  assert.equal(crowded.calls, first.calls, 'draw calls do not grow with desks');
  for (const k of ['geometries', 'textures', 'programs'] as const) {
    assert.equal(crowded[k], first[k], `${k} with 43 desks`);
    assert.equal(again[k], first[k], `${k} after they left`);
  }
});
