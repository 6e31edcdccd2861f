// One ingest for every VS Code window (and every `heatdesk serve`) that shares a HEATDESK_HOME. The process
// holding the leader lock runs the real ingest service (port, store, spool drain); the others follow it
// over its authenticated event stream and keep a mirror. Every host sees the same IngestService either way:
// allEvents() and onEvents() behave alike, and when the leader goes away a follower takes over (re-runs the
// election, opens the store, drains the spool) and reports only the events its mirror had not yet seen.
// The store is only ever opened for writing by the lock holder, and the lock is released only after the
// store is closed, so two processes never write it at once.
import type { HeatdeskEvent } from '../../shared/events';
import { INGEST_FILE, parseIngestInfo } from '../../shared/ingestInfo';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalIngestService } from './LocalIngestService';
import { LeaderLock } from './LeaderLock';
import { StreamClient } from './StreamClient';
import type { IngestRole, IngestService, IngestServiceOptions } from './types';

/** Pause between election attempts while a leader starts up or a takeover is contended. */
const RETRY_MS = 100;
/** How long the first start waits for a live leader's history before returning an empty follower. */
const FIRST_FOLLOW_WAIT_MS = 10_000;
/** How often a leader checks that the lock file still names it. */
const LOCK_CHECK_MS = 2_000;

/**
 * Starts Heatdesk's ingest for this window or process: as leader when it can take HEATDESK_HOME's leader
 * lock (it then owns the port and the store), else as a follower of the process that holds it.
 */
export async function startIngestService(opts: IngestServiceOptions): Promise<IngestService> {
  const s = new SharedIngest(opts);
  await s.start();
  return s;
}

