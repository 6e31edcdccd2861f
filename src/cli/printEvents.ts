// `heatdesk events`: the stored events as NDJSON on stdout, oldest first. Opens the store read-only, so it
// is safe beside a running server and never moves or writes a file.
import { existsSync } from 'node:fs';
import { stderrLogger } from '../extension/log';
import { EventStore } from '../extension/store/EventStore';
import type { EventsOptions } from './cliOptions';

export async function printEvents(o: EventsOptions): Promise<number> {
  if (!existsSync(o.dataDir)) {
    stderrLogger.error(`no Heatdesk data folder at ${o.dataDir}`);
    return 1;
  }
  const store = await EventStore.open({ dataDir: o.dataDir, log: stderrLogger, readOnly: true });
  const events = store.all();
  await store.close();
  let broken = false;
  process.stdout.on('error', () => {
    broken = true; // Reader went away (e.g. `| head`): stop quietly.
  });
  for (let i = 0; i < events.length && !broken; i += 500) {
    const text = events.slice(i, i + 500).map((e) => `${JSON.stringify(e)}\n`).join('');
    if (!process.stdout.write(text)) await new Promise((r) => process.stdout.once('drain', r));
  }
  return 0;
}
