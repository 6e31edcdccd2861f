// A bound on how many events one connection may have accepted per second, so that one runaway local client
// (a loop gone wrong, a hostile page-less process) cannot take all of the server's time from the hooks and
// other clients. A token bucket per socket: hooks open one connection per event and never come near it;
// a batch client gets a burst of several full batches, then a steady rate.
import type { Socket } from 'node:net';

export interface RateLimitOptions {
  /** Events per second a connection may sustain. */
  perSecond: number;
  /** Events a connection may send at once before the steady rate applies. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 2_000, burst: 4_000 };

interface Bucket {
  tokens: number;
  at: number;
}

export class ConnectionRateLimit {
  private readonly buckets = new WeakMap<Socket, Bucket>();

  constructor(
    private readonly opts: RateLimitOptions = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Takes `events` tokens from the socket's bucket; returns 0 when allowed, else the seconds after which
   * the same request would be (for Retry-After). Nothing is taken from a refused request.
   */
  take(socket: Socket, events: number): number {
    const t = this.now();
    let b = this.buckets.get(socket);
    if (!b) {
      b = { tokens: this.opts.burst, at: t };
      this.buckets.set(socket, b);
    }
    b.tokens = Math.min(this.opts.burst, b.tokens + ((t - b.at) / 1000) * this.opts.perSecond);
    b.at = t;
    if (events <= b.tokens) {
      b.tokens -= events;
      return 0;
    }
    return Math.max(1, Math.ceil((Math.min(events, this.opts.burst) - b.tokens) / this.opts.perSecond));
  }
}