class SharedIngest implements IngestService {
  private readonly lock: LeaderLock;
  private currentRole: IngestRole = 'follower';
  private leader: IngestService | null = null;
  private offLeader: Array<() => void> = [];
  private client: StreamClient | null = null;
  private followed: { url: string; token: string } | null = null;
  /** Follower's copy of the leader's events, in the leader's order. */
  private mirror = new Map<string, HeatdeskEvent>();
  /** Ids already handed to onEvents listeners (or present at their first read), so a takeover re-sends none. */
  private readonly delivered = new Set<string>();
  private readonly eventListeners = new Set<(events: HeatdeskEvent[]) => void>();
  private readonly roleListeners = new Set<(role: IngestRole) => void>();
  private readonly resetListeners = new Set<() => void>();
  private electing: Promise<void> | null = null;
  private lockCheck: NodeJS.Timeout | undefined;
  private closed = false;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: IngestServiceOptions) {
    this.lock = new LeaderLock(opts.home);
  }

  get role(): IngestRole {
    return this.currentRole;
  }

  get url(): string {
    return this.leader?.url ?? this.followed?.url ?? '';
  }

  get token(): string {
    return this.leader?.token ?? this.followed?.token ?? '';
  }

  async start(): Promise<void> {
    let firstFollow: (() => void) | undefined;
    const followedOnce = new Promise<void>((r) => (firstFollow = r));
    const elected = this.elect(firstFollow);
    // Leader: resolves when the service runs (or throws). Follower: once the history has arrived, or after
    // a grace period if the leader is slow to serve (the mirror then fills in when it does).
    const timeout = new Promise<void>((r) => setTimeout(r, FIRST_FOLLOW_WAIT_MS).unref());
    try {
      await Promise.race([elected, followedOnce, timeout]);
    } finally {
      this.started = true;
    }
    if (!this.leader && !this.followed) this.opts.log.warn('ingest: no leader answered yet; this window follows as soon as one does');
  }

  allEvents(): HeatdeskEvent[] {
    if (this.leader) return this.leader.allEvents();
    const all = [...this.mirror.values()];
    // The leader's order is by timestamp, then arrival; live batches are appended, so re-sort stably.
    return all.map((e, i) => ({ e, i, t: Date.parse(e.timestamp) || 0 })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.e);
  }

  onEvents(listener: (events: HeatdeskEvent[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onRoleChange(listener: (role: IngestRole) => void): () => void {
    this.roleListeners.add(listener);
    return () => this.roleListeners.delete(listener);
  }

  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  async reset(): Promise<void> {
    if (this.leader) return this.leader.reset();
    if (!this.followed) throw new Error('no Heatdesk ingest leader is running to reset');
    const res = await fetch(`${this.followed.url}/v1/reset`, { method: 'POST', headers: { authorization: `Bearer ${this.followed.token}` } });
    if (!res.ok) throw new Error(`the leader refused the reset: ${res.status} ${await res.text()}`);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      clearInterval(this.lockCheck);
      this.client?.close();
      this.client = null;
      if (this.leader) {
        const leader = this.leader;
        this.leader = null;
        this.offLeader.forEach((off) => off());
        try {
          await leader.close();
        } finally {
          // Only now may a follower open the store.
          this.lock.release();
        }
      }
      this.eventListeners.clear();
      this.roleListeners.clear();
      this.resetListeners.clear();
    })();
    return this.closing;
  }

  /** Runs the election until this process leads or follows a live leader. One run at a time. */
  private elect(onFollow?: () => void): Promise<void> {
    this.electing ??= this.electLoop(onFollow).finally(() => {
      this.electing = null;
    });
    return this.electing;
  }

  private async electLoop(onFollow?: () => void): Promise<void> {
    let firstAttempt = true;
    while (!this.closed) {
      if (this.lock.tryAcquire()) {
        try {
          await this.lead();
          return;
        } catch (err) {
          this.lock.release();
          if (firstAttempt) throw err;
          this.opts.log.error(`ingest: could not take over as leader, will retry: ${messageOf(err)}`);
          await sleep(1_000);
          continue;
        }
      }
      firstAttempt = false;
      const holder = this.lock.holder();
      const info = readIngestInfo(this.opts.home);
      if (holder && info?.pid === holder.pid && (await this.follow(info.url, info.token))) {
        onFollow?.();
        return;
      }
      await sleep(RETRY_MS + Math.random() * RETRY_MS);
    }
  }

  private async lead(): Promise<void> {
    const leader = await startLocalIngestService(this.opts);
    if (this.closed) {
      await leader.close();
      this.lock.release();
      return;
    }
    this.leader = leader;
    this.followed = null;
    this.mirror = new Map();
    this.offLeader = [leader.onEvents((events) => this.deliver(events)), leader.onReset?.(() => this.emitReset()) ?? (() => undefined)];
    this.setRole('leader');
    this.catchUp(leader.allEvents()); // After a takeover: only what the mirror lacked.
    this.opts.log.info(`ingest: this process leads (pid ${process.pid})`);
    this.lockCheck = setInterval(() => this.checkLock(), LOCK_CHECK_MS);
    this.lockCheck.unref();
  }

  /** Connects to the leader's stream; resolves true once its history is in, false if it could not. */
  private follow(url: string, token: string): Promise<boolean> {
    return new Promise((resolve) => {
      let ready = false;
      const incoming = new Map<string, HeatdeskEvent>();
      const client = new StreamClient(url, token, {
        history: (events) => events.forEach((e) => isEvent(e) && incoming.set(e.id, e)),
        ready: () => {
          ready = true;
          const fresh = [...incoming.values()].filter((e) => !this.mirror.has(e.id));
          this.mirror = incoming;
          this.followed = { url, token };
          this.setRole('follower');
          this.opts.log.info(`ingest: following the leader at ${url} (${incoming.size} event(s) so far)`);
          this.catchUp(fresh);
          resolve(true);
        },
        events: (events) => {
          const ok = events.filter(isEvent);
          ok.forEach((e) => this.mirror.set(e.id, e));
          this.deliver(ok);
        },
        reset: () => {
          this.mirror.clear();
          this.delivered.clear();
          this.emitReset();
        },
        closed: (reason) => {
          if (this.client === client) this.client = null;
          if (!ready) return resolve(false);
          if (this.closed) return;
          this.followed = null;
          this.opts.log.info(`ingest: lost the leader (${reason}); running the election`);
          void this.elect().catch((err: unknown) => this.opts.log.error(`ingest: election failed: ${messageOf(err)}`));
        },
      });
      this.client = client;
      client.start();
    });
  }

  /**
   * Before start() has returned the host has not read allEvents() yet, so what is there now is simply what
   * it will read; afterwards, new events go to the listeners (each once).
   */
  private catchUp(events: HeatdeskEvent[]): void {
    if (this.started) this.deliver(events);
    else events.forEach((e) => this.delivered.add(e.id));
  }

  /** Hands listeners the events they have not had yet, once each. */
  private deliver(events: HeatdeskEvent[]): void {
    const fresh = events.filter((e) => !this.delivered.has(e.id));
    if (!fresh.length) return;
    fresh.forEach((e) => this.delivered.add(e.id));
    for (const l of this.eventListeners) {
      try {
        l(fresh);
      } catch (err) {
        this.opts.log.error(`ingest: an event listener failed: ${messageOf(err)}`);
      }
    }
  }

  private emitReset(): void {
    this.delivered.clear();
    for (const l of this.resetListeners) {
      try {
        l();
      } catch (err) {
        this.opts.log.error(`ingest: a reset listener failed: ${messageOf(err)}`);
      }
    }
  }

  private setRole(role: IngestRole): void {
    if (role === this.currentRole) return;
    this.currentRole = role;
    for (const l of this.roleListeners) {
      try {
        l(role);
      } catch (err) {
        this.opts.log.error(`ingest: a role listener failed: ${messageOf(err)}`);
      }
    }
  }

  /** A leader whose lock file was removed or replaced must not keep writing beside a new leader. */
  private checkLock(): void {
    if (!this.leader || this.closed || this.lock.stillOurs()) return;
    this.opts.log.error('ingest: the leader lock is no longer ours (removed by hand?); stepping down');
    clearInterval(this.lockCheck);
    const leader = this.leader;
    this.leader = null;
    this.offLeader.forEach((off) => off());
    void leader
      .close()
      .finally(() => {
        this.lock.release();
        if (!this.closed) void this.elect();
      });
  }
}

function readIngestInfo(home: string): { url: string; token: string; pid?: number } | null {
  try {
    return parseIngestInfo(readFileSync(join(home, INGEST_FILE), 'utf8'));
  } catch {
    return null;
  }
}

function isEvent(e: unknown): e is HeatdeskEvent {
  return typeof e === 'object' && e !== null && typeof (e as { id?: unknown }).id === 'string' && typeof (e as { timestamp?: unknown }).timestamp === 'string';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
