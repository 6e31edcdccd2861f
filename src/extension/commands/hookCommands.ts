// Install / Uninstall Claude Code Hooks: pick the settings file (user or a workspace folder's), then the file
// side (installer/HookInstaller.ts) backs it up, merges and says what changed; "Show Changes" opens a diff
// of the backup against the new file.
import * as os from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Container } from '../container';
import { describeChanges, TOKEN_ENV_VAR, type HookPlan } from '../installer/hookSettings';
import {
  copyHookScripts,
  findNodeOnPath,
  hookStatusOf,
  installIntoFile,
  uninstallFromFile,
  userSettingsFile,
  workspaceLocalSettingsFile,
  workspaceSettingsFile,
  type ApplyResult,
} from '../installer/HookInstaller';
import { httpTokenPath, readOrCreateHttpToken } from '../installer/httpToken';
import { Commands } from './ids';

/** Where the hook scripts are copied: a stable folder that extension updates never move. */
export function hooksDirOf(home: string): string {
  return join(home, 'hooks');
}

/** Commands accept `{settingsFile}` so scripts and tests can skip the dialog. */
interface HookCommandArgs {
  settingsFile?: string;
}

function argFile(arg: unknown): string | undefined {
  const f = arg && typeof arg === 'object' ? (arg as HookCommandArgs).settingsFile : undefined;
  return typeof f === 'string' && f.length > 0 ? f : undefined;
}

const STATUS_WORDS = {
  installed: '$(check) has Heatdesk hooks',
  absent: 'no Heatdesk hooks',
  missing: 'file does not exist yet',
  unreadable: '$(warning) cannot be read as JSON',
} as const;

async function pickSettingsFile(title: string, hooksDir: string): Promise<string | undefined> {
  const user = userSettingsFile(process.env, os.homedir());
  const items = [
    { label: 'User settings', description: user, detail: 'Every Claude Code session of this user', file: user },
    ...(vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .flatMap((f) => [
        {
          label: `Workspace ${f.name}: local settings`,
          description: workspaceLocalSettingsFile(f.uri.fsPath),
          detail: 'Only sessions started in this folder; not committed (hook paths point into this machine)',
          file: workspaceLocalSettingsFile(f.uri.fsPath),
        },
        {
          label: `Workspace ${f.name}: shared settings`,
          description: workspaceSettingsFile(f.uri.fsPath),
          detail: 'Only sessions started in this folder; usually committed, so others get these hooks too',
          file: workspaceSettingsFile(f.uri.fsPath),
        },
      ]),
  ];
  const annotated = await Promise.all(
    items.map(async (item) => ({ ...item, label: `${item.label} — ${STATUS_WORDS[await hookStatusOf(item.file, hooksDir)]}` })),
  );
  const pick = await vscode.window.showQuickPick(annotated, { title, placeHolder: 'Which Claude Code settings file?' });
  return pick?.file;
}

async function report(c: Container, verb: string, r: ApplyResult): Promise<void> {
  const lines = describeChanges(r.changes);
  c.log.info(`hooks ${verb} ${r.settingsFile}: ${lines.length ? lines.join(', ') : 'nothing changed'}${r.backupFile ? ` (backup ${r.backupFile})` : ''}`);
  if (!r.written) {
    void vscode.window.showInformationMessage(`Heatdesk hooks: ${r.settingsFile} already says what is needed; nothing changed.`);
    return;
  }
  const summary = `Heatdesk hooks ${verb} ${r.settingsFile}: ${lines.length} change${lines.length === 1 ? '' : 's'} (${lines.join(', ')}).${r.backupFile ? ` Backup: ${r.backupFile}` : ''}`;
  const actions = r.backupFile ? ['Show Changes', 'Open File'] : ['Open File'];
  const choice = await vscode.window.showInformationMessage(summary, ...actions);
  const file = vscode.Uri.file(r.settingsFile);
  if (choice === 'Show Changes' && r.backupFile) {
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(r.backupFile), file, 'Claude Code settings: before ↔ after Heatdesk');
  } else if (choice === 'Open File') {
    await vscode.window.showTextDocument(file);
  }
}

