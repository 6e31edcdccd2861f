// Types for demo/player.mjs, so the e2e tests drive the real hook scripts the same way the demo does.
export interface TokenTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  responses: number;
}
export interface UsageStep {
  blocks?: Array<'thinking' | 'text' | 'tool_use'>;
  in?: number;
  cw?: number;
  cr?: number;
  out?: number;
}
export interface Recording {
  meta: { title?: string; models?: Record<string, string>; agentTypes?: Record<string, string> };
  steps: Array<Record<string, unknown> & { t: string }>;
}
export const DEFAULT_RECORDING: string;
export function hookScriptName(hookEventName: string): string;
export function projectDirName(cwd: string): string;
export function readRecording(file?: string): Recording;
export class SessionSimulator {
  constructor(opts: {
    hooksDir: string;
    claudeConfigDir: string;
    cwd: string;
    env?: Record<string, string>;
    sessionId?: string;
    models?: Record<string, string>;
    agentTypes?: Record<string, string>;
  });
  readonly sessionId: string;
  transcriptPath(agent: string): string;
  totals(agent: string): TokenTotals;
  usage(agent: string, step: UsageStep): void;
  compact(agent: string, preTokens: number): void;
  hook(hookEventName: string, agent: string, fields?: Record<string, unknown>): Promise<void>;
}
export function playRecording(opts: {
  recording: Recording;
  hooksDir: string;
  claudeConfigDir: string;
  cwd: string;
  env?: Record<string, string>;
  speed?: number;
  signal?: AbortSignal;
  log?: (message: string) => void;
}): Promise<SessionSimulator>;
