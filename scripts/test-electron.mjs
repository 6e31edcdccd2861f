// `npm run test:vscode`: the extension-host suites (dist/test/exthost/index.js) in desktop VS Code via
// @vscode/test-electron, for people with a desktop and a network (it downloads VS Code on first use into
// .vscode-test/). CI runs the same suite files in code-server instead (test/exthost-runner), because this
// machine kind cannot download VS Code.
//   HEATDESK_VSCODE_EXECUTABLE=/path/to/code   use an installed VS Code instead of downloading one
//   HEATDESK_VSCODE_VERSION=1.139.1            pick the downloaded version (default: the engines minimum
//                                              the suites were written against is fine too; "stable" here)
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const suite = join(repoRoot, 'dist', 'test', 'exthost', 'index.js');
// esbuild.mjs empties dist/; the suites have their own build step.
const builder = join(repoRoot, 'scripts', 'build-exthost-tests.mjs');
if (!existsSync(suite) && existsSync(builder)) spawnSync(process.execPath, [builder], { cwd: repoRoot, stdio: 'inherit' });
if (!existsSync(suite)) {
  console.error(`[test:vscode] ${suite} missing: run \`npm run build && npm run build:exthost\` first`);
  process.exit(1);
}

// The suites run Heatdesk's ingest server, store and hook installer: give them private folders.
const temp = mkdtempSync(join(tmpdir(), 'heatdesk-test-electron-'));
const workspace = join(temp, 'ws');
const home = join(temp, 'home');
for (const d of [workspace, home, join(temp, 'heatdesk-home'), join(temp, 'claude')]) mkdirSync(d, { recursive: true });

let code = 1;
try {
  code = await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suite,
    ...(process.env.HEATDESK_VSCODE_EXECUTABLE
      ? { vscodeExecutablePath: process.env.HEATDESK_VSCODE_EXECUTABLE }
      : { version: process.env.HEATDESK_VSCODE_VERSION || 'stable' }),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(temp, 'user-data')],
    extensionTestsEnv: {
      HEATDESK_HOME: join(temp, 'heatdesk-home'),
      CLAUDE_CONFIG_DIR: join(temp, 'claude'),
      HOME: home,
    },
  });
} catch (err) {
  console.error(`[test:vscode] ${err instanceof Error ? err.message : String(err)}`);
  console.error('[test:vscode] no desktop VS Code or no network? CI runs the same suites in code-server: npm test');
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(code);
