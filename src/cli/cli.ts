// Headless entry point (dist/cli.js): `serve` runs the ingest service, `events` prints the store,
// `stats` prints the per-agent metrics the model computes over it.
// Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error.
import { parseEventsOptions, parseServeOptions } from './cliOptions';
import { printEvents } from './printEvents';
import { serve } from './serve';
import { printStats } from './stats';
import { USAGE, UsageError } from './usage';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(parseServeOptions(rest, process.env));
    case 'events':
      return printEvents(parseEventsOptions(rest, process.env));
    case 'stats':
      await printStats(parseEventsOptions(rest, process.env).dataDir);
      return 0;
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    case undefined:
      throw new UsageError('missing command');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // A finished command must not linger on timers or sockets someone forgot; but on a pipe to a busy
    // reader the last output may still be queued in this process, and exiting at once cut the newest
    // events off `events` (seen under load). Exit once stdout has handed everything over.
    process.stdout.write('', () => setImmediate(() => process.exit(code)));
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`heatdesk: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`heatdesk: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
