// Host → webview messages into the store. Every message is validated with the shared protocol first; an
// invalid one is reported to the host's log and changes nothing. The webview says `ready` first, and says
// it again whenever it starts over (VS Code may re-create the page when the view was hidden without
// retainContextWhenHidden): the host then answers with a fresh snapshot.
import type { HeatdeskEvent } from '../shared/events';
import { parseHostToWebview, type HostToWebview } from '../shared/protocol';
import { validateEvent } from '../shared/validation';
import type { OfficeStore } from './store/officeStore';
import type { HostChannel } from './vscodeApi';

/** How often agents past the host's stale timeout are pruned while nothing else happens. */
const CLEANUP_INTERVAL_MS = 15_000;

export class HostConnection {
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly onMessage = (e: MessageEvent): void => this.handle(e.data);

  constructor(
    private readonly host: HostChannel,
    private readonly store: OfficeStore,
    private readonly focusAgent: (agentId: string) => void,
  ) {
    window.addEventListener('message', this.onMessage);
    this.timer = setInterval(() => this.store.getState().cleanup(Date.now()), CLEANUP_INTERVAL_MS);
    this.host.post({ type: 'ready' });
  }

  handle(data: unknown): void {
    const message = parseHostToWebview(data) ?? this.salvage(data);
    if (!message) {
      const type = typeof data === 'object' && data !== null && 'type' in data ? String((data as { type: unknown }).type) : typeof data;
      this.host.post({ type: 'log', level: 'warn', message: `webview ignored an invalid message (${type.slice(0, 64)})` });
      return;
    }
    this.apply(message);
  }

  /**
   * A snapshot or batch whose envelope is valid but which carries some invalid events keeps its valid
   * events: one bad stored line must not blank the whole office. The refused ones are reported.
   */
  private salvage(data: unknown): HostToWebview | null {
    if (typeof data !== 'object' || data === null || !('events' in data)) return null;
    const events: unknown = (data as { events: unknown }).events;
    if (!Array.isArray(events)) return null;
    const envelope = parseHostToWebview({ ...data, events: [] });
    if (!envelope || (envelope.type !== 'snapshot' && envelope.type !== 'events')) return null;
    const valid: HeatdeskEvent[] = [];
    let firstError = '';
    for (const e of events) {
      const r = validateEvent(e);
      if (r.ok) valid.push(r.event);
      else firstError ||= r.error;
    }
    this.host.post({
      type: 'log',
      level: 'warn',
      message: `webview refused ${events.length - valid.length} of ${events.length} events in a ${envelope.type} message: ${firstError}`.slice(0, 2000),
    });
    return { ...envelope, events: valid };
  }

  dispose(): void {
    window.removeEventListener('message', this.onMessage);
    clearInterval(this.timer);
  }

  private apply(message: HostToWebview): void {
    const state = this.store.getState();
    switch (message.type) {
      case 'snapshot':
        state.applySnapshot(message.events, message.heatmapEnabled, message.settings);
        return;
      case 'events':
        state.applyEvents(message.events);
        return;
      case 'heatmap':
        state.setHeatmap(message.enabled);
        return;
      case 'focusAgent':
        this.focusAgent(message.agentId);
        return;
      case 'reset':
        state.reset();
        return;
      case 'status':
        // An empty message clears the line (the protocol has no separate "clear").
        state.setStatus(message.message ? { level: message.level, message: message.message } : null);
        return;
      default: {
        const never: never = message;
        return never;
      }
    }
  }
}
