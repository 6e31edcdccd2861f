// The Agents tree against the model: events posted to the running ingest server show up as rows whose
// labels, headline numbers and tooltip figures equal what was sent.
import * as assert from 'node:assert/strict';
import { heatdesk, postEvents, tooltipCell, uid, waitFor } from './helpers';

suite('Agents tree', () => {
  test('a session and its subagent appear with the token figures that were sent', async () => {
    const api = await heatdesk();
    const s = uid('tree-session');
    const a = uid('sub');
    const t0 = Date.now();
    const at = (i: number) => new Date(t0 + i * 1000).toISOString();
    const base = { session_id: s, cwd: '/tmp/tree-proj' };
    const res = await postEvents(api, [
      { ...base, id: uid('e'), type: 'SessionStarted', timestamp: at(0), source: 'startup' },
      { ...base, id: uid('e'), type: 'ToolCallStarted', timestamp: at(1), tool_name: 'Bash', tool_use_id: 'tu-1' },
      { ...base, id: uid('e'), type: 'ToolCallCompleted', timestamp: at(2), tool_name: 'Bash', tool_use_id: 'tu-1', duration_ms: 1200 },
      { ...base, id: uid('e'), type: 'AgentSpawned', timestamp: at(3), agent_id: a, agent_type: 'Explore', parent_id: s },
      { ...base, id: uid('e'), type: 'ToolCallStarted', timestamp: at(4), agent_id: a, tool_name: 'Grep', tool_use_id: 'tu-2' },
      { ...base, id: uid('e'), type: 'ToolCallFailed', timestamp: at(5), agent_id: a, tool_name: 'Grep', tool_use_id: 'tu-2', error: 'x' },
      {
        ...base, id: uid('e'), type: 'AgentCompleted', timestamp: at(6), agent_id: a, model: 'claude-haiku-4-5',
        input_tokens: 4321, output_tokens: 765, cache_read_input_tokens: 10000, cache_creation_input_tokens: 2000,
      },
      {
        ...base, id: uid('e'), type: 'SessionEnded', timestamp: at(7), reason: 'stop', model: 'claude-sonnet-4-5',
        input_tokens: 12345, output_tokens: 6789, cache_read_input_tokens: 1234567, cache_creation_input_tokens: 99078,
      },
    ]);
    assert.ok(res.status < 300, `events accepted (${res.status})`);

    const main = await waitFor('the session row with tokens', () => {
      api.refreshNow();
      const item = api.treeItem(s);
      return item && tooltipCell(item.tooltip, 'Total') === '1,352,779' ? item : undefined;
    });
    assert.ok(api.treeChildren().includes(s), 'the session is a root');
    assert.deepEqual(api.treeChildren(s), [a], 'the subagent sits under its session');
    assert.equal(main.label, `tree-proj · ${s.slice(0, 8)}`);
    assert.match(main.description, /^1,352,779 tokens/);
    assert.equal(tooltipCell(main.tooltip, 'Input'), '12,345');
    assert.equal(tooltipCell(main.tooltip, 'Output'), '6,789');
    assert.equal(tooltipCell(main.tooltip, 'Cache read'), '1,234,567');
    assert.equal(tooltipCell(main.tooltip, 'Cache write'), '99,078');
    assert.equal(tooltipCell(main.tooltip, 'Tool calls'), '1');

    const sub = api.treeItem(a);
    assert.ok(sub);
    assert.equal(sub.label, `Explore · ${a.slice(0, 8)}`);
    assert.equal(tooltipCell(sub.tooltip, 'Input'), '4,321');
    assert.equal(tooltipCell(sub.tooltip, 'Total'), '17,086');
    assert.equal(tooltipCell(sub.tooltip, 'Failures'), '1');
    assert.equal(sub.icon, 'pass', 'a completed subagent shows as done');
  });
});