function fail(c: Container, what: string, err: unknown): void {
  const msg = err instanceof Error ? err.message : String(err);
  c.log.error(`hooks: ${what} failed: ${msg}`);
  void vscode.window.showErrorMessage(`Heatdesk could not ${what}: ${msg}`);
}

async function httpPlan(c: Container, hooksDir: string): Promise<HookPlan | undefined> {
  const feed = c.feed;
  if (!feed) {
    void vscode.window.showErrorMessage('Heatdesk http hooks need the ingest server running; it is not (see the Heatdesk log).');
    return undefined;
  }
  if (c.config.port === 0) {
    const port = new URL(feed.url).port;
    const choice = await vscode.window.showWarningMessage(
      `http hooks send to a fixed URL, but heatdesk.port is 0 (any free port), so the URL changes on every start. Pin the current port ${port}?`,
      { modal: true },
      `Pin port ${port}`,
    );
    if (!choice) return undefined;
    await vscode.workspace.getConfiguration('heatdesk').update('port', Number(port), vscode.ConfigurationTarget.Global);
  }
  if (feed.token !== readOrCreateHttpToken(c.home)) {
    void vscode.window.showErrorMessage('The ingest server has not picked up heatdesk.hooks.installMode = "http" yet; reload the window and try again.');
    return undefined;
  }
  return { mode: 'http', hooksDir, url: feed.url };
}

/** Tells the user how Claude Code gets the token, with the line to put in their shell profile. */
async function explainHttpToken(c: Container): Promise<void> {
  const line = `export ${TOKEN_ENV_VAR}="$(cat '${httpTokenPath(c.home)}')"`;
  const choice = await vscode.window.showWarningMessage(
    `Heatdesk http hooks authenticate with the ${TOKEN_ENV_VAR} environment variable. Set it in the shell that starts Claude Code, e.g. in your shell profile: ${line}. Events sent while no VS Code window is open are lost.`,
    'Copy Line',
  );
  if (choice === 'Copy Line') await vscode.env.clipboard.writeText(line);
}

export function registerHookCommands(c: Container): vscode.Disposable[] {
  const install = vscode.commands.registerCommand(Commands.InstallHooks, async (arg?: unknown) => {
    const file = argFile(arg) ?? (await pickSettingsFile('Install Claude Code Hooks', hooksDirOf(c.home)));
    if (!file) return undefined;
    const hooksDir = hooksDirOf(c.home);
    try {
      let plan: HookPlan | undefined;
      if (c.config.hooks.installMode === 'http') {
        plan = await httpPlan(c, hooksDir);
        if (!plan) return undefined;
      } else {
        const copied = await copyHookScripts(join(c.context.extensionUri.fsPath, 'dist', 'hooks'), hooksDir);
        c.log.info(`hooks: copied ${copied.length} scripts to ${hooksDir}`);
        plan = { mode: 'command', hooksDir, posixShell: process.platform !== 'win32' };
        if (!findNodeOnPath(process.env)) {
          const msg = 'Heatdesk\'s command hooks run `node`, which is not on the PATH VS Code sees. If Claude Code cannot find it either, every event shows a hook error: install Node.js, or set heatdesk.hooks.installMode to "http".';
          c.log.warn(`hooks: ${msg}`);
          void vscode.window.showWarningMessage(msg);
        }
      }
      const r = await installIntoFile(file, plan);
      void report(c, 'installed in', r);
      if (plan.mode === 'http') void explainHttpToken(c);
      return r;
    } catch (err) {
      fail(c, 'install the hooks', err);
      return undefined;
    }
  });
  const uninstall = vscode.commands.registerCommand(Commands.UninstallHooks, async (arg?: unknown) => {
    const file = argFile(arg) ?? (await pickSettingsFile('Uninstall Claude Code Hooks', hooksDirOf(c.home)));
    if (!file) return undefined;
    try {
      const r = await uninstallFromFile(file, hooksDirOf(c.home));
      void report(c, 'removed from', r);
      return r;
    } catch (err) {
      fail(c, 'uninstall the hooks', err);
      return undefined;
    }
  });
  return [install, uninstall];
}
