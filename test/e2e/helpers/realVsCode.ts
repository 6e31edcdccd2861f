// What the real-VS-Code tiers (e2e and the extension-host runner) share: finding the tools folder and
// Chromium (failing with directions when they are missing), a browser with the flags Debian's Chromium needs
// here, private folders, and screenshots of failures.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, readTools, type ToolsManifest } from '../../../scripts/codeServer.mjs';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
export const outputDir = join(repoRoot, '.test-output', 'e2e');

export interface RealVsCode {
  tools: ToolsManifest;
  chromium: string;
}

/**
 * The tools this tier needs, or a skip reason. Missing tools FAIL the tier (CI installs them with
 * `npm run tools`); only a local run with HEATDESK_SKIP_E2E=1 (and no CI variable) may skip, loudly.
 */
export function realVsCodeOrSkip(tier: string): RealVsCode | { skip: string } {
  const localSkip = process.env['HEATDESK_SKIP_E2E'] === '1' && !process.env['CI'];
  if (localSkip) {
    const reason = `HEATDESK_SKIP_E2E=1: the ${tier} tier did NOT run (nothing about real VS Code was tested)`;
    console.warn(`\n!!! ${reason} !!!\n`);
    return { skip: reason };
  }
  try {
    return { tools: readTools(), chromium: chromiumPath() };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`The ${tier} tier needs code-server and Chromium. ${message}\n(Run \`npm run tools\`; to skip locally: HEATDESK_SKIP_E2E=1.)`);
  }
}

export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** A private temp folder per run, removed by the returned function (kept when HEATDESK_KEEP_TEMP=1). */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    remove: () => {
      if (process.env['HEATDESK_KEEP_TEMP'] !== '1') rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot named after the failing step; never throws (the real error matters). */
export async function screenshotFailure(page: Page | undefined, name: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  try {
    mkdirSync(outputDir, { recursive: true });
    const file = join(outputDir, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.error(`    screenshot of the failure: ${file}`);
    return file;
  } catch {
    return undefined;
  }
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
}
