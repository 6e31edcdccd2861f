// The host's half of the office conversation, without the editor: nothing is sent before the webview says
// `ready`; then one `snapshot`, any status and focus request that waited, and after that live events in
// batches. Pure (the caller supplies `post`), so the ordering rules are unit-tested.
import type { HeatdeskEvent } from '../../shared/events';
import type { HostToWebview, WebviewSettings } from '../../shared/protocol';

/** Live events per message: small enough that one busy agent never stalls the webview's frame. */
export const LIVE_BATCH_SIZE = 250;
/** Live events that arrive together are sent together after this short pause. */
export const LIVE_FLUSH_MS = 50;

export interface OfficeChannelDeps {
  /** Delivers a message; resolves false when the webview is gone (it will say `ready` again if it returns). */
  post(msg: HostToWebview): Thenable<boolean>;
  /** The shown sessions' stored events and the settings the webview's model needs. */
  snapshot(): { events: HeatdeskEvent[]; heatmapEnabled: boolean; settings: WebviewSettings };
  onPostError?(type: HostToWebview['type'], err: unknown): void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class OfficeChannel {
  private ready = false;
  private live: HeatdeskEvent[] = [];
  private timer: unknown;
  private pendingFocus: string | undefined;
  private status: Extract<HostToWebview, { type: 'status' }> | undefined;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: OfficeChannelDeps) {
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The webview said `ready` (first load, or again after being re-created): send it everything. */
  onReady(): void {
    this.ready = true;
    // Everything stored so far is in the snapshot; live events queued before it would count twice.
    this.cancelFlush();
    this.live = [];
    const { events, heatmapEnabled, settings } = this.deps.snapshot();
    this.send({ type: 'snapshot', events, heatmapEnabled, settings });
    if (this.status) this.send(this.status);
    if (this.pendingFocus) {
      this.send({ type: 'focusAgent', agentId: this.pendingFocus });
      this.pendingFocus = undefined;
    }
  }

  /** Hidden or disposed: messages would be lost; the next `ready` brings a new snapshot. */
  onGone(): void {
    this.ready = false;
    this.cancelFlush();
    this.live = [];
  }

  /** Live events; dropped while not ready, because the next snapshot holds them. */
  events(events: readonly HeatdeskEvent[]): void {
    if (!this.ready || events.length === 0) return;
    this.live.push(...events);
    this.timer ??= this.setTimer(() => this.flush(), LIVE_FLUSH_MS);
  }

  /** Everything changed (settings, folders, a restarted feed): start the webview over. */
  resendSnapshot(): void {
    if (this.ready) this.onReady();
  }

  reset(): void {
    this.cancelFlush();
    this.live = [];
    this.send({ type: 'reset' });
  }

  heatmap(enabled: boolean): void {
    this.send({ type: 'heatmap', enabled });
  }

  /** A status that also reaches a webview loaded later (until cleared). */
  setStatus(level: 'info' | 'error', message: string): void {
    this.status = { type: 'status', level, message: message.slice(0, 2000) };
    this.send(this.status);
  }

  clearStatus(): void {
    this.status = undefined;
  }

  /** Focus now when ready, else right after the next snapshot. */
  focus(agentId: string): void {
    if (this.ready) this.send({ type: 'focusAgent', agentId });
    else this.pendingFocus = agentId;
  }

  dispose(): void {
    this.onGone();
  }

  private flush(): void {
    this.timer = undefined;
    const events = this.live;
    this.live = [];
    for (let i = 0; i < events.length; i += LIVE_BATCH_SIZE) this.send({ type: 'events', events: events.slice(i, i + LIVE_BATCH_SIZE) });
  }

  private cancelFlush(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private send(msg: HostToWebview): void {
    if (!this.ready) return;
    this.deps.post(msg).then(
      (delivered) => {
        if (!delivered) this.onGone();
      },
      (err: unknown) => this.deps.onPostError?.(msg.type, err),
    );
  }
}
