// The callback WebSocket (/api/v1/callbacks/ws) as shared reactive state: open requests I may see, new missed calls, and a version that bumps on every change.
import type { CallbackItem, CallbackWsMessage } from '@callboard/api';
import { backoffMs } from '$lib/live/backoff';
import { callbacks } from './client';

export class CallbackFeed {
  /** Open (not hidden) requests the user may see; null until known. */
  open = $state<number | null>(null);
  status = $state<'connecting' | 'live' | 'offline'>('connecting');
  /** The latest new missed call pushed since the page loaded (for a notification). */
  latest = $state.raw<CallbackItem | null>(null);
  /** Bumped on every pushed change: lists reload on it. */
  version = $state(0);

  private ws: WebSocket | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private recount: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private users = 0;

  /** Reference-counted: the socket stays open while any screen uses it. */
  start(): void {
    if (this.users++ === 0) this.connect();
  }

  stop(): void {
    if (--this.users > 0) return;
    this.users = 0;
    if (this.retry) clearTimeout(this.retry);
    if (this.recount) clearTimeout(this.recount);
    const ws = this.ws;
    this.ws = null;
    if (ws) { ws.onclose = null; ws.close(); }
  }

  private connect(): void {
    if (this.users === 0) return;
    const ws = new WebSocket(new URL('/api/v1/callbacks/ws', location.origin.replace(/^http/, 'ws')));
    this.ws = ws;
    ws.onmessage = (e) => this.receive(JSON.parse(String(e.data)) as CallbackWsMessage);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.status = 'offline';
      this.retry = setTimeout(() => this.connect(), backoffMs(this.attempts++));
    };
  }

  private receive(m: CallbackWsMessage): void {
    this.status = 'live';
    this.attempts = 0;
    if (m.type === 'heartbeat') return;
    if (m.type === 'snapshot') {
      this.open = m.snapshot.visibleOpen;
    } else {
      if (m.type === 'missed') this.latest = m.request;
      this.scheduleRecount();
    }
    this.version++;
  }

  /** :NOTE: pushes carry one request, not the count: ask the list for it, at most twice a second. */
  private scheduleRecount(): void {
    if (this.recount) return;
    this.recount = setTimeout(() => {
      this.recount = null;
      callbacks.list({ view: 'open', source: 'queue', limit: 1 }).then((l) => { this.open = l.total; }).catch(() => {});
    }, 500);
  }
}

export const feed = new CallbackFeed();
