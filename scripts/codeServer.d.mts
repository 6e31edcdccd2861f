// Types for scripts/codeServer.mjs, so the TypeScript test tiers can share the launcher with `npm start`.
import type { ChildProcess } from 'node:child_process';

export interface ToolsManifest {
  node: string;
  nodeVersion: string;
  codeServerRoot: string;
  codeServerEntry: string;
  codeServerVersion: string;
  vscodeServerMain: string;
  vscodeVersion: string;
}

export interface Profile {
  base: string;
  userDataDir: string;
  extensionsDir: string;
  xdgConfig: string;
  xdgData: string;
  configFile: string;
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

export const CHROMIUM_ARGS: string[];
export function readTools(): ToolsManifest;
export function chromiumPath(): string;
export function freePort(): Promise<number>;
export function makeProfile(base: string): Profile;
export function writeUserSettings(profile: Profile, extra?: Record<string, unknown>): void;
export function codeServerEnv(profile: Profile, extraEnv?: Record<string, string>): NodeJS.ProcessEnv;
export function installVsix(tools: ToolsManifest, profile: Profile, vsix: string): string;
export function stopGroup(child: ChildProcess): Promise<void>;
export function startCodeServer(opts: {
  tools: ToolsManifest;
  profile: Profile;
  folder: string;
  port?: number;
  env?: Record<string, string>;
  logFile?: string;
  /** Called right after the process starts, with a function that stops it (for interrupted starts). */
  onSpawn?: (stop: () => Promise<void>) => void;
}): Promise<RunningServer & { url: string }>;
export function startVsCodeServer(opts: {
  tools: ToolsManifest;
  profile: Profile;
  env?: Record<string, string>;
  logFile?: string;
  onSpawn?: (stop: () => Promise<void>) => void;
}): Promise<RunningServer & { testUrl(extensionDir: string, testsIndex: string, folder: string): string }>;
