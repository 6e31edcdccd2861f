// The one contract between the extension host and the office webview. Both sides import this file and
// nothing else of each other. Every message is validated on arrival (postMessage data is `unknown`).
import { z } from 'zod';
import type { HeatdeskEvent } from './events';
import { HeatdeskEventSchema } from './validation';

export interface WebviewSettings {
  /** Stale-agent timeout in ms (0 = never). */
  staleAgentTimeoutMs: number;
  /** Context window overrides by model id prefix. */
  contextWindows: Record<string, number>;
  /** Price overrides (USD per million tokens) by model id prefix or family: the heatdesk.prices setting. */
  prices?: Record<string, Partial<Record<'input' | 'output' | 'cacheRead' | 'cacheWrite5m' | 'cacheWrite1h', number>>>;
  /** What heat measures (heatdesk.metricMode): 'auto' is the seed's formula (tokens when > 0, else activity). */
  metricMode?: 'auto' | 'tokens' | 'activity';
}

export type HostToWebview =
  /** Sent once after `ready`: the stored events to replay through processEvent, then live batches follow. */
  | { type: 'snapshot'; events: HeatdeskEvent[]; heatmapEnabled: boolean; settings: WebviewSettings }
  | { type: 'events'; events: HeatdeskEvent[] }
  | { type: 'heatmap'; enabled: boolean }
  | { type: 'focusAgent'; agentId: string }
  | { type: 'reset' }
  | { type: 'status'; level: 'info' | 'error'; message: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'setHeatmap'; enabled: boolean }
  | { type: 'agentSelected'; agentId: string | null }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

const settingsSchema = z.object({
  staleAgentTimeoutMs: z.number().nonnegative(),
  contextWindows: z.record(z.string(), z.number().positive()),
  prices: z
    .record(
      z.string(),
      z.object({
        input: z.number().nonnegative().optional(),
        output: z.number().nonnegative().optional(),
        cacheRead: z.number().nonnegative().optional(),
        cacheWrite5m: z.number().nonnegative().optional(),
        cacheWrite1h: z.number().nonnegative().optional(),
      }),
    )
    .optional(),
  metricMode: z.enum(['auto', 'tokens', 'activity']).optional(),
});

const hostToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), events: z.array(HeatdeskEventSchema), heatmapEnabled: z.boolean(), settings: settingsSchema }),
  z.object({ type: z.literal('events'), events: z.array(HeatdeskEventSchema) }),
  z.object({ type: z.literal('heatmap'), enabled: z.boolean() }),
  z.object({ type: z.literal('focusAgent'), agentId: z.string().max(128) }),
  z.object({ type: z.literal('reset') }),
  z.object({ type: z.literal('status'), level: z.enum(['info', 'error']), message: z.string().max(2000) }),
]);

const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('setHeatmap'), enabled: z.boolean() }),
  z.object({ type: z.literal('agentSelected'), agentId: z.string().max(128).nullable() }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string().max(2000) }),
]);

export function parseHostToWebview(data: unknown): HostToWebview | null {
  const r = hostToWebviewSchema.safeParse(data);
  return r.success ? (r.data as HostToWebview) : null;
}

export function parseWebviewToHost(data: unknown): WebviewToHost | null {
  const r = webviewToHostSchema.safeParse(data);
  return r.success ? (r.data as WebviewToHost) : null;
}
