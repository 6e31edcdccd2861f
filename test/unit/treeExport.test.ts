// Export Metrics writes the numbers the tree shows: JSON with the `cli stats` field names and CSV a
// spreadsheet opens safely (quoted fields, no formula injection from event text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeatdeskEvent } from '../../src/shared/events';
import { readConfig } from '../../src/extension/config';
import { AgentsModel } from '../../src/extension/model/AgentsModel';
import { exportRows, toCsv, toJson } from '../../src/extension/export/metricsExport';

const S = 'sess-0001';
const events = [
  { id: 'a', type: 'SessionStarted', timestamp: '2026-12-04T10:00:00.000Z', session_id: S, cwd: '/w/p,q "x"' },
  { id: 'b', type: 'AgentSpawned', timestamp: '2026-12-04T10:00:01.000Z', session_id: S, agent_id: 'sub1', agent_type: '=HYPERLINK("http://x")', parent_id: S },
  { id: 'c', type: 'SessionEnded', timestamp: '2026-12-04T10:00:02.000Z', session_id: S, reason: 'stop', input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 3, cache_creation_input_tokens: 4 },
] as HeatdeskEvent[];

function model(): AgentsModel {
  const m = new AgentsModel({ config: readConfig(() => undefined).config, folders: [], heatmapEnabled: false });
  m.apply(events);
  return m;
}

test('rows carry the cli stats fields with the model\'s numbers', () => {
  const rows = exportRows(model());
  assert.equal(rows.length, 2);
  const main = rows[0];
  assert.ok(main);
  assert.deepEqual(
    { id: main.id, parentId: main.parentId, type: main.type, inputTokens: main.inputTokens, outputTokens: main.outputTokens, totalTokens: main.totalTokens, intensity: main.intensity },
    { id: S, parentId: null, type: 'main', inputTokens: 100, outputTokens: 20, totalTokens: 127, intensity: 1 },
  );
  const parsed = JSON.parse(toJson(rows, new Date('2026-12-04T11:00:00Z'))) as { exportedAt: string; agents: unknown[] };
  assert.equal(parsed.exportedAt, '2026-12-04T11:00:00.000Z');
  assert.deepEqual(parsed.agents, rows);
});

test('CSV quotes commas and quotes, and defuses formulas from event text', () => {
  const csv = toCsv(exportRows(model()));
  const lines = csv.split('\r\n');
  assert.match(lines[0] ?? '', /^id,sessionId,parentId,type,status,model,cwd,toolCallCount/);
  assert.ok(lines[1]?.includes('"/w/p,q ""x"""'), lines[1]);
  assert.ok(lines[2]?.includes(`'=HYPERLINK(""http://x"")`), lines[2]);
  assert.equal(lines.length, 4, 'header, two rows, trailing newline');
});
