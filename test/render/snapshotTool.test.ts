// scripts/snapshot.mjs on the demo session (a main agent and three subagents of clearly different spend):
// the "done when", checked from the colours the tool reads back at each ring band.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { isGreenish, isNeutral, isRedish } from './sessionEvents';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'heatdesk-snapshot-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Shot {
  agents: Array<{ id: string; intensity: number; ringColor: [number, number, number] }>;
}

async function snapshot(heatmap: 'on' | 'off'): Promise<Shot> {
  const out = join(dir, `demo-${heatmap}.png`);
  await run(process.execPath, ['scripts/snapshot.mjs', '--events', 'test/fixtures/demo-session.ndjson', '--heatmap', heatmap, '--out', out, '--width', '800', '--height', '480'], {
    timeout: 60_000,
  });
  assert.ok(existsSync(out) && readFileSync(out).subarray(1, 4).toString() === 'PNG', 'a PNG was written');
  return JSON.parse(readFileSync(join(dir, `demo-${heatmap}.json`), 'utf8')) as Shot;
}

test('demo session: four desks, red under the heaviest, green under the lightest; none with the heatmap off', async () => {
  const [on, off] = await Promise.all([snapshot('on'), snapshot('off')]);
  assert.equal(on.agents.length, 4);
  const byHeat = [...on.agents].sort((a, b) => a.intensity - b.intensity);
  const lightest = byHeat[0];
  const heaviest = byHeat[3];
  assert.ok(lightest && heaviest);
  assert.equal(heaviest.intensity, 1);
  assert.ok(isRedish(heaviest.ringColor), `heaviest ${JSON.stringify(heaviest)}`);
  assert.ok(isGreenish(lightest.ringColor), `lightest ${JSON.stringify(lightest)}`);
  assert.equal(off.agents.length, 4);
  for (const a of off.agents) assert.ok(isNeutral(a.ringColor), `no ring with the heatmap off: ${JSON.stringify(a)}`);
  assert.deepEqual(
    off.agents.map((a) => [a.id, a.intensity]),
    on.agents.map((a) => [a.id, a.intensity]),
    'the heat figures do not depend on the toggle',
  );
});
