// Starting code-server (VS Code in the browser) in a private profile, shared by `npm start` and the
// real-VS-Code test tiers. Nothing here writes outside the profile folder it is given: XDG_CONFIG_HOME and
// XDG_DATA_HOME point into it, so code-server's config.yaml and state never land in the user's home.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { toolPaths } from './tools.mjs';

export { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

/** The tools manifest written by scripts/tools.mjs; throws a message that says how to get it. */
export function readTools() {
  const paths = toolPaths();
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(paths.manifest, 'utf8'));
  } catch {
    throw new Error(`code-server is not installed in ${paths.dir}: run \`npm run tools\` first (about 4 minutes, once).`);
  }
  for (const key of ['node', 'codeServerEntry', 'vscodeServerMain']) {
    if (!existsSync(manifest[key])) {
      throw new Error(`${manifest[key]} is missing: run \`npm run tools\` to repair ${paths.dir}.`);
    }
  }
  return manifest;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Folders of one private code-server profile under `base` (created). */
export function makeProfile(base) {
  const profile = {
    base,
    userDataDir: join(base, 'user-data'),
    extensionsDir: join(base, 'extensions'),
    xdgConfig: join(base, 'xdg-config'),
    xdgData: join(base, 'xdg-data'),
    configFile: join(base, 'config.yaml'),
  };
  for (const d of [profile.userDataDir, profile.extensionsDir, profile.xdgConfig, profile.xdgData]) {
    mkdirSync(d, { recursive: true });
  }
  if (!existsSync(profile.configFile)) writeFileSync(profile.configFile, 'auth: none\ncert: false\n');
  return profile;
}

/**
 * Writes the profile's user settings. Quiet defaults keep the first screen on the workbench (no welcome
 * page, no walkthrough, no trust prompt) so a person and a test see the same thing.
 */
export function writeUserSettings(profile, extra = {}) {
  const dir = join(profile.userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'workbench.enableExperiments': false,
    // The chat side bar opens by default in 1.139 and would take a third of the window.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.colorTheme': 'Default Dark Modern',
    ...extra,
  };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/** Environment for code-server and its extension host: private XDG folders, no leaked VS Code variables. */
export function codeServerEnv(profile, extraEnv = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Variables of a VS Code terminal this may run in would confuse the nested server.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
    env[k] = v;
  }
  return { ...env, XDG_CONFIG_HOME: profile.xdgConfig, XDG_DATA_HOME: profile.xdgData, ...extraEnv };
}

/** `code-server --install-extension <vsix>` into the profile; throws with code-server's output on failure. */
export function installVsix(tools, profile, vsix) {
  const r = spawnSync(
    tools.node,
    [
      tools.codeServerEntry,
      '--config',
      profile.configFile,
      '--user-data-dir',
      profile.userDataDir,
      '--extensions-dir',
      profile.extensionsDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { env: codeServerEnv(profile), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}`.trim();
}

async function waitForHttp(url, timeoutMs, child) {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`);
}

/**
 * Starts a server in its own process group (so stop() ends it and every child it spawned: extension
 * host, pty host, file watcher) and waits until it answers `readyPath`. Output goes to `logFile`.
 */
async function startServer({ tools, args, env, port, readyPath, logFile, onSpawn }) {
  const out = openSync(logFile, 'a');
  const child = spawn(tools.node, args, { env, detached: true, stdio: ['ignore', out, out] });
  const stop = () => stopGroup(child);
  // Lets a caller that may be interrupted while waiting (Ctrl-C in npm start) stop the server anyway.
  onSpawn?.(stop);
  try {
    await waitForHttp(`http://127.0.0.1:${port}${readyPath}`, 30_000, child);
  } catch (err) {
    await stop();
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- ${logFile} (tail) ---\n${tail}`);
  }
  return { child, port, stop };
}

/** SIGTERM to the whole process group, SIGKILL after 3 s if anything is left. */
export function stopGroup(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      // Children that ignored SIGTERM (a pty host, a watcher) must not outlive the server.
      kill('SIGKILL');
      resolve();
    });
    kill('SIGTERM');
  });
}

/** code-server on 127.0.0.1:<port>, no auth, opening `folder`. Returns { url, port, child, stop }. */
export async function startCodeServer({ tools, profile, folder, port, env = {}, logFile, onSpawn }) {
  const p = port ?? (await freePort());
  const args = [
    tools.codeServerEntry,
    '--config',
    profile.configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${p}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
    folder,
  ];
  const server = await startServer({
    tools,
    args,
    env: codeServerEnv(profile, env),
    port: p,
    readyPath: '/healthz',
    logFile: logFile ?? join(profile.base, 'code-server.log'),
    onSpawn,
  });
  return { ...server, url: `http://127.0.0.1:${p}/?folder=${encodeURIComponent(folder)}` };
}

/**
 * VS Code's own server from inside code-server, with the smoke-test driver enabled: it accepts
 * extensionDevelopmentPath / extensionTestsPath through the page's `payload` query parameter, which
 * code-server's CLI does not. Returns { port, child, stop, testUrl(extensionDir, testsIndex, folder) }.
 */
export async function startVsCodeServer({ tools, profile, env = {}, logFile, onSpawn }) {
  const p = await freePort();
  const serverData = join(profile.base, 'server-data');
  mkdirSync(serverData, { recursive: true });
  const args = [
    tools.vscodeServerMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(p),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir',
    serverData,
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
  ];
  const server = await startServer({
    tools,
    args,
    env: codeServerEnv(profile, env),
    port: p,
    readyPath: '/version',
    logFile: logFile ?? join(profile.base, 'vscode-server.log'),
    onSpawn,
  });
  const remote = (abs) => `vscode-remote://127.0.0.1:${p}${abs}`;
  const testUrl = (extensionDir, testsIndex, folder) => {
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extensionDir)],
      ['extensionTestsPath', remote(testsIndex)],
    ]);
    return `http://127.0.0.1:${p}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`;
  };
  return { ...server, testUrl };
}
