// The stable token Claude Code's http hooks send. A command hook reads the current token from ingest.json on
// every run, but an http hook's header is fixed in settings.json and may only interpolate environment
// variables, so it needs a token that survives restarts: this file (0600 in HEATDESK_HOME), which the user
// exports as HEATDESK_TOKEN in the shell that starts Claude Code. Exposure is the same as ingest.json's:
// readable by this user's processes only.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HTTP_TOKEN_FILE = 'http-hook-token';

export function httpTokenPath(home: string): string {
  return join(home, HTTP_TOKEN_FILE);
}

/** Reads the stable token, creating it (exclusively, 0600) on first use. */
export function readOrCreateHttpToken(home: string): string {
  const file = httpTokenPath(home);
  const valid = (t: string) => /^[A-Za-z0-9_-]{32,256}$/.test(t);
  try {
    const t = readFileSync(file, 'utf8').trim();
    if (valid(t)) return t;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another window created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const t = readFileSync(file, 'utf8').trim();
      if (valid(t)) return t;
    }
    // An unusable file (empty, edited by hand): replace it.
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return token;
}
