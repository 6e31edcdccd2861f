// The one heatmap on/off state. The palette command, the view-title toggle, the webview HUD button and the
// tree all read and change this object; it persists in globalState (restored on reload), mirrors itself into
// a context key (so the view title shows the right toggle icon) and tells every view when it flips.
import type * as vscode from 'vscode';

export const HEATMAP_STATE_KEY = 'heatdesk.heatmapEnabled';

export class HeatmapState implements vscode.Disposable {
  private value: boolean;
  private contextValue: boolean | undefined;
  private readonly listeners = new Set<(enabled: boolean) => void>();

  /**
   * @param initial used when nothing was persisted yet (heatdesk.heatmap.enabledAtStart)
   * @param setContext sets the `heatdesk.heatmapEnabled` context key
   */
  constructor(
    private readonly memento: Pick<vscode.Memento, 'get' | 'update'>,
    initial: boolean,
    private readonly setContext: (enabled: boolean) => Thenable<unknown>,
  ) {
    const saved = memento.get<unknown>(HEATMAP_STATE_KEY);
    this.value = typeof saved === 'boolean' ? saved : initial;
    void this.applyContext(this.value);
  }

  private async applyContext(enabled: boolean): Promise<void> {
    await this.setContext(enabled);
    this.contextValue = enabled;
  }

  /** The value last written to the context key (undefined until VS Code took it). */
  get contextKeyValue(): boolean | undefined {
    return this.contextValue;
  }

  /** The value in globalState (what a reload restores). */
  get persisted(): boolean | undefined {
    const v = this.memento.get<unknown>(HEATMAP_STATE_KEY);
    return typeof v === 'boolean' ? v : undefined;
  }

  get enabled(): boolean {
    return this.value;
  }

  /** Sets the state; persists and broadcasts only when it changes. Resolves once persisted. */
  async set(enabled: boolean): Promise<void> {
    if (enabled === this.value) return;
    this.value = enabled;
    for (const l of [...this.listeners]) l(enabled);
    await Promise.all([this.memento.update(HEATMAP_STATE_KEY, enabled), this.applyContext(enabled)]);
  }

  toggle(): Promise<void> {
    return this.set(!this.value);
  }

  onDidChange(listener: (enabled: boolean) => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.listeners.clear();
  }
}
