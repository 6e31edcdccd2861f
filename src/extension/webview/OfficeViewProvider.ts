// Host side of the office webview view: serves the strict-CSP page from dist/, validates what the webview
// posts (parseWebviewToHost) and leaves the ordering of what it is sent to OfficeChannel (nothing before
// `ready`, then a snapshot, then live batches).
//
// retainContextWhenHidden stays off: a hidden WebGL scene would keep its GPU context and memory for nothing,
// while rebuilding it is one replay through the reducer (about 65 ms for 100,000 events on this machine), so
// the host re-sends the snapshot whenever the webview comes back and says `ready` again.
import * as vscode from 'vscode';
import type { HeatdeskEvent } from '../../shared/events';
import { parseWebviewToHost, type WebviewSettings } from '../../shared/protocol';
import type { HeatmapState } from '../heatmap/HeatmapState';
import type { Logger } from '../log';
import { OfficeChannel } from './OfficeChannel';
import { officeHtml } from './officeHtml';

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
  private readonly channel: OfficeChannel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly viewDisposables: vscode.Disposable[] = [];
  private readonly readyListeners = new Set<() => void>();

  constructor(private readonly deps: OfficeViewDeps) {
    this.channel = new OfficeChannel({
      post: (msg) => this.view?.webview.postMessage(msg) ?? Promise.resolve(false),
      snapshot: () => ({ ...deps.snapshot(), heatmapEnabled: deps.heatmap.enabled }),
      onPostError: (type, err) => deps.log.warn(`webview: could not post ${type}: ${err instanceof Error ? err.message : String(err)}`),
    });
    this.disposables.push(deps.heatmap.onDidChange((enabled) => this.channel.heatmap(enabled)));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.channel.onGone();
    this.view = view;
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
        // Without retained context a hidden webview is torn down; it says `ready` again when shown.
        if (!view.visible) this.channel.onGone();
      }),
      view.onDidDispose(() => {
        if (this.view !== view) return;
        this.view = undefined;
        this.channel.onGone();
      }),
    );
  }

  /** True once the webview has said `ready` and has not been hidden since. */
  get isReady(): boolean {
    return this.channel.isReady;
  }

  /** Resolves the next time the webview says `ready`. */
  whenReady(): Promise<void> {
    if (this.channel.isReady) return Promise.resolve();
    return new Promise((resolve) => {
      const l = () => {
        this.readyListeners.delete(l);
        resolve();
      };
      this.readyListeners.add(l);
    });
  }

  /** Live events (already filtered to the shown sessions). */
  postEvents(events: readonly HeatdeskEvent[]): void {
    this.channel.events(events);
  }

  resendSnapshot(): void {
    this.channel.resendSnapshot();
  }

  postReset(): void {
    this.channel.reset();
  }

  postStatus(level: 'info' | 'error', message: string): void {
    this.channel.setStatus(level, message);
  }

  clearStatus(): void {
    this.channel.clearStatus();
  }

  /** Shows the office and focuses an agent there; the request waits if the webview is still loading. */
  async focusAgent(agentId: string): Promise<void> {
    this.channel.focus(agentId);
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
        this.channel.onReady();
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

  private disposeView(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
  }

  dispose(): void {
    this.channel.dispose();
    this.disposeView();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.readyListeners.clear();
    this.view = undefined;
  }
}
