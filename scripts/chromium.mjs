// Debian's Chromium as every browser tier uses it (render tests, snapshot tool, code-server UI tests).
// One list of flags: what this kind of machine needs was measured once (see the README's test section).
import { existsSync } from 'node:fs';

/** No sandbox in containers, software WebGL (SwiftShader), no background traffic on an offline machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Debian's Chromium (or HEATDESK_CHROMIUM); throws a message that says how to get it. */
export function chromiumPath() {
  const p = process.env.HEATDESK_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(`Chromium not found at ${p}: install it (Debian: \`sudo apt-get install chromium\`) or set HEATDESK_CHROMIUM.`);
  }
  return p;
}
