/**
 * Fans live state out to WebSocket clients: a snapshot on connect, then coalesced deltas (at most
 * one per tenant per interval, only the queues and agents that changed), and heartbeats so that a
 * TV can tell "no news" from "no connection".
 */
import { snapshot, type AgentLive, type CallbackFigures, type LiveMessage, type LiveTickets, type LiveSnapshot, type QueueLive, type TenantLive } from '@callboard/metrics';
import type { Engine } from './engine.ts';

/** The callback service as the hub reads it: figures per queue ('' = all queues), and a counter bumped on every change. */
export interface CallbackFiguresSource {
  figures(tenant: string, now: number): Map<string, CallbackFigures>;
  version(tenant: string): number;
}

/**
 * The ticket service as the hub reads it: the tenant's figures today and now, and a counter bumped whenever they
 * may have changed (a ticket changed, the day rolled over, a scheduled end passed).
 */
export interface TicketFiguresSource {
  liveFigures(tenant: string, now: number): LiveTickets;
  liveVersion(tenant: string, now: number): number;
}

export interface LiveClient {
  tenant: string;
  /** Principal subject (user, token or display id): revoking it closes the connection. */
  subject: string;
  send(message: LiveMessage): void;
  close(code: number, reason: string): void;
}

interface TenantFeed {
  clients: Set<LiveClient>;
  live: TenantLive | null;
  version: number;
  /** The callback service's version of this tenant last sent. */
  callbacks: number;
  /** The ticket service's version of this tenant last sent. */
  tickets: number;
  last: LiveSnapshot | null;
  lastJson: { total: string; tickets: string; queues: Map<string, string>; agents: Map<string, string> };
}

export class LiveHub {
  private readonly feeds = new Map<string, TenantFeed>();
  private timer: NodeJS.Timeout | null = null;
  private beats = 0;

  constructor(
    private readonly engine: Pick<Engine, 'live'>,
    private readonly intervalMs = 250,
    private readonly heartbeatMs = 5_000,
    /** Callback figures joined to each snapshot (catalogue metrics callbacks_*); absent: none. */
    private readonly callbacks: CallbackFiguresSource | null = null,
    /** Ticket figures joined to each snapshot (catalogue metrics tickets_*); absent: none. */
    private readonly tickets: TicketFiguresSource | null = null,
  ) {}

  private snap(live: TenantLive, now: number): LiveSnapshot {
    return snapshot(live, now, this.callbacks?.figures(live.tenant, now), this.tickets?.liveFigures(live.tenant, now));
  }

  start(): void {
    this.timer = setInterval(() => this.flush(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The current snapshot of a tenant (an empty one if it has no events yet). */
  snapshot(tenant: string): LiveSnapshot {
    const live = this.engine.live(tenant);
    if (!live) {
      const now = Date.now();
      return {
        tenant, at: now, day: '', timezone: '', total: { queue: '*', waiting: [], agents: { ready: 0, busy: 0, wrap_up: 0, paused: 0 }, metrics: {} }, queues: [], agents: [],
        ...(this.tickets ? { tickets: this.tickets.liveFigures(tenant, now) } : {}),
      };
    }
    return this.snap(live, Date.now());
  }

  get clientCount(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.clients.size;
    return n;
  }

  subscribe(client: LiveClient): () => void {
    let feed = this.feeds.get(client.tenant);
    if (!feed) {
      feed = { clients: new Set(), live: null, version: -1, callbacks: -1, tickets: -1, last: null, lastJson: { total: '', tickets: '', queues: new Map(), agents: new Map() } };
      this.feeds.set(client.tenant, feed);
    }
    feed.clients.add(client);
    client.send({ type: 'snapshot', snapshot: this.snapshot(client.tenant) });
    return () => {
      feed.clients.delete(client);
      if (feed.clients.size === 0) this.feeds.delete(client.tenant);
    };
  }

  /** Remove clients of a tenant matching a predicate (token revoked); returns them. */
  disconnect(tenant: string, match: (c: LiveClient) => boolean): LiveClient[] {
    const feed = this.feeds.get(tenant);
    if (!feed) return [];
    const gone = [...feed.clients].filter(match);
    for (const c of gone) {
      feed.clients.delete(c);
      c.close(4401, 'credentials revoked');
    }
    return gone;
  }

  private flush(): void {
    this.beats += this.intervalMs;
    const beat = this.beats >= this.heartbeatMs;
    if (beat) this.beats = 0;
    for (const [tenant, feed] of this.feeds) {
      const live = this.engine.live(tenant);
      // A rebuilt tenant (settings changed) is a new object whose version restarts: compare both.
      const now = Date.now();
      const cb = this.callbacks?.version(tenant) ?? 0;
      const tk = this.tickets?.liveVersion(tenant, now) ?? 0;
      // A tenant with no call events yet still gets its ticket figures (from the empty snapshot).
      const changed = (live && (live !== feed.live || live.version !== feed.version || cb !== feed.callbacks)) || tk !== feed.tickets;
      const message = changed ? this.delta(feed, live ? this.snap(live, now) : this.snapshot(tenant)) : null;
      if (live) { feed.version = live.version; feed.live = live; feed.callbacks = cb; }
      feed.tickets = tk;
      const out: LiveMessage | null = message ?? (beat ? { type: 'heartbeat', at: Date.now() } : null);
      if (!out) continue;
      for (const c of feed.clients) c.send(out);
    }
  }

  private delta(feed: TenantFeed, snap: LiveSnapshot): LiveMessage | null {
    const diff = <T>(items: T[], key: (t: T) => string, last: Map<string, string>) => {
      const changed: T[] = [];
      const seen = new Set<string>();
      for (const item of items) {
        const k = key(item);
        seen.add(k);
        const json = JSON.stringify(item);
        if (last.get(k) !== json) { changed.push(item); last.set(k, json); }
      }
      const removed = [...last.keys()].filter((k) => !seen.has(k));
      for (const k of removed) last.delete(k);
      return { changed, removed };
    };
    const q = diff<QueueLive>(snap.queues, (x) => x.queue, feed.lastJson.queues);
    const a = diff<AgentLive>(snap.agents, (x) => x.agent, feed.lastJson.agents);
    const totalJson = JSON.stringify(snap.total);
    const totalChanged = totalJson !== feed.lastJson.total;
    feed.lastJson.total = totalJson;
    const ticketsJson = JSON.stringify(snap.tickets ?? null);
    const ticketsChanged = ticketsJson !== feed.lastJson.tickets;
    feed.lastJson.tickets = ticketsJson;
    const dayChanged = feed.last !== null && feed.last.day !== snap.day;
    feed.last = snap;
    if (!totalChanged && !ticketsChanged && !q.changed.length && !q.removed.length && !a.changed.length && !a.removed.length && !dayChanged) return null;
    return {
      type: 'delta', at: snap.at, day: snap.day,
      ...(totalChanged ? { total: snap.total } : {}),
      ...(q.changed.length ? { queues: q.changed } : {}),
      ...(q.removed.length ? { removedQueues: q.removed } : {}),
      ...(a.changed.length ? { agents: a.changed } : {}),
      ...(a.removed.length ? { removedAgents: a.removed } : {}),
      ...(ticketsChanged && snap.tickets ? { tickets: snap.tickets } : {}),
    };
  }
}
