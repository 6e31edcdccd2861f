// The hook installer on real files in temp folders: what a user's ~/.claude/settings.json looks like after
// Install and Uninstall, the backup, refusal of unparsable files, and the copied scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HOOK_EVENT_NAMES, HOOK_SCRIPTS } from '../../src/shared/hookMapping';
import { installHooks, isHeatdeskHandler, uninstallHooks } from '../../src/extension/installer/hookSettings';
import {
  copyHookScripts,
  findNodeOnPath,
  hookStatusOf,
  installIntoFile,
  InstallRefusedError,
  uninstallFromFile,
  userSettingsFile,
} from '../../src/extension/installer/HookInstaller';
import { httpTokenPath, readOrCreateHttpToken } from '../../src/extension/installer/httpToken';

const tmp = () => mkdtempSync(join(tmpdir(), 'heatdesk-installer-'));
const HOOKS_DIR = '/home/u/.heatdesk/hooks';

/** A settings file as real users have them: other tools' hooks on the same events, and unrelated keys. */
const FOREIGN = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'], deny: [] },
  env: { FOO: '1' },
  hooks: {
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/guard.sh', timeout: 10 }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
    PostCompact: [{ hooks: [{ type: 'http', url: 'http://127.0.0.1:9999/other' }] }],
  },
  statusLine: { type: 'command', command: 'ccstatus' },
};

test('command install: every event gets one async node hook from the stable folder, SessionEnd stays synchronous', () => {
  const { settings, changes } = installHooks({}, { mode: 'command', hooksDir: HOOKS_DIR });
  const hooks = settings['hooks'] as Record<string, Array<{ matcher?: string; hooks: Array<Record<string, unknown>> }>>;
  assert.deepEqual(Object.keys(hooks).sort(), [...HOOK_EVENT_NAMES].sort());
  assert.ok(changes.every((c) => c.action === 'added'));
  for (const event of HOOK_EVENT_NAMES) {
    const groups = hooks[event] ?? [];
    assert.equal(groups.length, 1);
    const handler = groups[0]?.hooks[0];
    assert.deepEqual(handler, {
      type: 'command',
      command: `node "${HOOKS_DIR}/${HOOK_SCRIPTS[event]}.js"`,
      timeout: 5,
      ...(event === 'SessionEnd' ? {} : { async: true }),
    });
  }
  assert.equal(hooks['PreToolUse']?.[0]?.matcher, '*');
  assert.equal(hooks['PostToolUseFailure']?.[0]?.matcher, '*');
  assert.equal(hooks['Stop']?.[0]?.matcher, undefined);
});

test('on a POSIX shell the command clears NODE_EXTRA_CA_CERTS for the hook, and is still recognised as ours', () => {
  const { settings } = installHooks({}, { mode: 'command', hooksDir: HOOKS_DIR, posixShell: true });
  const hooks = settings['hooks'] as Record<string, Array<{ hooks: Array<Record<string, unknown>> }>>;
  const handler = hooks['PreToolUse']?.[0]?.hooks[0];
  assert.equal(handler?.['command'], `NODE_EXTRA_CA_CERTS= node "${HOOKS_DIR}/pre-tool-use.js"`);
  assert.ok(isHeatdeskHandler(handler, HOOKS_DIR));
  assert.deepEqual(uninstallHooks(settings, HOOKS_DIR).settings, {});
  // Installing again on a machine without the prefix replaces the entry rather than adding a second one.
  const again = installHooks(settings, { mode: 'command', hooksDir: HOOKS_DIR });
  const groups = (again.settings['hooks'] as Record<string, unknown[]>)['PreToolUse'] ?? [];
  assert.equal(groups.length, 1);
});

test('http install: Claude Code posts to /v1/hooks with the token from HEATDESK_TOKEN', () => {
  const { settings } = installHooks({}, { mode: 'http', hooksDir: HOOKS_DIR, url: 'http://127.0.0.1:47123' });
  const pre = (settings['hooks'] as Record<string, Array<{ hooks: unknown[] }>>)['PreToolUse']?.[0]?.hooks[0];
  assert.deepEqual(pre, {
    type: 'http',
    url: 'http://127.0.0.1:47123/v1/hooks',
    headers: { Authorization: 'Bearer $HEATDESK_TOKEN' },
    allowedEnvVars: ['HEATDESK_TOKEN'],
    timeout: 5,
  });
});

