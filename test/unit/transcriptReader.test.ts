import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TranscriptReader } from '../../src/extension/transcripts/TranscriptReader';
import type { Logger } from '../../src/extension/log';
import { jsonl, responseLines, toolResultLine, userLine } from '../fixtures/transcriptFixtures';

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

function setup(): { config: string; file: string; log: ReturnType<typeof recorder>; reader: TranscriptReader; done: () => void } {
  const config = mkdtempSync(join(tmpdir(), 'heatdesk-claude-'));
  const project = join(config, 'projects', '-home-u-proj');
  mkdirSync(project, { recursive: true });
  const log = recorder();
  return {
    config,
    file: join(project, 'sess-1.jsonl'),
    log,
    reader: new TranscriptReader({ claudeConfigDir: config, log, chunkBytes: 4096 }),
    done: () => rmSync(config, { recursive: true, force: true }),
  };
}

const turn = (n: number, output: number): string[] => [
  userLine(`prompt ${n}`),
  ...responseLines({ msgId: `msg_${n}`, requestId: `req_${n}`, blocks: 3, placeholderEarly: true, usage: { input: n, output, cacheRead: 1000 * n } }),
  toolResultLine(),
];

test('only the appended turn is read on the next call, and totals keep counting each response once', async () => {
  const { file, reader, done } = setup();
  try {
    writeFileSync(file, jsonl([...turn(1, 100), ...turn(2, 200)]));
    const first = await reader.read(file);
    assert.equal(first?.totals.outputTokens, 100 + 200);
    const appended = jsonl(turn(3, 300));
    appendFileSync(file, appended);
    const second = await reader.read(file);
    assert.equal(second?.bytesRead, Buffer.byteLength(appended));
    assert.equal(second?.totals.outputTokens, 100 + 200 + 300);
    assert.equal(second?.totals.cacheReadTokens, 1000 + 2000 + 3000);
    assert.equal(second?.totals.responses, 3);
    const third = await reader.read(file);
    assert.equal(third?.bytesRead, 0);
    assert.equal(third?.totals.outputTokens, 600);
  } finally {
    done();
  }
});

test('a partial last line waits for its newline, then counts once', async () => {
  const { file, reader, done } = setup();
  try {
    const [line] = responseLines({ msgId: 'msg_p', requestId: 'req_p', usage: { input: 11, output: 22 } });
    assert.ok(line);
    writeFileSync(file, jsonl(turn(1, 100)) + line.slice(0, 40));
    const before = await reader.read(file);
    assert.equal(before?.totals.outputTokens, 100);
    appendFileSync(file, `${line.slice(40)}\n`);
    const after = await reader.read(file);
    assert.equal(after?.totals.outputTokens, 100 + 22);
    assert.equal(after?.totals.responses, 2);
  } finally {
    done();
  }
});

test('lines spanning many small chunks (and CRLF endings) give the same totals as the whole file', async () => {
  const { file, reader, done } = setup();
  try {
    const big = 'x'.repeat(10_000); // tool output longer than the 4 KiB chunk
    const lines = [...turn(1, 100), JSON.stringify({ type: 'user', message: { content: big } }), ...turn(2, 200)];
    writeFileSync(file, lines.map((l) => `${l}\r\n`).join(''));
    const snap = await reader.read(file);
    assert.equal(snap?.totals.outputTokens, 300);
    assert.equal(snap?.totals.responses, 2);
  } finally {
    done();
  }
});

test('a file truncated and rewritten after compaction is read again from the start', async () => {
  const { file, reader, log, done } = setup();
  try {
    writeFileSync(file, jsonl([...turn(1, 100), ...turn(2, 200), ...turn(3, 300)]));
    assert.equal((await reader.read(file))?.totals.outputTokens, 600);
    writeFileSync(file, jsonl(turn(9, 50))); // smaller: truncated in place
    assert.equal((await reader.read(file))?.totals.outputTokens, 50);
    assert.ok(log.lines.some((l) => l.includes('replaced or truncated')));
  } finally {
    done();
  }
});

test('a file replaced by another one (new inode), or rewritten in place to a larger size, starts over', async () => {
  const { file, reader, done } = setup();
  try {
    writeFileSync(file, jsonl(turn(1, 100)));
    assert.equal((await reader.read(file))?.totals.outputTokens, 100);
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, jsonl([...turn(5, 1), ...turn(6, 2), ...turn(7, 3)]));
    renameSync(tmp, file);
    assert.equal((await reader.read(file))?.totals.outputTokens, 1 + 2 + 3);
    // Same inode, larger, different content from the first byte.
    writeFileSync(file, jsonl([...turn(8, 10), ...turn(9, 20), ...turn(10, 30), ...turn(11, 40)]));
    assert.equal((await reader.read(file))?.totals.outputTokens, 10 + 20 + 30 + 40);
  } finally {
    done();
  }
});

