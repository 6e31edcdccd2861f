// A follower window's side of `GET /v1/stream` (see EventStreamHub): connects to the leader with the
// bearer token from ingest.json and turns the server-sent events back into calls.
import { request, type ClientRequest } from 'node:http';
import type { HeatdeskEvent } from '../../shared/events';

export interface StreamHandlers {
  history(events: HeatdeskEvent[]): void;
  ready(count: number): void;
  events(events: HeatdeskEvent[]): void;
  reset(): void;
  /** The stream ended (leader gone, stepping down, or refused us); called once. */
  closed(reason: string): void;
}

export class StreamClient {
  private req: ClientRequest | null = null;
  private ended = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly on: StreamHandlers,
  ) {}

  start(): void {
    const req = request(`${this.url}/v1/stream`, { method: 'GET', headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return this.end(`the leader answered ${res.statusCode}`);
      }
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        buf += chunk;
        let sep: number;
        while ((sep = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, sep);
          buf = buf.slice(sep + 2);
          this.dispatch(block);
        }
      });
      res.on('end', () => this.end('the leader ended the stream'));
      res.on('error', (err) => this.end(err.message));
      res.on('close', () => this.end('the connection to the leader closed'));
    });
    req.on('error', (err) => this.end(err.message));
    req.end();
    this.req = req;
  }

  close(): void {
    this.ended = true;
    this.req?.destroy();
  }

  private dispatch(block: string): void {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (this.ended || !data) return;
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      return this.end('the leader sent a garbled stream');
    }
    switch (event) {
      case 'history':
        if (Array.isArray(value)) this.on.history(value as HeatdeskEvent[]);
        break;
      case 'events':
        if (Array.isArray(value)) this.on.events(value as HeatdeskEvent[]);
        break;
      case 'ready':
        this.on.ready(Number((value as { count?: unknown }).count ?? 0));
        break;
      case 'reset':
        this.on.reset();
        break;
      default:
        break; // Newer leaders may send more; ignore what this version does not know.
    }
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.req?.destroy();
    this.on.closed(reason);
  }
}