test('foreign hooks and keys survive install; uninstall gives back the original; switching mode replaces ours', () => {
  const installed = installHooks(FOREIGN, { mode: 'command', hooksDir: HOOKS_DIR }).settings;
  const hooks = installed['hooks'] as Record<string, unknown[]>;
  assert.deepEqual(hooks['PreToolUse']?.[0], FOREIGN.hooks.PreToolUse[0]);
  assert.deepEqual(hooks['Stop']?.[0], FOREIGN.hooks.Stop[0]);
  assert.deepEqual(hooks['PostCompact'], FOREIGN.hooks.PostCompact);
  assert.deepEqual(installed['permissions'], FOREIGN.permissions);
  const http = installHooks(installed, { mode: 'http', hooksDir: HOOKS_DIR, url: 'http://127.0.0.1:47123' });
  const httpHooks = http.settings['hooks'] as Record<string, unknown[]>;
  assert.equal(httpHooks['PreToolUse']?.length, 2, 'the command hook was replaced, not kept beside the http one');
  assert.ok(http.changes.every((c) => c.action === 'updated'));
  assert.deepEqual(uninstallHooks(http.settings, HOOKS_DIR).settings, FOREIGN);
  assert.deepEqual(uninstallHooks(installed, HOOKS_DIR).settings, FOREIGN);
});

test('a Heatdesk handler added by hand inside another tool\'s group is removed alone', () => {
  const ours = { type: 'command', command: `node "${HOOKS_DIR}/pre-tool-use.js"` };
  const theirs = { type: 'command', command: 'guard.sh' };
  const input = { hooks: { PreToolUse: [{ matcher: '*', hooks: [theirs, ours] }] } };
  assert.deepEqual(uninstallHooks(input, HOOKS_DIR).settings, { hooks: { PreToolUse: [{ matcher: '*', hooks: [theirs] }] } });
});

test('only Heatdesk handlers are recognised as Heatdesk\'s', () => {
  assert.ok(isHeatdeskHandler({ type: 'command', command: 'node "/x/y/pre-tool-use.js"' }, '/x/y'));
  assert.ok(isHeatdeskHandler({ type: 'command', command: 'node "C:\\Users\\u\\.heatdesk\\hooks\\stop.js"' }, '/elsewhere'));
  assert.equal(isHeatdeskHandler({ type: 'command', command: 'node "/x/y/pre-tool-use.js"' }, '/other'), false);
  assert.equal(isHeatdeskHandler({ type: 'command', command: 'node /x/y/my-own-script.js' }, '/x/y'), false);
  assert.equal(isHeatdeskHandler({ type: 'http', url: 'http://127.0.0.1:8080/v1/hooks' }, '/x'), false);
  assert.equal(
    isHeatdeskHandler({ type: 'http', url: 'https://example.com/v1/hooks', headers: { Authorization: 'Bearer $HEATDESK_TOKEN' } }, '/x'),
    false,
  );
});

test('a settings file with a non-object "hooks" or a non-list event is refused, not overwritten', () => {
  assert.throws(() => installHooks({ hooks: [] }, { mode: 'command', hooksDir: HOOKS_DIR }), /"hooks" is not an object/);
  assert.throws(() => installHooks({ hooks: { Stop: {} } }, { mode: 'command', hooksDir: HOOKS_DIR }), /"hooks.Stop" is not a list/);
  assert.throws(() => installHooks([], { mode: 'command', hooksDir: HOOKS_DIR }), /JSON object/);
});

test('file: install backs up, merges, keeps indentation and mode; a second install writes nothing; uninstall restores', async () => {
  const dir = tmp();
  const file = join(dir, 'settings.json');
  const original = `${JSON.stringify(FOREIGN, null, 4)}\n`;
  writeFileSync(file, original, { mode: 0o640 });
  const first = await installIntoFile(file, { mode: 'command', hooksDir: HOOKS_DIR }, new Date(2026, 11, 4, 21, 15, 30));
  assert.equal(first.written, true);
  assert.equal(first.backupFile, `${file}.heatdesk-20261204-211530.bak`);
  assert.equal(readFileSync(first.backupFile ?? '', 'utf8'), original);
  const afterInstall = readFileSync(file, 'utf8');
  assert.match(afterInstall, /\n {4}"model"/, 'four-space indentation kept');
  assert.equal(statSync(file).mode & 0o777, 0o640);
  const parsed = JSON.parse(afterInstall) as { hooks: Record<string, unknown[]> };
  assert.equal(parsed.hooks['PreToolUse']?.length, 2);

  const second = await installIntoFile(file, { mode: 'command', hooksDir: HOOKS_DIR });
  assert.equal(second.written, false);
  assert.ok(second.changes.every((c) => c.action === 'unchanged'));
  assert.equal(readFileSync(file, 'utf8'), afterInstall);

  const removed = await uninstallFromFile(file, HOOKS_DIR);
  assert.equal(removed.written, true);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), FOREIGN);
  assert.equal(readFileSync(file, 'utf8'), original, 'byte-identical to the original');
});

test('file: an unparsable settings file is refused with the reason and left as it was, no backup', async () => {
  const dir = tmp();
  const file = join(dir, 'settings.json');
  const broken = '{ "model": "opus", // a comment\n}';
  writeFileSync(file, broken);
  await assert.rejects(installIntoFile(file, { mode: 'command', hooksDir: HOOKS_DIR }), (err: unknown) => {
    assert.ok(err instanceof InstallRefusedError);
    assert.match(err.message, /settings\.json was left untouched: it is not valid JSON/);
    return true;
  });
  assert.equal(readFileSync(file, 'utf8'), broken);
  assert.deepEqual(readdirSync(dir), ['settings.json']);
});

