// Owns every part of the extension: builds them in order, hands each its dependencies, wires the one-way
// flow (feed → model → tree / status bar / office) and disposes everything in reverse order. The event feed
// starts after activation has returned, so activation itself stays cheap.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { HeatdeskEvent } from '../shared/events';
import { resolveHeatdeskHome } from '../shared/ingestInfo';
import type { WebviewSettings } from '../shared/protocol';
import { CONTEXT_HEATMAP_ENABLED, CONTEXT_INGEST_FAILED, Views } from './commands/ids';
import { CONFIG_SECTION, RESTART_KEYS, readConfig, type Config, type ConfigKey } from './config';
import { startEventFeed, type EventFeed } from './feed/startEventFeed';
import { HeatmapState } from './heatmap/HeatmapState';
import { readOrCreateHttpToken } from './installer/httpToken';
import type { Logger } from './log';
import { AgentsModel } from './model/AgentsModel';
import { createSessionFilter } from './model/sessionFilter';
import { StatusBarController } from './statusBar/StatusBarController';
import { AgentsTreeProvider } from './tree/AgentsTreeProvider';
import { OfficeViewProvider } from './webview/OfficeViewProvider';

/** Tree and status bar redraw at most this often while events stream in. */
const REFRESH_MS = 250;
const CLEANUP_EVERY_MS = 60_000;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class Container implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly log: Logger;
  readonly home: string;
  config: Readonly<Config>;
  readonly heatmap: HeatmapState;
  readonly model: AgentsModel;
  readonly tree: AgentsTreeProvider;
  readonly treeView: vscode.TreeView<string>;
  readonly office: OfficeViewProvider;
  readonly statusBar: StatusBarController;
  private feedValue: EventFeed | undefined;
  private feedError: string | undefined;
  private unsubscribeFeed: (() => void) | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private lastRefresh = 0;
  private starting: Promise<void> | undefined;
  /** Set once closing starts: a feed that finishes starting after that closes itself at once. */
  private disposed = false;
  private partsDisposed = false;
  private closing: Promise<void> | undefined;
  private restartChain: Promise<void> = Promise.resolve();
  private restartQueued = false;

  constructor(readonly context: vscode.ExtensionContext) {
    this.channel = this.own(vscode.window.createOutputChannel('Heatdesk', { log: true }));
    const ch = this.channel;
    this.log = { info: (m) => ch.info(m), warn: (m) => ch.warn(m), error: (m) => ch.error(m) };
    this.home = resolveHeatdeskHome(process.env, os.homedir());
    this.config = this.readConfig();

    this.heatmap = this.own(
      new HeatmapState(context.globalState, this.config.heatmap.enabledAtStart, (on) =>
        vscode.commands.executeCommand('setContext', CONTEXT_HEATMAP_ENABLED, on),
      ),
    );
    this.model = new AgentsModel({ config: this.config, folders: this.folders(), heatmapEnabled: this.heatmap.enabled });
    this.tree = this.own(new AgentsTreeProvider(this.model));
    this.treeView = this.own(vscode.window.createTreeView(Views.Agents, { treeDataProvider: this.tree, showCollapseAll: true }));
    this.office = this.own(
      new OfficeViewProvider({
        extensionUri: context.extensionUri,
        log: this.log,
        heatmap: this.heatmap,
        snapshot: () => ({ events: this.shownEvents(), settings: this.webviewSettings() }),
        onAgentSelected: (id) => this.revealInTree(id),
      }),
    );
    this.own(vscode.window.registerWebviewViewProvider(Views.Office, this.office));
    this.statusBar = this.own(new StatusBarController(this.model));

    this.own(
      this.heatmap.onDidChange((on) => {
        this.model.setHeatmapEnabled(on);
        this.log.info(`heatmap ${on ? 'on' : 'off'}`);
        this.refreshNow();
      }),
    );
    this.own(vscode.workspace.onDidChangeConfiguration((e) => this.onConfigChange(e)));
    this.own(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (this.config.sessions.show === 'workspace') this.reload();
      }),
    );
    const cleanup = setInterval(() => this.cleanupStale(), CLEANUP_EVERY_MS);
    this.own({ dispose: () => clearInterval(cleanup) });
    this.own({ dispose: () => this.refreshTimer && clearTimeout(this.refreshTimer) });
    this.tree.refresh();
  }

  /** Registers a disposable to be disposed, in reverse order, with the container. */
  own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  get feed(): EventFeed | undefined {
    return this.feedValue;
  }

  /** Why the feed is not running, when it failed to start. */
  get feedProblem(): string | undefined {
    return this.feedError;
  }

  /** Starts the event feed (once; later calls wait for the same start). Never rejects. */
  start(): Promise<void> {
    this.starting ??= this.startFeed();
    return this.starting;
  }

  private async startFeed(): Promise<void> {
    const dataDir = this.context.globalStorageUri.fsPath;
    try {
      await vscode.workspace.fs.createDirectory(this.context.globalStorageUri);
      const started = Date.now();
      const feed = await startEventFeed({
        dataDir,
        home: this.home,
        config: this.config,
        log: this.log,
        ...(process.env['CLAUDE_CONFIG_DIR'] ? { claudeConfigDir: process.env['CLAUDE_CONFIG_DIR'] } : {}),
        // http hooks carry a fixed token (see installer/httpToken.ts); command hooks read ingest.json.
        ...(this.config.hooks.installMode === 'http' ? { token: readOrCreateHttpToken(this.home) } : {}),
      });
      if (this.disposed) {
        await feed.close();
        return;
      }
      const recovered = this.feedError !== undefined;
      this.feedValue = feed;
      this.feedError = undefined;
      void vscode.commands.executeCommand('setContext', CONTEXT_INGEST_FAILED, false);
      this.statusBar.setError(undefined);
      // Replace the error the office shows; later snapshots carry no status at all.
      if (recovered) this.office.postStatus('info', 'Heatdesk is receiving events again.');
      this.office.clearStatus();
      this.log.info(
        `ingest ready in ${Date.now() - started} ms at ${feed.url} (${feed.role === 'leader' ? `this window leads; data: ${dataDir}` : 'following the window that leads'})`,
      );
      const unsubscribers = [
        feed.onEvents((events) => this.onLiveEvents(events)),
        // Reset Metrics in any window empties the one store: every window clears its views.
        feed.onReset(() => this.clearViews()),
        feed.onRoleChange((role) => this.log.info(`ingest: this window now ${role === 'leader' ? 'leads (the previous leader left)' : 'follows'}`)),
      ];
      this.unsubscribeFeed = () => unsubscribers.forEach((off) => off());
      this.model.load(feed.allEvents(), { config: this.config, folders: this.folders() });
      this.office.resendSnapshot();
      this.refreshNow();
    } catch (err) {
      this.feedError = errorText(err);
      this.log.error(`ingest could not start: ${this.feedError}`);
      void vscode.commands.executeCommand('setContext', CONTEXT_INGEST_FAILED, true);
      this.statusBar.setError(this.feedError);
      this.office.postStatus('error', `Heatdesk is not receiving events: ${this.feedError}`);
      void vscode.window
        .showErrorMessage(`Heatdesk could not start its ingest server: ${this.feedError}`, 'Show Log', 'Open Settings')
        .then((choice) => {
          if (choice === 'Show Log') this.channel.show(true);
          if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'heatdesk.');
        });
    }
  }

  /**
   * Restarts run one at a time (two settings saved together must not start two servers), and a restart
   * asked for while one is still queued joins it: the queued one reads the newest settings anyway.
   */
  private restartFeed(): Promise<void> {
    if (this.restartQueued) return this.restartChain;
    this.restartQueued = true;
    this.restartChain = this.restartChain.then(async () => {
      this.restartQueued = false;
      await this.starting;
      if (this.disposed) return;
      this.unsubscribeFeed?.();
      this.unsubscribeFeed = undefined;
      const old = this.feedValue;
      this.feedValue = undefined;
      if (old) await old.close().catch((err: unknown) => this.log.error(`ingest close failed: ${errorText(err)}`));
      this.starting = this.startFeed();
      await this.starting;
    });
    return this.restartChain;
  }

  private onLiveEvents(events: HeatdeskEvent[]): void {
    const shown = this.model.apply(events);
    if (shown.length === 0) return;
    this.office.postEvents(shown);
    this.scheduleRefresh();
  }

  /** Deletes every stored event and clears every view. */
  async resetMetrics(): Promise<void> {
    if (this.feedValue) await this.feedValue.reset();
    this.clearViews();
    this.log.info('metrics reset: stored events deleted');
  }

  private clearViews(): void {
    this.model.reset();
    this.office.postReset();
    this.refreshNow();
  }

  /** Leading + trailing throttle: the first change shows at once, a stream of them at most every REFRESH_MS. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    const wait = Math.max(0, this.lastRefresh + REFRESH_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refreshNow();
    }, wait);
  }

  /** Redraws the tree rows that changed and the status bar now. */
  refreshNow(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.lastRefresh = Date.now();
    this.tree.refresh();
    this.statusBar.refresh();
  }

  private cleanupStale(): void {
    const staleMs = this.config.staleAgentTimeoutMinutes * 60_000;
    if (this.model.cleanup(Date.now(), staleMs).length) this.scheduleRefresh();
  }

  /** The shown sessions' stored events (what a new webview replays). */
  shownEvents(): HeatdeskEvent[] {
    if (!this.feedValue) return [];
    const all = this.feedValue.allEvents();
    if (this.config.sessions.show === 'all') return all;
    const filter = createSessionFilter(this.config.sessions.show, this.folders());
    return all.filter((e) => filter.accept(e));
  }

  webviewSettings(): WebviewSettings {
    return {
      staleAgentTimeoutMs: this.config.staleAgentTimeoutMinutes * 60_000,
      contextWindows: { ...this.config.contextWindows },
      prices: structuredClone(this.config.prices),
      metricMode: this.config.metricMode,
    };
  }

  folders(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  private readConfig(): Readonly<Config> {
    const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const { config, problems } = readConfig((key) => section.get(key));
    for (const p of problems) this.log.warn(`settings: ${p}`);
    return config;
  }

  /** Rebuilds the model and the office from the store (settings or folders changed what is shown). */
  private reload(): void {
    this.model.load(this.feedValue?.allEvents() ?? [], { config: this.config, folders: this.folders() });
    this.office.resendSnapshot();
    this.refreshNow();
  }

  private onConfigChange(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(CONFIG_SECTION)) return;
    const before = this.config;
    this.config = this.readConfig();
    const changed = (key: ConfigKey) => e.affectsConfiguration(`${CONFIG_SECTION}.${key}`);
    if (changed('heatmap.enabledAtStart') && before.heatmap.enabledAtStart !== this.config.heatmap.enabledAtStart) {
      void this.heatmap.set(this.config.heatmap.enabledAtStart);
    }
    if (RESTART_KEYS.some(changed) && this.starting) {
      this.log.info('settings changed: restarting the ingest server');
      void this.restartFeed();
      return;
    }
    if (changed('contextWindows') || changed('prices') || changed('metricMode') || changed('sessions.show') || changed('staleAgentTimeoutMinutes')) {
      this.reload();
    }
  }

  private revealInTree(agentId: string | null): void {
    if (!agentId || !this.tree.itemModel(agentId) || !this.treeView.visible) return;
    this.treeView.reveal(agentId, { select: true, focus: false, expand: false }).then(undefined, (err: unknown) => {
      this.log.warn(`tree: could not reveal ${agentId}: ${errorText(err)}`);
    });
  }

  dispose(): void {
    if (this.partsDisposed) return;
    this.partsDisposed = true;
    void this.close();
    this.unsubscribeFeed?.();
    // Reverse order of construction: views go before the state they read, the log channel last.
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (err) {
        console.error(`[heatdesk] dispose failed: ${errorText(err)}`);
      }
    }
  }

  /** Stops the feed (flushes the store, removes ingest.json). deactivate() returns this promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.disposed = true;
      await this.restartChain;
      await this.starting;
      const feed = this.feedValue;
      this.feedValue = undefined;
      await feed?.close();
    })().catch((err: unknown) => this.log.error(`ingest close failed: ${errorText(err)}`));
    return this.closing;
  }
}
