#!/usr/bin/env node
// Renders the built office webview for a list of Heatdesk events in headless Chromium and writes a PNG,
// plus beside it the same name ending .json: {"agents":[{"id","intensity","ringColor":[r,g,b]}]}.
// ringColor is read from the rendered 3D image at the agent's ring band (radius 1.55 from the desk centre,
// on the side facing the camera, where nothing stands in front): the ring's colour when one is drawn,
// otherwise whatever is there (the floor). Labels and HUD are DOM on top of the canvas and do not count.
//
//   node scripts/snapshot.mjs --events <file.ndjson> --heatmap on|off --out <file.png>
//        [--theme dark|light] [--width 1200] [--height 720] [--scale 1] [--select <agentId>]
// --select clicks that agent's desk label first, so the picture shows its detail panel too.
//
// Needs `npm run build` (dist/webview) and Chromium (/usr/bin/chromium, or HEATDESK_CHROMIUM).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, openOffice, readRings, snapshotMessage, startHarnessServer } from '../test/render/webviewPage.mjs';

function fail(message) {
  console.error(`snapshot: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    heatmap: { type: 'string', default: 'on' },
    out: { type: 'string' },
    theme: { type: 'string', default: 'dark' },
    width: { type: 'string', default: '1200' },
    height: { type: 'string', default: '720' },
    scale: { type: 'string', default: '1' },
    select: { type: 'string' },
  },
});
if (!values.events || !values.out) fail('usage: node scripts/snapshot.mjs --events <file.ndjson> --heatmap on|off --out <file.png>');
if (values.heatmap !== 'on' && values.heatmap !== 'off') fail('--heatmap must be on or off');
if (values.theme !== 'dark' && values.theme !== 'light') fail('--theme must be dark or light');
const width = Number(values.width);
const height = Number(values.height);
const scale = Number(values.scale);
if (!(width >= 200 && height >= 150 && scale >= 1 && scale <= 3)) fail('--width/--height/--scale out of range');

const events = [];
const lines = readFileSync(values.events, 'utf8').split('\n');
lines.forEach((line, i) => {
  if (!line.trim()) return;
  try {
    events.push(JSON.parse(line));
  } catch {
    fail(`${values.events}:${i + 1} is not JSON`);
  }
});

const out = resolve(values.out);
const jsonOut = out.replace(/\.png$/i, '') + '.json';
const server = await startHarnessServer();
const browser = await launchChromium();
try {
  const office = await openOffice(browser, server.origin, { theme: values.theme, width, height, deviceScaleFactor: scale });
  // One snapshot, as the host sends after `ready`; the webview keeps the valid events of it and reports
  // any it refused through a `log` message.
  await office.post(snapshotMessage(events, values.heatmap === 'on'));
  for (const m of await office.posted()) if (m.type === 'log') console.error(`snapshot: webview: ${m.message}`);
  if (values.select) {
    const label = office.page.locator(`.desk-label[data-agent-id="${values.select.replace(/["\\]/g, '')}"]`);
    if ((await label.count()) === 0) fail(`--select: no desk for agent ${values.select}`);
    await label.click();
  }
  await office.render();
  const rings = await readRings(office.page);
  mkdirSync(dirname(out), { recursive: true });
  await office.page.screenshot({ path: out });
  const agents = rings.map((a) => ({ id: a.id, intensity: round(a.intensity), ringColor: a.color ?? [0, 0, 0] }));
  writeFileSync(jsonOut, JSON.stringify({ agents }, null, 2) + '\n');
  for (const e of office.errors) console.error(`snapshot: page error: ${e}`);
  console.log(`snapshot: ${agents.length} agents from ${events.length} events → ${out} (+ ${jsonOut})`);
  await office.close();
} finally {
  await browser.close();
  await server.close();
}

function round(n) {
  return Math.round(n * 10000) / 10000;
}
