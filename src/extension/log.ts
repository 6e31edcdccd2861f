// The logging seam: VS Code's LogOutputChannel inside the editor, stderr in the CLI, a recorder in tests.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Logger for headless use (CLI, benches): one line per message on stderr, never stdout. */
export const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`[heatdesk] ${m}\n`),
  warn: (m) => process.stderr.write(`[heatdesk] warn: ${m}\n`),
  error: (m) => process.stderr.write(`[heatdesk] error: ${m}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
