// The CLI's help text and its usage error (exit code 2), shared by every subcommand.
export const USAGE = `Usage: heatdesk <command> [options]   (node dist/cli.js …)

Commands:
  serve    Run the ingest server and store until SIGINT/SIGTERM. Several serve processes sharing one
           HEATDESK_HOME elect one leader (port + store); the others follow and take over if it dies.
             --port <n>          127.0.0.1 port, 0 = any free port (default 0)
             --data-dir <dir>    store folder (default $HEATDESK_HOME/data)
             --home <dir>        HEATDESK_HOME override (where ingest.json and the spool live)
             --capture-prompts   keep UserPromptSubmit prompt text (off by default: privacy)
             --print-events      print every stored event, then each new one, as NDJSON on stdout
             --max-age-days <n>  retention by age, 0 = keep (default 0)
             --max-events <n>    retention by count, 0 = keep (default 0)
  events   Print every stored event as NDJSON, oldest first (safe while serve runs).
             --data-dir <dir>    store folder (default $HEATDESK_HOME/data)
             --home <dir>        HEATDESK_HOME override
  stats    Print per-agent metrics (tool calls, tokens, context pressure, cost, heat) as JSON.
             --data-dir <dir>    store folder (default $HEATDESK_HOME/data)
             --home <dir>        HEATDESK_HOME override

HEATDESK_HOME defaults to ~/.heatdesk.
`;

export class UsageError extends Error {
  override name = 'UsageError';
}
