// In-process half of store.bench.mjs (run with `node --expose-gc --import tsx`): opens the store in a data
// folder, snapshots it, and reports timings and heap as one JSON line. Not a bench on its own.
import { EventStore } from '../src/extension/store/EventStore';
import type { Logger } from '../src/extension/log';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: (m) => void process.stderr.write(`${m}\n`) };

async function main(dataDir: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let t = performance.now();
  const store = await EventStore.open({ dataDir, log: quiet, snapshotDelayMs: 3_600_000, snapshotMaxDelayMs: 3_600_000 });
  const openMs = performance.now() - t;
  const count = store.count();
  gc?.();
  const mem = process.memoryUsage();
  t = performance.now();
  const all = store.all();
  const allMs = performance.now() - t;
  t = performance.now();
  await store.snapshot();
  const snapshotMs = performance.now() - t;
  await store.close();
  process.stdout.write(
    `${JSON.stringify({ count, openMs, allMs, allCount: all.length, snapshotMs, heapUsedMB: (mem.heapUsed - heap0) / 2 ** 20, rssMB: mem.rss / 2 ** 20, externalMB: mem.external / 2 ** 20 })}\n`,
  );
}

void main(process.argv[2] ?? '.');
