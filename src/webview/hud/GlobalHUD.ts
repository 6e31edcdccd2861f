// The seed's GlobalHUD: the "Heatmap" toggle, counts of agents and tokens, and the gradient legend.
// The toggle asks the host (which holds the truth) and applies the change at once; the host's `heatmap`
// answer then confirms or corrects it.
import { selectTotals } from '../../shared/metrics';
import type { OfficeState, OfficeStore } from '../store/officeStore';
import { formatExact, formatTokens } from './format';
import { registerToolkitButton } from './toolkit';

export class GlobalHUD {
  readonly element: HTMLElement;
  private readonly toggle: HTMLElement;
  private readonly counts: HTMLSpanElement;
  private readonly legend: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly unsubscribe: () => void;
  private lastVersion = -1;
  private lastStatus: OfficeState['status'] = null;
  private readonly onToggle = (): void => {
    const enabled = !this.store.getState().heatmapEnabled;
    this.store.getState().setHeatmap(enabled);
    this.requestHeatmap(enabled);
  };

  constructor(
    parent: HTMLElement,
    private readonly store: OfficeStore,
    private readonly requestHeatmap: (enabled: boolean) => void,
  ) {
    this.element = document.createElement('header');
    this.element.className = 'hud';

    const row = document.createElement('div');
    row.className = 'hud-row';
    const useToolkit = registerToolkitButton();
    this.toggle = document.createElement(useToolkit ? 'vscode-button' : 'button');
    this.toggle.id = 'heatmap-toggle';
    this.toggle.className = useToolkit ? 'heatmap-toggle' : 'heatmap-toggle native-button';
    this.toggle.title = 'Show token-usage heat rings under the desks';
    const swatch = document.createElement('span');
    swatch.className = 'toggle-swatch';
    swatch.setAttribute('aria-hidden', 'true');
    if (useToolkit) swatch.slot = 'start';
    this.toggle.append(swatch, document.createTextNode('Heatmap'));
    this.toggle.addEventListener('click', this.onToggle);

    this.counts = document.createElement('span');
    this.counts.className = 'hud-counts';
    this.counts.setAttribute('aria-live', 'polite');
    row.append(this.toggle, this.counts);

    this.legend = document.createElement('div');
    this.legend.className = 'legend';
    const low = document.createElement('span');
    low.textContent = 'low';
    const bar = document.createElement('span');
    bar.className = 'legend-bar';
    bar.setAttribute('role', 'img');
    bar.setAttribute('aria-label', 'Heat gradient from green (least usage) through yellow to red (most usage)');
    const high = document.createElement('span');
    high.textContent = 'high usage';
    this.legend.append(low, bar, high);

    this.status = document.createElement('div');
    this.status.className = 'hud-status';
    this.status.setAttribute('role', 'status');
    this.status.hidden = true;

    this.element.append(row, this.legend, this.status);
    parent.appendChild(this.element);
    this.unsubscribe = store.subscribe((s) => this.render(s));
    this.render(store.getState());
  }

  dispose(): void {
    this.unsubscribe();
    this.toggle.removeEventListener('click', this.onToggle);
    this.element.remove();
  }

  private render(state: OfficeState): void {
    if (state.version !== this.lastVersion) {
      this.lastVersion = state.version;
      const on = state.heatmapEnabled;
      this.toggle.setAttribute('aria-pressed', String(on));
      this.toggle.classList.toggle('on', on);
      if (this.toggle.tagName === 'VSCODE-BUTTON') this.toggle.setAttribute('appearance', on ? 'primary' : 'secondary');
      this.legend.hidden = !on;
      const agents = state.metrics.agents.size;
      const t = selectTotals(state.metrics);
      const tokens = t.inputTokens + t.outputTokens + t.cacheReadTokens + t.cacheCreationTokens;
      this.counts.textContent = state.loaded || agents > 0
        ? `${agents} ${agents === 1 ? 'agent' : 'agents'} · ${formatTokens(tokens)} tokens`
        : 'Waiting for Heatdesk…';
      this.counts.title = `${formatExact(tokens)} tokens (input, output, cache read and cache write)`;
    }
    if (state.status !== this.lastStatus) {
      this.lastStatus = state.status;
      this.status.hidden = state.status === null;
      this.status.textContent = state.status?.message ?? '';
      this.status.classList.toggle('error', state.status?.level === 'error');
    }
  }
}
