// The file side of the hook installer (no editor needed, so tests run it on temp folders): copies the hook
// scripts to a stable folder, then reads, checks, backs up and atomically rewrites a Claude Code settings
// file with the pure merge of hookSettings.ts. A file it cannot parse is refused and left untouched.
import { accessSync, constants as fsConstants, promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { HOOK_SCRIPTS } from '../../shared/hookMapping';
import { writeFileAtomic } from '../store/writeFileAtomic';
import {
  formatSettings,
  installHooks,
  parseSettingsText,
  uninstallHooks,
  type HookChange,
  type HookPlan,
  type MergeResult,
} from './hookSettings';

export interface ApplyResult {
  settingsFile: string;
  changes: HookChange[];
  /** False when the file already said what Heatdesk wanted (nothing written, no backup made). */
  written: boolean;
  /** The copy of the previous content, when the file existed and was rewritten. */
  backupFile?: string;
}

/** The settings file could not be used; `message` says which file and why, and nothing was written. */
export class InstallRefusedError extends Error {
  override readonly name = 'InstallRefusedError';
}

/** Claude Code's user settings: `$CLAUDE_CONFIG_DIR/settings.json`, else `~/.claude/settings.json`. */
export function userSettingsFile(env: Readonly<Record<string, string | undefined>>, userHome: string): string {
  const dir = env['CLAUDE_CONFIG_DIR'];
  return join(dir && dir.trim() !== '' ? dir : join(userHome, '.claude'), 'settings.json');
}

/** A project's shared settings, as Claude Code reads them from the folder it runs in (usually committed). */
export function workspaceSettingsFile(folder: string): string {
  return join(folder, '.claude', 'settings.json');
}

/** A project's personal settings (Claude Code keeps this file out of git): the better place for hook paths
 *  that point into this machine's HEATDESK_HOME. */
export function workspaceLocalSettingsFile(folder: string): string {
  return join(folder, '.claude', 'settings.local.json');
}

/** `20261204-211530`: sortable, and safe in a file name on every platform. */
function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

/**
 * Copies every built hook script (`dist/hooks/<name>.js`) into `destDir`, each by atomic rename so a hook
 * Claude Code starts meanwhile never reads half a file. Extension updates then never break installed paths.
 */
export async function copyHookScripts(sourceDir: string, destDir: string): Promise<string[]> {
  const names = Object.values(HOOK_SCRIPTS).map((s) => `${s}.js`);
  const missing: string[] = [];
  for (const n of names) {
    try {
      await fsp.access(join(sourceDir, n));
    } catch {
      missing.push(n);
    }
  }
  if (missing.length) {
    throw new InstallRefusedError(`hook scripts missing from ${sourceDir}: ${missing.join(', ')} (is the extension built?)`);
  }
  await fsp.mkdir(destDir, { recursive: true, mode: 0o700 });
  for (const n of names) {
    await writeFileAtomic(join(destDir, n), await fsp.readFile(join(sourceDir, n)), 0o644);
  }
  return names.map((n) => join(destDir, n));
}

async function applyToSettingsFile(settingsFile: string, merge: (settings: unknown) => MergeResult, now: Date): Promise<ApplyResult> {
  let text = '';
  let mode = 0o600;
  let exists = true;
  try {
    text = await fsp.readFile(settingsFile, 'utf8');
    mode = (await fsp.stat(settingsFile)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new InstallRefusedError(`cannot read ${settingsFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
    exists = false;
  }
  const parsed = parseSettingsText(text);
  if (!parsed.ok) throw new InstallRefusedError(`${settingsFile} was left untouched: ${parsed.error}. Fix or move it, then try again.`);
  let result: MergeResult;
  try {
    result = merge(parsed.value);
  } catch (err) {
    throw new InstallRefusedError(`${settingsFile} was left untouched: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!result.changed) return { settingsFile, changes: result.changes, written: false };

  let backupFile: string | undefined;
  if (exists) {
    backupFile = `${settingsFile}.heatdesk-${stamp(now)}.bak`;
    // COPYFILE_EXCL: two runs in the same second must not overwrite the first (older) backup.
    await fsp.copyFile(settingsFile, backupFile, fsp.constants.COPYFILE_EXCL).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST' || !backupFile) throw err;
      backupFile = `${settingsFile}.heatdesk-${stamp(now)}-${process.pid}-${Date.now() % 1000}.bak`;
      await fsp.copyFile(settingsFile, backupFile, fsp.constants.COPYFILE_EXCL);
    });
  } else {
    await fsp.mkdir(dirname(settingsFile), { recursive: true });
  }
  await writeFileAtomic(settingsFile, Buffer.from(formatSettings(result.settings, text), 'utf8'), mode);
  return { settingsFile, changes: result.changes, written: true, ...(backupFile ? { backupFile } : {}) };
}

/**
 * The `node` Claude Code's shell would find, if any: command hooks run `node "<script>"`, so a machine
 * without Node on PATH would show a hook error for every event. (The editor's PATH can differ from the
 * user's shell; this is a warning, not a refusal.)
 */
export function findNodeOnPath(env: Readonly<Record<string, string | undefined>>, platform: string = process.platform): string | undefined {
  const sep = platform === 'win32' ? ';' : ':';
  const names = platform === 'win32' ? ['node.exe', 'node.cmd', 'node'] : ['node'];
  for (const dir of (env['PATH'] ?? env['Path'] ?? '').split(sep)) {
    if (!dir) continue;
    for (const n of names) {
      const p = join(dir, n);
      try {
        accessSync(p, fsConstants.X_OK);
        return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** What a settings file holds now, for the target picker: Heatdesk's hooks or not, or why it cannot tell. */
export async function hookStatusOf(settingsFile: string, hooksDir: string): Promise<'installed' | 'absent' | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await fsp.readFile(settingsFile, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  const parsed = parseSettingsText(text);
  if (!parsed.ok) return 'unreadable';
  try {
    return uninstallHooks(parsed.value, hooksDir).changed ? 'installed' : 'absent';
  } catch {
    return 'unreadable';
  }
}

/** Installs Heatdesk's hooks into one settings file (copy the scripts first with copyHookScripts). */
export function installIntoFile(settingsFile: string, plan: HookPlan, now = new Date()): Promise<ApplyResult> {
  return applyToSettingsFile(settingsFile, (s) => installHooks(s, plan), now);
}

/** Removes Heatdesk's hooks (either mode) from one settings file; other entries stay as they were. */
export function uninstallFromFile(settingsFile: string, hooksDir: string, now = new Date()): Promise<ApplyResult> {
  return applyToSettingsFile(settingsFile, (s) => uninstallHooks(s, hooksDir), now);
}
