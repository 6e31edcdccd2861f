// The HTTP face of the ingest service, on 127.0.0.1 only. Anything on loopback is reachable by every local
// process and by web pages in the user's browser, so every request passes, in order:
//   Origin header → 403 (browsers send one; hooks and Claude Code never do)
//   Host not loopback → 403 (DNS rebinding)
//   GET /v1/health → 200 (no auth: lets a client see a server is there, nothing more)
//   bearer token (timing-safe) → 401;  unknown path → 404;  wrong method → 405;  non-JSON type → 415
//   body over the cap → 413;  bad JSON → 400;  invalid event → 400;  store failure → 503
// Every error is JSON: {"error": "..."}.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { LIMITS, type HeatdeskEvent } from '../../shared/events';
import { mapHookInput } from '../../shared/hookMapping';
import { validateEvent, validateEventBatch } from '../../shared/validation';
import type { Logger } from '../log';
import { ConnectionRateLimit, type RateLimitOptions } from './ConnectionRateLimit';

export interface IngestServerOptions {
  token: string;
  log: Logger;
  /** Stores events; resolves with the ones that were new once they are durable. */
  ingest: (events: HeatdeskEvent[]) => Promise<HeatdeskEvent[]>;
  /** Makes the id of an event built from a raw hook payload (the payload has none). */
  newId: () => string;
  capturePrompts?: boolean;
  /** Serves an authenticated GET /v1/stream (follower windows); 404 when absent. */
  stream?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Empties the store (POST /v1/reset: Reset Metrics from a follower window); 404 when absent. */
  reset?: () => Promise<void>;
  /** Events per second one connection may have accepted (default 2,000/s, bursts of 4,000). */
  rateLimit?: RateLimitOptions;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const ROUTES: Readonly<Record<string, string>> = {
  '/v1/health': 'GET',
  '/v1/events': 'POST',
  '/v1/hooks': 'POST',
  '/v1/stream': 'GET',
  '/v1/reset': 'POST',
};
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class IngestServer {
  private readonly server: Server;
  private readonly tokenDigest: Buffer;
  private lastRefusalLog = 0;
  private refusalsNotLogged = 0;
  private readonly rate: ConnectionRateLimit;
  /** The Authorization header each connection last proved right with. */
  private readonly authorizedOn = new WeakMap<Socket, string>();

  constructor(private readonly opts: IngestServerOptions) {
    this.tokenDigest = digest(opts.token);
    this.rate = new ConnectionRateLimit(opts.rateLimit);
    // Slow or idle clients must not hold sockets open (Node's defaults are generous, and it checks them only
    // every 30 s unless told otherwise). Every client is local and sends a request in one go, so a few
    // seconds is already patient; a slow-loris connection is cut within half a second of these.
    // requireHostHeader off: Node would answer a missing Host with a bare 400; route() refuses it as JSON.
    this.server = createServer(
      { headersTimeout: 3_000, requestTimeout: 5_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 500, requireHostHeader: false },
      (req, res) => void this.handle(req, res),
    );
    // Requests Node's parser refuses (bad request line, oversized headers, timeouts) get JSON too.
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
      const [status, reason, message] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'request headers too large']
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'Request Timeout', 'request took too long']
            : [400, 'Bad Request', 'malformed HTTP request'];
      const body = JSON.stringify({ error: message });
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
  }

  /** Listens on 127.0.0.1:`port` (0 = any free port) and resolves with the URL. */
  listen(port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(new Error(`Heatdesk cannot listen on 127.0.0.1:${port}: ${err.message}`));
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this.server.on('error', (err) => this.opts.log.error(`ingest server: ${err.message}`));
        resolve(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (err) {
      if (err instanceof HttpError) {
        this.logRefusal(req, err);
        return send(res, err.status, { error: err.message }, err.headers);
      }
      this.opts.log.error(`ingest server: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      send(res, 500, { error: 'internal error' });
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.origin !== undefined) throw new HttpError(403, 'requests from web pages are refused (Origin header present)');
    if (!isLoopbackHost(req.headers.host)) throw new HttpError(403, 'Host must be 127.0.0.1, localhost or [::1]');
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const method = req.method ?? 'GET';
    if (path === '/v1/health') {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} not allowed on ${path}`, { Allow: 'GET' });
      return send(res, 200, { ok: true, service: 'heatdesk' });
    }
    if (!this.authorized(req.headers.authorization, req.socket)) {
      throw new HttpError(401, 'missing or wrong bearer token (see ingest.json)', { 'WWW-Authenticate': 'Bearer' });
    }
    const allowed = ROUTES[path];
    if (!allowed || (path === '/v1/stream' && !this.opts.stream) || (path === '/v1/reset' && !this.opts.reset)) {
      throw new HttpError(404, `no such endpoint: ${path}`);
    }
    if (method !== allowed) throw new HttpError(405, `${method} not allowed on ${path}`, { Allow: allowed });
    if (path === '/v1/stream' && this.opts.stream) return this.opts.stream(req, res);
    if (path === '/v1/reset' && this.opts.reset) {
      req.resume();
      await this.opts.reset();
      return send(res, 200, { reset: true });
    }
    // One runaway connection must not take the server from everyone else: checked before the body is read,
    // then again for the number of events the body holds.
    this.throttle(req, 1);
    const type = req.headers['content-type'];
    if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) throw new HttpError(415, 'Content-Type must be application/json');
    const body = await readJson(req);
    if (path === '/v1/events') {
      const v = validateEventBatch(body);
      if (!v.ok) throw new HttpError(400, v.error);
      if (v.events.length > 1) this.throttle(req, v.events.length - 1);
      const added = await this.store(v.events);
      return send(res, 200, { received: v.events.length, new: added.length, duplicates: v.events.length - added.length });
    }
    const event = mapHookInput(body, { id: this.opts.newId(), now: new Date(), capturePrompts: this.opts.capturePrompts === true });
    if (!event) throw new HttpError(400, 'not a Claude Code hook payload Heatdesk knows (needs hook_event_name and session_id)');
    const v = validateEvent(event);
    if (!v.ok) throw new HttpError(400, v.error);
    await this.store([v.event]);
    // Empty 2xx: Claude Code reads an http hook's response body as hook output, so say nothing.
    res.writeHead(204).end();
  }

  private throttle(req: IncomingMessage, events: number): void {
    const wait = this.rate.take(req.socket, events);
    if (wait > 0) {
      req.resume(); // Read and drop the body so the connection stays usable for the retry.
      throw new HttpError(429, `too many events on this connection; retry in ${wait} s`, { 'Retry-After': String(wait) });
    }
  }

  private async store(events: HeatdeskEvent[]): Promise<HeatdeskEvent[]> {
    try {
      return await this.opts.ingest(events);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.opts.log.error(`ingest: events not stored: ${why}`);
      throw new HttpError(503, `events not stored: ${why}`);
    }
  }

  /**
   * Refused requests go to the log without their bodies (or tokens), at most one line a second so a flood
   * cannot fill the log; the next line says how many were left out.
   */
  private logRefusal(req: IncomingMessage, err: HttpError): void {
    const now = Date.now();
    if (now - this.lastRefusalLog < 1000) {
      this.refusalsNotLogged++;
      return;
    }
    const more = this.refusalsNotLogged ? ` (and ${this.refusalsNotLogged} more refused since the last line)` : '';
    this.lastRefusalLog = now;
    this.refusalsNotLogged = 0;
    const path = ((req.url ?? '/').split('?', 1)[0] ?? '/').slice(0, 100);
    this.opts.log.warn(`ingest refused ${String(req.method).slice(0, 16)} ${path}: ${err.status} ${err.message}${more}`);
  }

  private authorized(header: string | undefined, socket: Socket): boolean {
    // A keep-alive client sends the same header on every request: once it has been checked on this
    // connection, the same text passes without hashing again. Only a header already proven right is kept,
    // so comparing against it tells a connection nothing it did not send itself.
    if (header !== undefined && this.authorizedOn.get(socket) === header) return true;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    // Compare digests: equal lengths for timingSafeEqual, and no early exit that leaks the token's length.
    const ok = timingSafeEqual(digest(m?.[1] ?? ''), this.tokenDigest) && m !== null;
    if (ok && header !== undefined) this.authorizedOn.set(socket, header);
    return ok;
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const m = /^(\[[^\]]*\]|[^:]+)(?::\d+)?$/.exec(host.trim().toLowerCase());
  return m?.[1] !== undefined && LOOPBACK_HOSTS.has(m[1]);
}

/** Reads the body up to the cap and parses it; 413 as soon as it is known to be too big. */
function readJson(req: IncomingMessage): Promise<unknown> {
  const cap = LIMITS.bodyBytes;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > cap) {
    req.resume();
    return Promise.reject(new HttpError(413, `body over ${cap} bytes`, { Connection: 'close' }));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > cap) {
        failed = true;
        reject(new HttpError(413, `body over ${cap} bytes`, { Connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (text.trim() === '') return reject(new HttpError(400, 'empty body: expected JSON'));
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new HttpError(400, `body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
    req.on('error', () => {
      failed = true;
      reject(new HttpError(400, 'request body could not be read'));
    });
  });
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}
