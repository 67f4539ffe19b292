/**
 * The live WebSocket on a real engine: a snapshot on connect, then coalesced deltas (at most a few
 * per second however fast events come), heartbeats, and no access without credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveMessage } from '@callboard/metrics';
import { LiveWsMessage } from '@callboard/api';
import { bootEngine, type TestEngine } from './support/identity.ts';

const TOKEN = 'live-ws-test-token-0123456';

// The engine types what it sends with @callboard/metrics' LiveMessage, the web app reads the same: both must be the contract's shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const liveTypesMatchContract: Same<LiveMessage, LiveWsMessage> = true;

function connect(url: string): Promise<{ ws: WebSocket; messages: { at: number; m: LiveMessage }[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: { at: number; m: LiveMessage }[] = [];
    ws.on('message', (data) => messages.push({ at: Date.now(), m: JSON.parse(String(data)) }));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

describe('live WebSocket', () => {
  let e: TestEngine;
  beforeAll(async () => { e = await bootEngine('live-ws', { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN }); });
  afterAll(async () => { await e?.stop(); });

  it('sends a snapshot, then at most 4 deltas a second under a burst of events, which add up to the live state', async () => {
    const wsUrl = `${e.url.replace('http', 'ws')}/api/v1/live/ws?token=${TOKEN}`;
    const { ws, messages } = await connect(wsUrl);
    await new Promise((r) => setTimeout(r, 200));
    expect(messages[0].m.type).toBe('snapshot');

    const t0 = Date.now() - 10 * 60_000;
    const post = (events: unknown[]) => e.running.app.inject({
      method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TOKEN}` }, payload: events,
    });
    // 2 s of bursts: 40 posts of 10 calls each.
    const started = Date.now();
    for (let b = 0; b < 40; b++) {
      const events = Array.from({ length: 10 }, (_, i) => {
        const n = b * 10 + i;
        return [
          { v: 1, id: `o${n}`, ts: t0 + n * 1000, type: 'call.offered', callId: `c${n}`, queue: n % 2 ? 'sales' : 'support', caller: `+3902${n}` },
          { v: 1, id: `x${n}`, ts: t0 + n * 1000 + 30_000, type: 'call.abandoned', callId: `c${n}`, queue: n % 2 ? 'sales' : 'support', waitMs: 30_000 },
        ];
      }).flat();
      expect((await post(events)).json().accepted).toBe(20);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 800));
    const deltas = messages.filter((x) => x.m.type === 'delta' && x.at >= started);
    const seconds = (Date.now() - started) / 1000;
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.length / seconds).toBeLessThanOrEqual(4.5);

    // Applying the snapshot and the deltas gives what GET /api/v1/live says.
    const snap = (messages[0].m as Extract<LiveMessage, { type: 'snapshot' }>).snapshot;
    const queues = new Map(snap.queues.map((q) => [q.queue, q]));
    let total = snap.total;
    for (const { m } of messages) {
      if (m.type !== 'delta') continue;
      for (const q of m.queues ?? []) queues.set(q.queue, q);
      for (const q of m.removedQueues ?? []) queues.delete(q);
      if (m.total) total = m.total;
    }
    const live = (await e.running.app.inject({ method: 'GET', url: '/api/v1/live', headers: { authorization: `Bearer ${TOKEN}` } })).json();
    expect(total.metrics.abandoned).toBe(400);
    expect(total.metrics).toEqual(live.total.metrics);
    expect(queues.get('sales')!.metrics).toEqual(live.queues.find((q: { queue: string }) => q.queue === 'sales').metrics);
    // Every message is what the contract (@callboard/api LiveWsMessage) says, field for field.
    for (const { m } of messages) expect(LiveWsMessage.parse(m)).toEqual(m);
    ws.close();
  });

  it('the message types the engine and the web app use are the contract\'s', () => {
    expect(liveTypesMatchContract).toBe(true);
  });

  it('sends heartbeats when nothing happens', async () => {
    const { ws, messages } = await connect(`${e.url.replace('http', 'ws')}/api/v1/live/ws?token=${TOKEN}`);
    await new Promise((r) => setTimeout(r, 5600));
    expect(messages.some((x) => x.m.type === 'heartbeat')).toBe(true);
    for (const { m } of messages) expect(LiveWsMessage.parse(m)).toEqual(m);
    ws.close();
  });

  it('refuses a connection without a valid token', async () => {
    await expect(connect(`${e.url.replace('http', 'ws')}/api/v1/live/ws?token=nope`)).rejects.toThrow(/401/);
    await expect(connect(`${e.url.replace('http', 'ws')}/api/v1/live/ws`)).rejects.toThrow(/401/);
  });
});
