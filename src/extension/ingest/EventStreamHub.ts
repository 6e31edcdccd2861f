// The leader's side of `GET /v1/stream`: what follower windows receive. Server-sent events, so a follower
// needs nothing but node:http and survives proxies-free loopback trivially:
//   event: history  data: [events…]   (the stored events, oldest first, in slices)
//   event: ready    data: {"count":N}  (history complete: from here on the follower shows everything)
//   event: events   data: [events…]   (live: each batch once it is durable)
//   event: reset    data: {}           (the store was emptied)
// History and live cannot overlap or leave a gap: the live listener is added in the same synchronous step
// that reads the history, so no batch can land between the two.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeatdeskEvent } from '../../shared/events';

export interface StreamSource {
  allEvents(): HeatdeskEvent[];
  onEvents(listener: (events: HeatdeskEvent[]) => void): () => void;
  onReset(listener: () => void): () => void;
}

const HISTORY_SLICE = 500;
/** Comment lines keep idle connections visibly alive; on loopback a dead leader is seen at once anyway. */
const PING_MS = 15_000;

export class EventStreamHub {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly source: StreamSource) {}

  get followers(): number {
    return this.open.size;
  }

  /** Serves one authenticated `GET /v1/stream` until the follower or the server goes away. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    req.socket.setNoDelay(true);
    // Synchronous from here to the subscriptions: nothing can be stored in between.
    const history = this.source.allEvents();
    const offEvents = this.source.onEvents((events) => send(res, 'events', events));
    const offReset = this.source.onReset(() => send(res, 'reset', {}));
    for (let i = 0; i < history.length; i += HISTORY_SLICE) send(res, 'history', history.slice(i, i + HISTORY_SLICE));
    send(res, 'ready', { count: history.length });
    const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
    ping.unref();
    this.open.add(res);
    const done = () => {
      clearInterval(ping);
      offEvents();
      offReset();
      this.open.delete(res);
    };
    res.on('close', done);
    res.on('error', done);
  }

  /** Ends every stream (the leader is stepping down): followers see the end and re-run the election. */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}

function send(res: ServerResponse, event: string, data: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
