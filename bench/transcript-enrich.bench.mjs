// Enriching a Stop after one new turn on a 100 MB transcript, against a full parse of that transcript.
// Target: the incremental enrich takes under 1% of the full parse. The transcript is generated here
// (realistic mix: prompts, large tool results, responses written as several block lines) in a temp
// CLAUDE_CONFIG_DIR; the code measured is the real TranscriptReader + createEnricher, bundled from src/.
import { build } from 'esbuild';
import { appendFileSync, mkdirSync, mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, result } from './_lib.mjs';

const SIZE_MB = Number(process.env.BENCH_TRANSCRIPT_MB ?? 100);
const tmp = mkdtempSync(join(tmpdir(), 'heatdesk-bench-transcript-'));
try {
  const entry = join(tmp, 'entry.ts');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    entry,
    `export { createEnricher } from ${JSON.stringify(resolve('src/extension/enrich/index.ts'))};\n` +
      `export { TranscriptReader } from ${JSON.stringify(resolve('src/extension/transcripts/TranscriptReader.ts'))};\n`,
  );
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: join(tmp, 'bundle.mjs'), logLevel: 'error' });
  const { createEnricher, TranscriptReader } = await import(pathToFileURL(join(tmp, 'bundle.mjs')).href);

  const claude = join(tmp, 'claude');
  const project = join(claude, 'projects', '-home-u-proj');
  mkdirSync(project, { recursive: true });
  const session = '1a8d294c-6dc6-4fa6-962c-24493cbe5924';
  const file = join(project, `${session}.jsonl`);

  let turnNo = 0;
  const filler = 'lorem ipsum dolor sit amet, consectetur adipiscing elit; '.repeat(200); // ~11 KB of tool output
  /** One turn: prompt, a 3-block response, a large tool result, a 2-block response. ~15 KB. */
  function turn() {
    const n = ++turnNo;
    const lines = [JSON.stringify({ type: 'user', uuid: `u${n}`, sessionId: session, message: { role: 'user', content: `step ${n}` } })];
    const response = (id, blocks, usage) => {
      for (let b = 0; b < blocks; b++) {
        const last = b === blocks - 1;
        lines.push(
          JSON.stringify({
            parentUuid: `p${n}`, isSidechain: false, userType: 'external', cwd: '/home/u/proj', sessionId: session, version: '2.1.229',
            type: 'assistant', uuid: `a${n}-${id}-${b}`, timestamp: new Date(1_780_000_000_000 + n * 1000).toISOString(), requestId: `req_${n}_${id}`,
            message: {
              model: 'claude-opus-5', id: `msg_${n}_${id}`, type: 'message', role: 'assistant',
              content: [b % 2 ? { type: 'tool_use', id: `toolu_${n}_${id}_${b}`, name: 'Bash', input: { command: 'npm test' } } : { type: 'text', text: 'Running the tests now to see what fails.' }],
              stop_reason: last ? 'tool_use' : null,
              usage: last ? usage : { input_tokens: usage.input_tokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
            },
          }),
        );
      }
    };
    response('a', 3, { input_tokens: 4, output_tokens: 300, cache_creation_input_tokens: 1200, cache_read_input_tokens: 60000, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 1200 } });
    lines.push(JSON.stringify({ type: 'user', uuid: `r${n}`, sessionId: session, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${n}_a_1`, content: filler }] }, toolUseResult: { stdout: filler.slice(0, 4000) } }));
    response('b', 2, { input_tokens: 2, output_tokens: 120, cache_creation_input_tokens: 900, cache_read_input_tokens: 61200 });
    return lines.map((l) => `${l}\n`).join('');
  }

  const fd = openSync(file, 'w');
  let written = 0;
  while (written < SIZE_MB * 1024 * 1024) {
    const chunk = Array.from({ length: 64 }, turn).join('');
    writeSync(fd, chunk);
    written += Buffer.byteLength(chunk);
  }
  closeSync(fd);
  const sizeMB = statSync(file).size / 2 ** 20;
  console.log(`  transcript: ${sizeMB.toFixed(1)} MB, ${turnNo} turns, ${turnNo * 2} responses in ${turnNo * 5} block lines`);

  const log = { info() {}, warn: (m) => console.log(`  warn: ${m}`), error: (m) => console.log(`  error: ${m}`) };
  const stop = (i) => ({ id: `stop-${i}`, type: 'SessionEnded', reason: 'stop', timestamp: new Date().toISOString(), session_id: session, cwd: '/home/u/proj', transcript_path: file });

  // Full parse: a fresh reader each time (what a cold server pays once per transcript).
  const fullTimes = [];
  let fullOut;
  const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  globalThis.gc?.();
  const mem0 = mem();
  let peakMem = mem0;
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    const enrich = createEnricher({ claudeConfigDir: claude, log, reader: new TranscriptReader({ claudeConfigDir: claude, log }) });
    const t0 = process.hrtime.bigint();
    const timer = setInterval(() => (peakMem = Math.max(peakMem, mem())), 5);
    fullOut = await enrich(stop(`full-${i}`));
    clearInterval(timer);
    fullTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const full = median(fullTimes);
  const expectedOut = turnNo * (300 + 120);
  if (fullOut.output_tokens !== expectedOut) throw new Error(`full parse counted ${fullOut.output_tokens} output tokens, expected ${expectedOut}`);

  // Incremental: one warm reader; append one turn, enrich the Stop that follows it.
  const reader = new TranscriptReader({ claudeConfigDir: claude, log });
  const enrich = createEnricher({ claudeConfigDir: claude, log, reader });
  await enrich(stop('warm'));
  const incTimes = [];
  let last;
  for (let i = 0; i < 30; i++) {
    appendFileSync(file, turn());
    const t0 = process.hrtime.bigint();
    last = await enrich(stop(`inc-${i}`));
    incTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  if (last.output_tokens !== turnNo * 420) throw new Error(`incremental count drifted: ${last.output_tokens} vs ${turnNo * 420}`);
  const inc = median(incTimes);

  result(`full parse of a ${sizeMB.toFixed(0)} MB transcript (enrich, cold reader)`, full, 'ms', { note: `${(sizeMB / (full / 1000)).toFixed(0)} MB/s` });
  result('enrich a Stop after one new turn (warm reader)', inc, 'ms');
  result('incremental enrich / full parse', (inc / full) * 100, '%', { target: '< 1 %', ok: inc / full < 0.01 });
  result('peak heap + buffer growth during a full parse', (peakMem - mem0) / 2 ** 20, 'MiB', { note: `file is ${sizeMB.toFixed(0)} MB; it is never held whole` });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
