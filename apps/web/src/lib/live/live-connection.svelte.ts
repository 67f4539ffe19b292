// The live WebSocket as reactive state: snapshot + deltas, server clock offset, stale detection, reconnect with back-off.
import type { LiveMessage, LiveSnapshot } from '@callboard/metrics';
import { applyMessage } from './apply.ts';
import { backoffMs } from './backoff.ts';

export type LiveStatus = 'connecting' | 'live' | 'stale' | 'offline';

export interface LiveOptions {
  /** A token for clients without cookies (scripts, tests; browsers cannot set headers on a WebSocket); else the session or TV display cookie is used. */
  token?: string | null;
  /** Seconds without any message (heartbeats every 5 s) before the data is marked stale. */
  staleAfterSeconds?: number;
  /** For tests: the WebSocket constructor and the URL base. */
  WebSocketImpl?: typeof WebSocket;
  base?: string;
}

export class LiveConnection {
  // :NOTE: raw (not deeply proxied): each delta replaces the changed queues/agents objects, unchanged ones keep identity.
  snapshot = $state.raw<LiveSnapshot | null>(null);
  status = $state<LiveStatus>('connecting');
  /** Server time − local time, ms (from the last message's `at`). */
  offset = $state(0);
  /** Local time of the last message, ms. */
  lastMessageAt = $state(0);
  /** Bumped on every delta or snapshot: history-backed widgets refresh on it. */
  version = $state(0);
  attempts = $state(0);
  /** True once the socket itself has answered (before, the data shown is a seed: `seed`). */
  socketAnswered = $state(false);

  private ws: WebSocket | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private openedAt = 0;

  /** Seconds of silence before the data is stale and the socket is replaced (a wallboard's setting). */
  staleAfterSeconds: number;

  constructor(private readonly opts: LiveOptions = {}) {
    this.staleAfterSeconds = opts.staleAfterSeconds ?? 15;
  }

  get url(): string {
    const base = this.opts.base ?? location.origin;
    const u = new URL('/api/v1/live/ws', base.replace(/^http/, 'ws'));
    if (this.opts.token) u.searchParams.set('token', this.opts.token);
    return u.toString();
  }

  start(): void {
    this.closed = false;
    this.connect();
    this.watchdog = setInterval(() => {
      // :NOTE: a half-open connection never errors, and close() waits for a handshake that may never come:
      // a socket silent that long (no heartbeat, or no snapshot after connecting) is forgotten at once.
      if (this.ws && Date.now() - Math.max(this.lastMessageAt, this.openedAt) > this.staleAfterSeconds * 1000) this.drop();
    }, 1000);
  }

  stop(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.watchdog) clearInterval(this.watchdog);
    this.ws?.close();
    this.ws = null;
  }

  /**
   * A snapshot read over HTTP while the socket connects (a TV's, preloaded with its page): shown at once as live
   * data, unless the socket's own snapshot came first; the socket's snapshot replaces it when it comes.
   */
  seed(s: LiveSnapshot): void {
    if (this.snapshot || this.closed) return;
    const now = Date.now();
    this.lastMessageAt = now;
    this.offset = s.at - now;
    this.status = 'live';
    this.snapshot = s;
    this.version++;
  }

  /** Server-corrected now, ms. */
  now(local = Date.now()): number {
    return local + this.offset;
  }

  private connect(): void {
    if (this.closed) return;
    const Impl = this.opts.WebSocketImpl ?? WebSocket;
    const ws = new Impl(this.url);
    this.ws = ws;
    this.openedAt = Date.now();
    ws.onmessage = (e) => this.receive(JSON.parse(String(e.data)) as LiveMessage);
    ws.onclose = () => {
      if (this.ws === ws) this.drop();
    };
  }

  /** Forget the current socket (closing it) and schedule a reconnect with back-off. */
  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      try { ws.close(); } catch { /* already closed */ }
    }
    if (this.closed) return;
    if (this.status === 'live') this.status = 'stale';
    else if (this.status === 'connecting') this.status = this.snapshot ? 'stale' : 'offline';
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), backoffMs(this.attempts++));
  }

  private receive(msg: LiveMessage): void {
    const now = Date.now();
    this.lastMessageAt = now;
    if (msg.type === 'error') return;
    this.socketAnswered = true;
    this.attempts = 0;
    this.status = 'live';
    if ('at' in msg) this.offset = msg.at - now;
    else if (msg.type === 'snapshot') this.offset = msg.snapshot.at - now;
    if (msg.type === 'heartbeat') return;
    this.snapshot = applyMessage(this.snapshot, msg);
    this.version++;
  }
}
