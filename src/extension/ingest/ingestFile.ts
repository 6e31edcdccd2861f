// Writes and removes HEATDESK_HOME/ingest.json, the file through which hooks find the server. It holds the
// bearer token, so it is created private (0600) inside a private folder and replaced atomically: a hook
// reading it concurrently sees the old or the new file, never half of one.
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { INGEST_FILE, parseIngestInfo, type IngestInfo } from '../../shared/ingestInfo';

export function writeIngestFile(home: string, info: IngestInfo): string {
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const path = join(home, INGEST_FILE);
    const tmp = `${path}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(info)}\n`);
    } finally {
      closeSync(fd);
    }
    // An umask can only remove bits, but a pre-existing temp file may carry wider ones: set them exactly.
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
    return path;
  } catch (err) {
    throw new Error(`Heatdesk cannot write ${join(home, INGEST_FILE)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Removes ingest.json only if it still names this server (another may have taken over since). */
export function removeIngestFileIfOurs(home: string, token: string): void {
  const path = join(home, INGEST_FILE);
  try {
    const info = parseIngestInfo(readFileSync(path, 'utf8'));
    if (info?.token === token) unlinkSync(path);
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}
