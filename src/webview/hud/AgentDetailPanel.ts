// The seed's AgentDetailPanel: the focused agent's TokenMetrics breakdown. Opens when a desk (or its label)
// is clicked or the host sends focusAgent; closes with its button or Escape. All values are text nodes.
import { computeHeatmap, selectAgent, selectAgentTokenMetrics, type TokenMetrics } from '../../shared/metrics';
import type { OfficeState, OfficeStore } from '../store/officeStore';
import { agentDisplayName, statusText } from '../scene/SceneBridge';
import { formatCost, formatDuration, formatExact, formatPercent, formatTokens } from './format';

type Row = { key: string; label: string; value: HTMLElement };

const ROWS: ReadonlyArray<readonly [string, string]> = [
  ['input', 'Input'],
  ['output', 'Output'],
  ['cacheRead', 'Cache read'],
  ['cacheWrite', 'Cache write'],
  ['total', 'Total tokens'],
  ['cost', 'Est. cost'],
  ['toolCalls', 'Tool calls'],
  ['toolTime', 'Tool time'],
  ['failures', 'Failures'],
  ['pressure', 'Context'],
  ['model', 'Model'],
  ['heat', 'Heat'],
];

export class AgentDetailPanel {
  readonly element: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly subtitle: HTMLParagraphElement;
  private readonly rows = new Map<string, Row>();
  private readonly pressureBar: HTMLSpanElement;
  private readonly unsubscribe: () => void;
  private lastKey = '';
  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && !this.element.hidden) this.close();
  };

  constructor(
    parent: HTMLElement,
    store: OfficeStore,
    private readonly onClose: () => void,
  ) {
    this.element = document.createElement('aside');
    this.element.className = 'detail-panel';
    this.element.setAttribute('aria-label', 'Agent details');
    this.element.hidden = true;

    const header = document.createElement('div');
    header.className = 'detail-header';
    this.title = document.createElement('h2');
    this.title.className = 'detail-title';
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'detail-close';
    close.setAttribute('aria-label', 'Close agent details');
    close.textContent = '×';
    close.addEventListener('click', () => this.close());
    header.append(this.title, close);

    this.subtitle = document.createElement('p');
    this.subtitle.className = 'detail-subtitle';

    this.pressureBar = document.createElement('span');
    this.pressureBar.className = 'pressure-bar';
    const list = document.createElement('dl');
    list.className = 'detail-metrics';
    for (const [key, label] of ROWS) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.dataset['metric'] = key;
      const value = document.createElement('span');
      value.className = 'value';
      dd.appendChild(value);
      if (key === 'pressure') {
        const track = document.createElement('span');
        track.className = 'pressure-track';
        track.setAttribute('aria-hidden', 'true');
        track.appendChild(this.pressureBar);
        dd.appendChild(track);
      }
      list.append(dt, dd);
      this.rows.set(key, { key, label, value });
    }

    this.element.append(header, this.subtitle, list);
    parent.appendChild(this.element);
    document.addEventListener('keydown', this.onKey);
    this.unsubscribe = store.subscribe((s) => this.render(s));
    this.render(store.getState());
  }

  dispose(): void {
    this.unsubscribe();
    document.removeEventListener('keydown', this.onKey);
    this.element.remove();
  }

  private close(): void {
    this.onClose();
  }

  private render(state: OfficeState): void {
    const id = state.selectedAgentId;
    const key = `${id ?? ''}@${state.version}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    const agent = id !== null ? selectAgent(state.metrics, id) : undefined;
    this.element.hidden = agent === undefined;
    if (!agent || id === null) return;
    const m: TokenMetrics | undefined = selectAgentTokenMetrics(state.metrics, id);
    this.title.textContent = agentDisplayName(agent);
    this.subtitle.textContent = `${agent.id} · ${statusText(agent)}`;
    const total = m ? m.inputTokens + m.outputTokens + m.cacheReadTokens + m.cacheCreationTokens : 0;
    const heat = computeHeatmap(state.metrics).find((e) => e.agentId === id);
    this.set('input', m ? formatExact(m.inputTokens) : '0');
    this.set('output', m ? formatExact(m.outputTokens) : '0');
    this.set('cacheRead', m ? formatExact(m.cacheReadTokens) : '0');
    this.set('cacheWrite', m ? formatExact(m.cacheCreationTokens) : '0');
    this.set('total', `${formatExact(total)} (${formatTokens(total)})`);
    this.set('cost', formatCost(m?.costUsd ?? 0));
    this.set('toolCalls', formatExact(m?.toolCallCount ?? 0));
    this.set('toolTime', formatDuration(m?.toolCallDurationMs ?? 0));
    this.set('failures', formatExact(m?.failedToolCalls ?? 0));
    this.set('pressure', formatPercent(m?.contextPressure ?? 0));
    this.set('model', agent.model ?? 'unknown');
    this.set('heat', heat ? formatPercent(heat.intensity) : '–');
    const pressure = Math.min(1, Math.max(0, m?.contextPressure ?? 0));
    this.pressureBar.style.width = `${(pressure * 100).toFixed(1)}%`;
    this.pressureBar.classList.toggle('high', pressure >= 0.8);
  }

  private set(key: string, text: string): void {
    const row = this.rows.get(key);
    if (row && row.value.textContent !== text) {
      row.value.textContent = text;
      row.value.title = text;
    }
  }
}
