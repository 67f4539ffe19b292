/** The owner lease on both buses (embedded, and a real nats-server): refusal, takeover, racing starters, loss, stalls. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBus, createNatsBus, type EventBus, type Kv } from '@callboard/bus';
import { startNatsServer, type NatsServer } from '../../../../test/support/nats-server.ts';
import { EngineOwnedError, OwnerLease, type LeaseOptions, type OwnerLeaseLostError } from './owner-lease.ts';
import { fencedBus } from './owner-fence.ts';

const TTL = 400;
const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same lease rules on both buses, each lease as a separate engine would hold it. */
describe.each([
  { kind: 'embedded' },
  { kind: 'nats' },
])('owner lease on the $kind bus', ({ kind }) => {
  let nats: NatsServer | null = null;
  let bus: EventBus;
  let kv: Kv;
  let n = 0;
  beforeAll(async () => {
    if (kind === 'nats') {
      nats = await startNatsServer();
      bus = await createNatsBus(nats.url);
    } else {
      bus = await createEmbeddedBus(fs.mkdtempSync(path.join(os.tmpdir(), 'cb-lease-')));
    }
    kv = await bus.kv('lease_test');
  });
  afterAll(async () => {
    await bus?.close();
    await nats?.stop();
  });

  /** Options of one engine on a key of this test's own. */
  const engine = (key: string, pid: number): LeaseOptions => ({
    kv, key, what: `stream T (${key})`, ttlMs: TTL, watchMs: TTL, log,
    me: { instance: `i-${pid}`, host: 'h', pid, url: `http://h:${pid}`, startedAt: '2026-11-30T00:00:00.000Z' },
  });
  const key = () => `owner_${++n}`;
  /** A lease left by an engine that was killed: written once, never renewed. */
  const stale = (k: string) => kv.create(k, new TextEncoder().encode(JSON.stringify({ instance: 'dead', host: 'h', pid: 1, url: 'http://h:1', startedAt: 'x', renewedAt: 'x' })));

  it('lease - a second engine refuses while the first renews, naming it; starts at once after a release', async () => {
    const k = key();
    const first = await OwnerLease.acquire(engine(k, 100));
    const t0 = performance.now();
    const refused = await OwnerLease.acquire(engine(k, 200)).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(EngineOwnedError);
    expect((refused as EngineOwnedError).holder.pid).toBe(100);
    expect((refused as Error).message).toContain('pid 100, serving http://h:100');
    expect(performance.now() - t0, 'refused at the first renewal seen').toBeLessThan(TTL);
    expect(first.held()).toBe(true);
    expect(await first.release()).toBe(true);
    const t1 = performance.now();
    const second = await OwnerLease.acquire(engine(k, 200));
    expect(performance.now() - t1).toBeLessThan(TTL / 2);
    expect(second.previous).toBeNull();
    await second.release();
  });

  it('lease - a lease nobody renews is taken over after the TTL, from the silent holder', async () => {
    const k = key();
    await stale(k);
    const t0 = performance.now();
    const lease = await OwnerLease.acquire(engine(k, 300));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(TTL - 5);
    expect(lease.previous?.instance).toBe('dead');
    expect(lease.held()).toBe(true);
    await lease.release();
  });

  it('lease - of starters racing for a stale lease exactly one wins, the others name it', async () => {
    const k = key();
    await stale(k);
    const results = await Promise.allSettled([1, 2, 3].map((i) => OwnerLease.acquire(engine(k, 400 + i))));
    const won = results.filter((r): r is PromiseFulfilledResult<OwnerLease> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = (await kv.get(k))!;
    const pid = JSON.parse(new TextDecoder().decode(winner.value)).pid as number;
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as EngineOwnedError).holder.pid).toBe(pid);
    }
    await won[0].value.release();
  });

  it('lease - a holder whose lease was taken over is told at its next renewal, and its fence shuts', async () => {
    const k = key();
    const holder = await OwnerLease.acquire(engine(k, 500));
    const lost = new Promise<OwnerLeaseLostError>((resolve) => holder.onLost(resolve));
    // What a takeover after a long pause of the holder leaves in the key.
    const current = (await kv.get(k))!;
    await kv.update(k, new TextEncoder().encode(JSON.stringify({ ...engine(k, 600).me, renewedAt: 'x' })), current.revision);
    const err = await lost;
    expect(err.holder?.pid).toBe(600);
    expect(err.message).toContain('lost its ownership of stream T');
    expect(holder.held()).toBe(false);
    const fenced = fencedBus(bus, holder);
    await expect(fenced.consumer({ stream: 'none', name: 'c', ackWaitMs: 1000, maxAckPending: 1 })).rejects.toBe(err);
    // Not ours any more: a release leaves the new owner's lease alone.
    expect(await holder.release()).toBe(false);
    expect((await kv.get(k))!.revision).toBeGreaterThan(current.revision);
  });

  it('lease - after a stall longer than TTL − TTL/5 held() is false at once; a fetch waits for the uncontested renewal that restores it', async () => {
    const k = key();
    const holder = await OwnerLease.acquire(engine(k, 700));
    await bus.ensureStream({ name: 'LEASE_T', subjects: ['lt.>'], maxAgeMs: 60_000, duplicateWindowMs: 1000 });
    const consumer = await fencedBus(bus, holder).consumer({ stream: 'LEASE_T', name: 'c', ackWaitMs: 10_000, maxAckPending: 100, ackAll: true });
    await bus.publish('lt.a', new TextEncoder().encode('x'));
    // The event loop stalls (as under SIGSTOP, or a long synchronous task): no renewal can run.
    const end = performance.now() + TTL;
    while (performance.now() < end) { /* busy */ }
    expect(holder.held(), 'checked before any timer ran').toBe(false);
    // A fetch meanwhile waits for the next renewal, which succeeds at its revision (nobody took the
    // lease), and then delivers: nothing fetched is dropped while the engine goes on.
    const msgs = await consumer.fetch(10, 1000);
    expect(holder.held()).toBe(true);
    expect(msgs.map((m) => new TextDecoder().decode(m.data))).toEqual(['x']);
    msgs[0].ack();
    expect(await holder.release()).toBe(true);
    expect(holder.held()).toBe(false);
  });
});