test('paths outside the Claude config dir, not .jsonl, or linking out are refused and logged', async () => {
  const { config, reader, log, done } = setup();
  const outside = mkdtempSync(join(tmpdir(), 'heatdesk-outside-'));
  try {
    const secret = join(outside, 'secret.jsonl');
    writeFileSync(secret, jsonl(turn(1, 100)));
    assert.equal(await reader.read(secret), undefined);
    assert.equal(await reader.read(join(config, 'projects', '..', '..', outside.slice(1), 'secret.jsonl')), undefined);
    const notJsonl = join(config, 'settings.json');
    writeFileSync(notJsonl, '{}');
    assert.equal(await reader.read(notJsonl), undefined);
    const link = join(config, 'projects', 'link.jsonl');
    symlinkSync(secret, link);
    assert.equal(await reader.read(link), undefined);
    assert.equal(await reader.read('relative/sess.jsonl'), undefined);
    const warnings = log.lines.filter((l) => l.startsWith('warn transcript path ignored'));
    assert.equal(warnings.length, 5);
    assert.ok(warnings.some((w) => w.includes('outside the Claude config dir')));
    assert.ok(warnings.some((w) => w.includes('links outside')));
  } finally {
    done();
    rmSync(outside, { recursive: true, force: true });
  }
});

test('a line longer than the cap is skipped without being buffered, the rest still counts', async () => {
  const { config, file, done } = setup();
  try {
    const log = recorder();
    const reader = new TranscriptReader({ claudeConfigDir: config, log, chunkBytes: 4096, maxLineBytes: 8192 });
    writeFileSync(file, jsonl([...turn(1, 100), JSON.stringify({ type: 'user', usage: 'x'.repeat(50_000) }), ...turn(2, 200)]));
    assert.equal((await reader.read(file))?.totals.outputTokens, 300);
    assert.ok(log.lines.some((l) => l.includes('skipped')));
  } finally {
    done();
  }
});

test('concurrent reads of one file never account the same bytes twice', async () => {
  const { file, reader, done } = setup();
  try {
    writeFileSync(file, jsonl([...turn(1, 100), ...turn(2, 200)]));
    const results = await Promise.all([reader.read(file), reader.read(file), reader.read(file)]);
    for (const r of results) assert.equal(r?.totals.outputTokens, 300);
  } finally {
    done();
  }
});

test('appending in arbitrary pieces (cut mid-line, mid-character) and reading after each gives the one-shot figures (property)', async () => {
  const fc = (await import('fast-check')).default;
  const { config, done } = setup();
  try {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ msg: fc.integer({ min: 0, max: 5 }), blocks: fc.integer({ min: 1, max: 3 }), out: fc.integer({ min: 1, max: 999 }), noise: fc.boolean() }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }),
        async (responses, cuts) => {
          const lines: string[] = [];
          for (const r of responses) {
            // Reused message ids across the file: later block lines of the same response must not add.
            lines.push(...responseLines({ msgId: `msg_${r.msg}`, requestId: `req_${r.msg}`, blocks: r.blocks, placeholderEarly: true, usage: { input: r.msg + 1, output: r.out } }));
            if (r.noise) lines.push(userLine('naïve ✓ über — multi-byte text'));
          }
          const bytes = Buffer.from(jsonl(lines));
          // Independent reference: per key, the largest output seen; summed.
          const best = new Map<number, number>();
          for (const r of responses) best.set(r.msg, Math.max(best.get(r.msg) ?? 0, r.out));
          const expected = [...best.values()].reduce((a, b) => a + b, 0);

          const path = join(config, 'projects', '-home-u-proj', `prop-${++round}.jsonl`);
          const reader = new TranscriptReader({ claudeConfigDir: config, log: recorder(), chunkBytes: 4096 });
          writeFileSync(path, '');
          let at = 0;
          for (const cut of cuts) {
            const next = Math.min(bytes.length, at + cut);
            appendFileSync(path, bytes.subarray(at, next));
            at = next;
            await reader.read(path);
          }
          appendFileSync(path, bytes.subarray(at));
          const snap = await reader.read(path);
          assert.equal(snap?.totals.outputTokens, expected);
          assert.equal(snap?.totals.responses, best.size);
          assert.equal(snap?.offset, bytes.length);
        },
      ),
      { numRuns: 60 },
    );
  } finally {
    done();
  }
});
