// Host side of the office webview view. It serves the strict-CSP page from dist/, holds every message until
// the webview says `ready`, then sends one `snapshot` (the shown sessions' stored events, the heatmap state,
// the settings) and streams live events in small batches. Messages from the webview are `unknown` until
// parseWebviewToHost accepts them.
//
// retainContextWhenHidden stays off: a hidden WebGL scene would keep its GPU context and memory for nothing,
// while rebuilding it is one replay through the reducer (well under a second for 100,000 events), so the
// host re-sends the snapshot whenever the webview comes back and says `ready` again.
import * as vscode from 'vscode';
import type { HeatdeskEvent } from '../../shared/events';
import { parseWebviewToHost, type HostToWebview, type WebviewSettings } from '../../shared/protocol';
import type { HeatmapState } from '../heatmap/HeatmapState';
import type { Logger } from '../log';
import { officeHtml } from './officeHtml';

/** Live events per message: small enough that one busy agent never stalls the webview's frame. */
export const LIVE_BATCH_SIZE = 250;
/** Live events that arrive together are sent together after this short pause. */
const LIVE_FLUSH_MS = 50;

export interface OfficeViewDeps {
  extensionUri: vscode.Uri;
  log: Logger;
  heatmap: HeatmapState;
  /** The shown sessions' stored events and the settings the webview's own model needs. */
  snapshot(): { events: HeatdeskEvent[]; settings: WebviewSettings };
  /** A desk was clicked in the scene (null: selection cleared). */
  onAgentSelected(agentId: string | null): void;
}

export class OfficeViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private live: HeatdeskEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private pendingFocus: string | undefined;
  private lastStatus: Extract<HostToWebview, { type: 'status' }> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly viewDisposables: vscode.Disposable[] = [];
  private readonly readyListeners = new Set<() => void>();

  constructor(private readonly deps: OfficeViewDeps) {
    this.disposables.push(deps.heatmap.onDidChange((enabled) => this.post({ type: 'heatmap', enabled })));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const asUri = (...parts: string[]) => view.webview.asWebviewUri(vscode.Uri.joinPath(dist, ...parts)).toString();
    view.webview.html = officeHtml({
      cspSource: view.webview.cspSource,
      scriptUri: asUri('webview', 'main.js'),
      styleUri: asUri('webview', 'main.css'),
      mediaUri: asUri('media'),
    });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      view.onDidChangeVisibility(() => {
        // Without retained context a hidden webview is torn down; it will say `ready` again when shown.
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  /** True once the webview has said `ready` and has not been hidden since. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Resolves the next time the webview says `ready` (tests, and focus requests made while it loads). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => {
      const l = () => {
        this.readyListeners.delete(l);
        resolve();
      };
      this.readyListeners.add(l);
    });
  }

  /** Live events (already filtered to the shown sessions). Dropped while not ready: the snapshot covers them. */
  postEvents(events: readonly HeatdeskEvent[]): void {
    if (!this.ready || events.length === 0) return;
    this.live.push(...events);
    this.flushTimer ??= setTimeout(() => this.flush(), LIVE_FLUSH_MS);
  }

  /** Everything changed (reset, settings or folders): the webview starts over from a new snapshot. */
  resendSnapshot(): void {
    if (this.ready) this.sendSnapshot();
  }

  postReset(): void {
    this.live = [];
    this.post({ type: 'reset' });
  }

  postStatus(level: 'info' | 'error', message: string): void {
    this.lastStatus = { type: 'status', level, message: message.slice(0, 2000) };
    this.post(this.lastStatus);
  }

  clearStatus(): void {
    this.lastStatus = undefined;
  }

  /** Shows the office and focuses an agent there; the request waits if the webview is still loading. */
  async focusAgent(agentId: string): Promise<void> {
    if (this.view && this.ready) {
      this.view.show(true);
      this.post({ type: 'focusAgent', agentId });
      return;
    }
    this.pendingFocus = agentId;
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand('heatdesk.office.focus');
  }

  private receive(data: unknown): void {
    const msg = parseWebviewToHost(data);
    if (!msg) {
      this.deps.log.warn('webview: ignored a message that is not part of the protocol');
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        for (const l of [...this.readyListeners]) l();
        return;
      case 'setHeatmap':
        void this.deps.heatmap.set(msg.enabled);
        return;
      case 'agentSelected':
        this.deps.onAgentSelected(msg.agentId);
        return;
      case 'log':
        this.deps.log[msg.level](`webview: ${msg.message}`);
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private sendSnapshot(): void {
    // Everything stored so far is in the snapshot; live events queued before it would be sent twice.
    this.live = [];
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const { events, settings } = this.deps.snapshot();
    this.post({ type: 'snapshot', events, heatmapEnabled: this.deps.heatmap.enabled, settings });
    if (this.lastStatus) this.post(this.lastStatus);
    if (this.pendingFocus) {
      this.post({ type: 'focusAgent', agentId: this.pendingFocus });
      this.pendingFocus = undefined;
    }
  }

  private flush(): void {
    this.flushTimer = undefined;
    const events = this.live;
    this.live = [];
    for (let i = 0; i < events.length; i += LIVE_BATCH_SIZE) {
      this.post({ type: 'events', events: events.slice(i, i + LIVE_BATCH_SIZE) });
    }
  }

  private post(msg: HostToWebview): void {
    if (!this.view || !this.ready) return;
    this.view.webview.postMessage(msg).then(
      (delivered) => {
        if (!delivered) this.ready = false;
      },
      (err: unknown) => this.deps.log.warn(`webview: could not post ${msg.type}: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private disposeView(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.disposeView();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.readyListeners.clear();
    this.view = undefined;
  }
}
