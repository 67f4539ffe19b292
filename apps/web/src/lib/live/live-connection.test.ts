// The browser's live store against a real engine (embedded bus + chdb): snapshot, deltas, stale mark and reconnect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveSnapshot } from '@callboard/metrics';
import { LiveConnection } from './live-connection.svelte.ts';
import { ADMIN, client, startEngine, until } from '../../../../../test/support/web-engine.ts';

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => { engine = await startEngine(); });
afterAll(async () => { await engine?.stop(); });

const ev = (id: string, type: string, body: object) => ({ v: 1, id, tenant: 'demo', ts: Date.now(), type, ...body });

describe('live connection (real engine)', () => {
  it('live store - receives the snapshot, then deltas for posted events, and shows callers waiting', async () => {
    const live = new LiveConnection({ base: engine.url, token: ADMIN, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
    live.start();
    try {
      await until(async () => live.status === 'live' && live.snapshot, 10_000, 'snapshot');
      const before = live.version;
      await client(engine.url)('POST', 'events', [ev('s1', 'call.offered', { callId: 'k1', queue: 'sales', caller: '+3902111', channel: 'voice' })]);
      await until(async () => live.snapshot!.queues.find((q) => q.queue === 'sales')?.waiting.length === 1, 5_000, 'caller waiting');
      expect(live.version).toBeGreaterThan(before);
      expect(live.snapshot!.total.waiting.map((c) => c.caller)).toEqual(['+3902111']);
      expect(Math.abs(live.offset)).toBeLessThan(2_000);
    } finally {
      live.stop();
    }
  });

  it('live store - a snapshot seeded over HTTP shows at once as live; the socket\'s own replaces it, and a later seed changes nothing', async () => {
    const live = new LiveConnection({ base: engine.url, token: ADMIN, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
    const seeded = (await client(engine.url)('GET', 'live')).body as LiveSnapshot;
    live.seed(seeded);
    expect({ snapshot: live.snapshot, status: live.status, version: live.version, socketAnswered: live.socketAnswered }).toEqual({ snapshot: seeded, status: 'live', version: 1, socketAnswered: false });
    live.start();
    try {
      await until(async () => live.version > 1, 10_000, 'the socket\'s snapshot');
      expect(live.socketAnswered).toBe(true);
      const fromSocket = live.snapshot;
      expect(fromSocket).not.toBe(seeded);
      live.seed(seeded);
      expect(live.snapshot).toBe(fromSocket);
    } finally {
      live.stop();
    }
  });

  it('live store - marks itself stale when messages stop, and recovers by reconnecting', async () => {
    const live = new LiveConnection({ base: engine.url, token: ADMIN, staleAfterSeconds: 2, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
    live.start();
    let frozen: WebSocket | null = null;
    try {
      await until(async () => live.status === 'live', 10_000, 'live');
      // Freeze the socket's incoming messages: the watchdog must notice (no heartbeat within 2 s).
      frozen = (live as unknown as { ws: WebSocket }).ws;
      frozen.pause();
      await until(async () => live.status === 'stale', 8_000, 'stale');
      await until(async () => live.status === 'live', 10_000, 'recovered');
      expect(live.snapshot).not.toBeNull();
      expect((live as unknown as { ws: WebSocket }).ws).not.toBe(frozen);
    } finally {
      live.stop();
      frozen?.terminate();
    }
  });
});