test('file: a missing settings file (and folder) is created; uninstall of a missing file writes nothing', async () => {
  const dir = tmp();
  const file = join(dir, '.claude', 'settings.json');
  const r = await installIntoFile(file, { mode: 'command', hooksDir: HOOKS_DIR });
  assert.equal(r.written, true);
  assert.equal(r.backupFile, undefined);
  assert.ok(JSON.parse(readFileSync(file, 'utf8')).hooks.SessionStart);
  const other = join(dir, 'none', 'settings.json');
  assert.equal((await uninstallFromFile(other, HOOKS_DIR)).written, false);
});

test('hook scripts are copied to the stable folder; a missing build is refused', async () => {
  const dir = tmp();
  const src = join(dir, 'dist-hooks');
  mkdirSync(src);
  for (const s of Object.values(HOOK_SCRIPTS)) writeFileSync(join(src, `${s}.js`), `// ${s}\n`);
  const dest = join(dir, 'home', 'hooks');
  const copied = await copyHookScripts(src, dest);
  assert.equal(copied.length, HOOK_EVENT_NAMES.length);
  assert.equal(readFileSync(join(dest, 'pre-tool-use.js'), 'utf8'), '// pre-tool-use\n');
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  await assert.rejects(copyHookScripts(empty, join(dir, 'x')), /hook scripts missing/);
});

test('user settings honour CLAUDE_CONFIG_DIR', () => {
  assert.equal(userSettingsFile({}, '/home/u'), join('/home/u', '.claude', 'settings.json'));
  assert.equal(userSettingsFile({ CLAUDE_CONFIG_DIR: '/cfg' }, '/home/u'), join('/cfg', 'settings.json'));
});

test('the http-hook token is created once (0600) and stays the same across restarts', () => {
  const home = join(tmp(), 'home');
  const a = readOrCreateHttpToken(home);
  const b = readOrCreateHttpToken(home);
  assert.equal(a, b);
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(statSync(httpTokenPath(home)).mode & 0o777, 0o600);
  writeFileSync(httpTokenPath(home), 'not a token\n');
  const c = readOrCreateHttpToken(home);
  assert.notEqual(c, 'not a token');
  assert.equal(readOrCreateHttpToken(home), c);
});

test('the target picker can tell a file with Heatdesk hooks from one without, a missing and a broken one', async () => {
  const dir = tmp();
  const withHooks = join(dir, 'a.json');
  const without = join(dir, 'b.json');
  const broken = join(dir, 'c.json');
  writeFileSync(withHooks, JSON.stringify(installHooks(FOREIGN, { mode: 'command', hooksDir: HOOKS_DIR }).settings));
  writeFileSync(without, JSON.stringify(FOREIGN));
  writeFileSync(broken, '{');
  assert.equal(await hookStatusOf(withHooks, HOOKS_DIR), 'installed');
  assert.equal(await hookStatusOf(without, HOOKS_DIR), 'absent');
  assert.equal(await hookStatusOf(broken, HOOKS_DIR), 'unreadable');
  assert.equal(await hookStatusOf(join(dir, 'none.json'), HOOKS_DIR), 'missing');
});

test('a hooks folder with shell characters in its path still runs the right script, and is recognised', () => {
  const dir = join(tmp(), 'we$HOME ird `x` "q"', 'hooks');
  mkdirSync(dir, { recursive: true });
  const marker = join(dir, '..', 'ran');
  writeFileSync(join(dir, 'pre-tool-use.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'yes')\n`);
  const { settings } = installHooks({}, { mode: 'command', hooksDir: dir });
  const handler = (settings['hooks'] as Record<string, Array<{ hooks: Array<{ command: string }> }>>)['PreToolUse']?.[0]?.hooks[0];
  assert.ok(handler);
  // Claude Code runs a command hook through a shell: do the same.
  const r = spawnSync('sh', ['-c', handler.command], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(marker, 'utf8'), 'yes');
  assert.ok(isHeatdeskHandler(handler, dir));
  assert.deepEqual(uninstallHooks(settings, dir).settings, {});
});

test('node is looked up on PATH the way a shell would (so a missing Node is warned about)', () => {
  const dir = tmp();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'node'), '#!/bin/sh\n', { mode: 0o755 });
  assert.equal(findNodeOnPath({ PATH: `/nonexistent:${bin}` }, 'linux'), join(bin, 'node'));
  assert.equal(findNodeOnPath({ PATH: '/nonexistent' }, 'linux'), undefined);
  assert.equal(findNodeOnPath({}, 'linux'), undefined);
});
