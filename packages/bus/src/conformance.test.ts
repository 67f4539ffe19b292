/** One conformance suite for both EventBus implementations: the embedded bus (temp dir) and NATS JetStream (a real nats-server). */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBus } from './embedded/embedded-bus.ts';
import { createNatsBus, type NatsBusOptions } from './nats/nats-bus.ts';
import { BusConfigError, KvKeyError, NoStreamError } from './errors.ts';
import { KvConflictError, type BusMessage, type ConsumerConfig, type EventBus, type PullConsumer, type StreamConfig } from './types.ts';
import { startNatsServer } from '../../../test/support/nats-server.ts';
import { eventually as waitUntil } from '../../../test/support/wait.ts';

/** Storage that outlives bus instances: open() is what a restarted engine gets. */
interface Harness {
  open(): Promise<EventBus>;
  stop(): Promise<void>;
  /**
   * Each delivery counted exactly once and nothing redelivered after its ack. nats-server before 2.10.14 (Debian ships
   * 2.9.10) breaks both when a pull request expires while a message is ready: it skips a delivery count or delivers a
   * message again with a lower count, even after its ack (nats-server PR #5305). Still at-least-once: nothing is lost.
   */
  strictRedelivery: boolean;
}

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fetches until `n` messages arrived or `ms` passed. */
async function take(c: PullConsumer, n: number, ms = 5000): Promise<BusMessage[]> {
  const out: BusMessage[] = [];
  const until = Date.now() + ms;
  while (out.length < n && Date.now() < until) out.push(...(await c.fetch(n - out.length, Math.max(1, Math.min(1000, until - Date.now())))));
  return out;
}

/** The bus conditions these tests wait for settle within 4 s. */
const eventually = (check: () => Promise<boolean> | boolean, ms = 4000) => waitUntil('the bus condition', check, ms);

function conformance(name: string, makeHarness: () => Promise<Harness>) {
  describe(name, () => {
    let h: Harness;
    let bus: EventBus;
    let n = 0;

    beforeAll(async () => {
      h = await makeHarness();
      bus = await h.open();
    });
    afterAll(async () => {
      await bus?.close();
      await h?.stop();
    });

    /** Closes the current instance without acking anything in flight and opens a new one on the same storage. */
    const restart = async () => {
      await bus.close();
      bus = await h.open();
    };

    /** A stream of its own per test, so tests never see each other's messages. */
    const fresh = async (stream: Partial<StreamConfig> = {}) => {
      const tag = `t${++n}`;
      const config: StreamConfig = { name: `T_${tag}`, subjects: [`${tag}.>`], maxAgeMs: 3600_000, duplicateWindowMs: 60_000, ...stream };
      await bus.ensureStream(config);
      const consumerOf = (c: Partial<ConsumerConfig> = {}) => bus.consumer({ stream: config.name, name: 'c', ackWaitMs: 10_000, maxAckPending: 1000, ...c });
      return { tag, config, consumerOf };
    };

    it('bus - delivers everything published, at least once', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf();
      const acks = await Promise.all(Array.from({ length: 600 }, (_, i) => bus.publish(`${tag}.k${i % 3}`, enc(`m${i}`))));
      expect(new Set(acks.map((a) => a.seq)).size).toBe(600);
      const seen = new Set<string>();
      for (const m of await take(c, 600)) {
        seen.add(dec(m.data));
        m.ack();
      }
      expect(seen.size).toBe(600);
      expect(await c.pending()).toBe(0);
    });

    it('bus - fetch returns a partial batch at once and [] after expiresMs', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf();
      for (let i = 0; i < 3; i++) await bus.publish(`${tag}.a`, enc(`${i}`));
      let t0 = Date.now();
      const got = await c.fetch(100, 5000);
      expect(got.map((m) => dec(m.data))).toEqual(['0', '1', '2']);
      expect(Date.now() - t0).toBeLessThan(1000);
      got.forEach((m) => m.ack());
      t0 = Date.now();
      expect(await c.fetch(10, 300)).toEqual([]);
      const waited = Date.now() - t0;
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(1500);
    });

    it('bus - a waiting fetch wakes up when a message is published', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf();
      const t0 = Date.now();
      const pending = c.fetch(10, 5000);
      await sleep(200);
      await bus.publish(`${tag}.a`, enc('late'));
      const got = await pending;
      expect(got.map((m) => dec(m.data))).toEqual(['late']);
      expect(Date.now() - t0).toBeLessThan(2000);
    });

    it('bus - close ends a waiting fetch with []', async () => {
      const { consumerOf } = await fresh();
      const c = await consumerOf();
      const t0 = Date.now();
      const waiting = c.fetch(10, 20_000);
      await sleep(100);
      await restart();
      expect(await waiting).toEqual([]);
      expect(Date.now() - t0).toBeLessThan(3000);
    });

    it('bus - stamps seq, deliveryCount, timestamp and subject', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf();
      const before = Date.now();
      const ack = await bus.publish(`${tag}.x.y`, enc('hello'));
      const [m] = await take(c, 1);
      expect(m.seq).toBe(ack.seq);
      expect(m.subject).toBe(`${tag}.x.y`);
      expect(m.deliveryCount).toBe(1);
      expect(m.timestamp).toBeGreaterThanOrEqual(before - 1000);
      expect(m.timestamp).toBeLessThanOrEqual(Date.now() + 1000);
      m.ack();
    });

    it('bus - nak redelivers at once, nak(delay) after the delay', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf({ ackWaitMs: 5000 });
      await bus.publish(`${tag}.a`, enc('x'));
      const [first] = await take(c, 1);
      first.nak();
      const [second] = await take(c, 1, 2000);
      expect(second.seq).toBe(first.seq);
      expect(second.deliveryCount).toBe(2);
      const t0 = Date.now();
      second.nak(800);
      expect(await c.fetch(1, 300)).toEqual([]);
      const [third] = await take(c, 1, 3000);
      expect(third.seq).toBe(first.seq);
      expect(third.deliveryCount).toBe(3);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
      third.ack();
    });

    it('bus - redelivers after ackWait runs out', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf({ ackWaitMs: 1000 });
      await bus.publish(`${tag}.a`, enc('x'));
      const [first] = await take(c, 1);
      const t0 = Date.now();
      const [again] = await take(c, 1, 4000);
      expect(again.seq).toBe(first.seq);
      // On a loaded machine the fetch may come after a further ack wait: a later delivery, same message.
      // (nats-server < 2.10.14 may report a redelivery with count 1: see strictRedelivery; seen once in ~10 runs.)
      if (h.strictRedelivery) expect(again.deliveryCount).toBeGreaterThanOrEqual(2);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
      again.ack();
      if (h.strictRedelivery) expect(await c.fetch(1, 1500)).toEqual([]);
    });

    it('bus - term stops redelivery', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf({ ackWaitMs: 1000 });
      await bus.publish(`${tag}.a`, enc('poison'));
      const [m] = await take(c, 1);
      m.term();
      expect(await c.fetch(1, 1600)).toEqual([]);
    });

    it('bus - ackAll: one ack covers every earlier delivery, not the later ones', async () => {
      const { tag, config, consumerOf } = await fresh();
      const c = await consumerOf({ ackAll: true, ackWaitMs: 1000 });
      for (let i = 0; i < 6; i++) await bus.publish(`${tag}.a`, enc(`${i}`));
      const got = await take(c, 6);
      expect(got.map((m) => dec(m.data))).toEqual(['0', '1', '2', '3', '4', '5']);
      got[3].ack();
      await sleep(100);
      // After the ack wait only what came after the acked message is delivered again.
      const again = await take(c, 2, 4000);
      expect(again.map((m) => dec(m.data))).toEqual(['4', '5']);
      again[1].ack();
      await sleep(100);
      await restart();
      const c2 = await bus.consumer({ stream: config.name, name: 'c', ackAll: true, ackWaitMs: 1000, maxAckPending: 1000 });
      expect(await c2.fetch(10, 1600)).toEqual([]);
    });

    it('bus - ackAll: binding again delivers at once what an earlier binding did not ack', async () => {
      const { tag, config, consumerOf } = await fresh();
      const c = await consumerOf({ ackAll: true, ackWaitMs: 30_000 });
      for (let i = 0; i < 5; i++) await bus.publish(`${tag}.a`, enc(`${i}`));
      const first = await take(c, 5);
      first[1].ack();
      await sleep(100);
      // Without this, a new binding's first cumulative ack would cover 2..4, which nobody processed.
      const c2 = await consumerOf({ ackAll: true, ackWaitMs: 30_000 });
      const again = await take(c2, 3, 3000);
      expect(again.map((m) => dec(m.data))).toEqual(['2', '3', '4']);
      // The same after a restart (a new engine process).
      await restart();
      const c3 = await bus.consumer({ stream: config.name, name: 'c', ackAll: true, ackWaitMs: 30_000, maxAckPending: 1000 });
      const afterRestart = await take(c3, 3, 3000);
      expect(afterRestart.map((m) => dec(m.data))).toEqual(['2', '3', '4']);
      afterRestart[2].ack();
      await sleep(100);
      await bus.publish(`${tag}.a`, enc('5'));
      expect((await take(c3, 1)).map((m) => dec(m.data))).toEqual(['5']);
    });

    it('bus - an explicit-ack consumer bound with ackAll keeps its position', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf();
      for (let i = 0; i < 4; i++) await bus.publish(`${tag}.a`, enc(`${i}`));
      const got = await take(c, 4);
      got[0].ack();
      got[1].ack();
      await sleep(100);
      const c2 = await consumerOf({ ackAll: true });
      const rest = await take(c2, 2, 3000);
      expect(rest.map((m) => dec(m.data))).toEqual(['2', '3']);
    });

    it('bus - redelivers unacked messages after a crash, never acked ones', async () => {
      const { tag, config, consumerOf } = await fresh();
      const c = await consumerOf({ ackWaitMs: 1000 });
      for (let i = 0; i < 10; i++) await bus.publish(`${tag}.a`, enc(`${i}`));
      const got = await take(c, 10);
      expect(got).toHaveLength(10);
      for (const m of got) if (Number(dec(m.data)) % 2 === 0) m.ack();
      await restart();
      const c2 = await bus.consumer({ stream: config.name, name: 'c', ackWaitMs: 1000, maxAckPending: 1000 });
      const again = await take(c2, 5, 6000);
      expect(again.map((m) => Number(dec(m.data))).sort((a, b) => a - b)).toEqual([1, 3, 5, 7, 9]);
      for (const m of again) {
        expect(m.deliveryCount).toBeGreaterThanOrEqual(2);
        m.ack();
      }
      expect(await c2.fetch(10, 1600)).toEqual([]);
    });

    it('bus - keeps published messages and acks across a restart', async () => {
      const { tag, config, consumerOf } = await fresh();
      const c = await consumerOf();
      for (let i = 0; i < 5; i++) await bus.publish(`${tag}.a`, enc(`${i}`));
      const firstTwo = await take(c, 2);
      firstTwo.forEach((m) => m.ack());
      await sleep(100);
      await restart();
      await bus.ensureStream(config);
      const c2 = await bus.consumer({ stream: config.name, name: 'c', ackWaitMs: 1000, maxAckPending: 1000 });
      expect(await c2.pending()).toBe(3);
      const rest = await take(c2, 3);
      expect(rest.map((m) => dec(m.data))).toEqual(['2', '3', '4']);
      rest.forEach((m) => m.ack());
      const other = await bus.consumer({ stream: config.name, name: 'other', ackWaitMs: 1000, maxAckPending: 1000 });
      expect((await take(other, 5)).map((m) => dec(m.data))).toEqual(['0', '1', '2', '3', '4']);
    });

    it('bus - random acks, naks, timeouts and restarts never lose or resurrect a message', async () => {
      const { tag, config } = await fresh();
      const cfg: ConsumerConfig = { stream: config.name, name: 'c', ackWaitMs: 300, maxAckPending: 300 };
      let c = await bus.consumer(cfg);
      // BUS_SEED=<n> replays another random schedule.
      let seed = Number(process.env.BUS_SEED ?? 42);
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const total = 1500;
      const acked = new Set<number>();
      const deliveries = new Map<number, number>();
      let published = 0;
      let restarts = 0;
      const until = Date.now() + 25_000;
      while ((published < total || acked.size < total) && Date.now() < until) {
        const burst = [];
        for (let i = 0; i < 50 && published < total; i++) burst.push(bus.publish(`${tag}.k${published % 7}`, enc(String(published++))));
        await Promise.all(burst);
        for (const m of await c.fetch(1 + Math.floor(rnd() * 200), 20)) {
          if (h.strictRedelivery) {
            expect(acked.has(m.seq)).toBe(false);
            expect(m.deliveryCount).toBe((deliveries.get(m.seq) ?? 0) + 1);
          } else {
            expect(Number(dec(m.data))).toBeLessThan(published);
          }
          deliveries.set(m.seq, m.deliveryCount);
          const r = rnd();
          if (r < 0.6) {
            m.ack();
            acked.add(m.seq);
          } else if (r < 0.7) m.nak();
          else if (r < 0.75) m.nak(30);
        }
        if (rnd() < 0.03) {
          await restart();
          c = await bus.consumer(cfg);
          restarts++;
        }
      }
      expect(restarts).toBeGreaterThan(0);
      expect(acked.size).toBe(total);
      if (h.strictRedelivery) expect(await c.fetch(10, 500)).toEqual([]);
    });

    it('bus - dedupes publishes by msgId', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf();
      const a = await bus.publish(`${tag}.a`, enc('one'), { msgId: 'evt-1' });
      const b = await bus.publish(`${tag}.a`, enc('one again'), { msgId: 'evt-1' });
      const d = await bus.publish(`${tag}.a`, enc('two'), { msgId: 'evt-2' });
      expect(a.duplicate).toBe(false);
      expect(b).toEqual({ seq: a.seq, duplicate: true });
      expect(d.duplicate).toBe(false);
      const got = await take(c, 3, 1500);
      expect(got.map((m) => dec(m.data))).toEqual(['one', 'two']);
    });

    it('bus - dedupe window survives a restart', async () => {
      const { tag, config } = await fresh();
      const a = await bus.publish(`${tag}.a`, enc('x'), { msgId: 'same' });
      await restart();
      await bus.ensureStream(config);
      expect(await bus.publish(`${tag}.a`, enc('x'), { msgId: 'same' })).toEqual({ seq: a.seq, duplicate: true });
    });

    it('bus - keeps publish order: seq increasing, per-subject order preserved', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf();
      const acks = await Promise.all(Array.from({ length: 300 }, (_, i) => bus.publish(`${tag}.s${i % 3}`, enc(`${Math.floor(i / 3)}`))));
      for (let i = 1; i < acks.length; i++) expect(acks[i].seq).toBeGreaterThan(acks[i - 1].seq);
      const got = await take(c, 300);
      const last = new Map<string, number>();
      let prevSeq = 0;
      for (const m of got) {
        expect(m.seq).toBeGreaterThan(prevSeq);
        prevSeq = m.seq;
        const v = Number(dec(m.data));
        expect(v).toBe((last.get(m.subject) ?? -1) + 1);
        last.set(m.subject, v);
        m.ack();
      }
      expect([...last.values()]).toEqual([99, 99, 99]);
    });

    it('bus - filterSubject with * and > wildcards', async () => {
      const { tag, consumerOf } = await fresh();
      const star = await consumerOf({ name: 'star', filterSubject: `${tag}.*.a` });
      const rest = await consumerOf({ name: 'rest', filterSubject: `${tag}.x.>` });
      for (const s of ['x.a', 'y.a', 'x.b.c', 'y.b', 'x.a.z']) await bus.publish(`${tag}.${s}`, enc(s));
      expect(await star.pending()).toBe(2);
      expect(await rest.pending()).toBe(3);
      expect((await take(star, 5, 1200)).map((m) => dec(m.data))).toEqual(['x.a', 'y.a']);
      expect((await take(rest, 5, 1200)).map((m) => dec(m.data))).toEqual(['x.a', 'x.b.c', 'x.a.z']);
      expect(await star.pending()).toBe(0);
    });

    it('bus - pending counts messages not yet delivered', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf();
      for (let i = 0; i < 10; i++) await bus.publish(`${tag}.a`, enc(`${i}`));
      expect(await c.pending()).toBe(10);
      const got = await take(c, 4);
      expect(got).toHaveLength(4);
      expect(await c.pending()).toBe(6);
    });

    it('bus - maxAckPending caps unacked deliveries', async () => {
      const { tag, consumerOf } = await fresh();
      const c = await consumerOf({ maxAckPending: 5, ackWaitMs: 10_000 });
      for (let i = 0; i < 12; i++) await bus.publish(`${tag}.a`, enc(`${i}`));
      const first = await c.fetch(20, 500);
      expect(first).toHaveLength(5);
      expect(await c.fetch(20, 300)).toEqual([]);
      first.forEach((m) => m.ack());
      const next = await take(c, 5, 2000);
      expect(next.map((m) => dec(m.data))).toEqual(['5', '6', '7', '8', '9']);
    });

    it('bus - drops messages older than maxAge', async () => {
      const { tag, consumerOf } = await fresh({ maxAgeMs: 1000, duplicateWindowMs: 500 });
      for (let i = 0; i < 20; i++) await bus.publish(`${tag}.a`, enc(`old${i}`));
      await sleep(1300);
      await bus.publish(`${tag}.a`, enc('new'));
      const c = await consumerOf({ name: 'late' });
      await eventually(async () => (await c.pending()) === 1, 5000);
      expect((await take(c, 5, 1000)).map((m) => dec(m.data))).toEqual(['new']);
    });

    it('bus - publish to a subject no stream captures throws NoStreamError', async () => {
      await expect(bus.publish(`nostream${++n}.a`, enc('x'))).rejects.toBeInstanceOf(NoStreamError);
    });

    it('bus - consumer on a missing stream throws BusConfigError', async () => {
      await expect(bus.consumer({ stream: 'T_MISSING', name: 'c', ackWaitMs: 1000, maxAckPending: 10 })).rejects.toBeInstanceOf(BusConfigError);
    });

    it('bus - ensureStream is idempotent and keeps messages', async () => {
      const { tag, config, consumerOf } = await fresh();
      await bus.publish(`${tag}.a`, enc('kept'));
      await bus.ensureStream(config);
      await bus.ensureStream({ ...config, maxAgeMs: 7200_000 });
      const c = await consumerOf();
      expect((await take(c, 1)).map((m) => dec(m.data))).toEqual(['kept']);
    });

    it('bus - core pub/sub with * and > wildcards, unsubscribe stops delivery', async () => {
      const tag = `core${++n}`;
      const star: string[] = [];
      const all: string[] = [];
      const exact: string[] = [];
      const unStar = bus.subscribe(`${tag}.*.live`, (s, d) => star.push(`${s}=${dec(d)}`));
      const unAll = bus.subscribe(`${tag}.>`, (s) => all.push(s));
      const unExact = bus.subscribe(`${tag}.t1.cmd.listen`, (s) => exact.push(s));
      await sleep(100);
      bus.publishCore(`${tag}.t1.live`, enc('1'));
      bus.publishCore(`${tag}.t2.live`, enc('2'));
      bus.publishCore(`${tag}.t1.cmd.listen`, enc('3'));
      bus.publishCore(`${tag}.t1.live.extra`, enc('4'));
      await eventually(() => all.length === 4 && star.length === 2 && exact.length === 1);
      expect(star).toEqual([`${tag}.t1.live=1`, `${tag}.t2.live=2`]);
      expect(exact).toEqual([`${tag}.t1.cmd.listen`]);
      unStar();
      unAll();
      unExact();
      await sleep(100);
      bus.publishCore(`${tag}.t1.live`, enc('5'));
      await sleep(300);
      expect(star).toHaveLength(2);
      expect(all).toHaveLength(4);
    });

    it('bus - kv create fails on an existing key', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      const r = await kv.create('acme.1', enc('a'));
      expect(r).toBeGreaterThan(0);
      await expect(kv.create('acme.1', enc('b'))).rejects.toBeInstanceOf(KvConflictError);
      expect(dec((await kv.get('acme.1'))!.value)).toBe('a');
    });

    it('bus - kv update with a stale revision fails, with the current one succeeds', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      const r1 = await kv.create('acme.caller', enc('free'));
      const r2 = await kv.update('acme.caller', enc('booked:alice'), r1);
      expect(r2).toBeGreaterThan(r1);
      await expect(kv.update('acme.caller', enc('booked:bob'), r1)).rejects.toBeInstanceOf(KvConflictError);
      const e = await kv.get('acme.caller');
      expect(e).toMatchObject({ key: 'acme.caller', revision: r2 });
      expect(dec(e!.value)).toBe('booked:alice');
      await expect(kv.update('acme.nobody', enc('x'), 0)).rejects.toBeInstanceOf(KvConflictError);
    });

    it('bus - kv exclusive booking: of concurrent updates from one revision exactly one wins', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      const r = await kv.create('acme.555', enc('open'));
      const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((agent) => kv.update('acme.555', enc(agent), r)));
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      for (const x of results) if (x.status === 'rejected') expect(x.reason).toBeInstanceOf(KvConflictError);
    });

    it('bus - kv of concurrent creates exactly one wins, also of a deleted key', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      const race = async () => {
        const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((who) => kv.create('owner', enc(who))));
        expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
        for (const x of results) if (x.status === 'rejected') expect(x.reason).toBeInstanceOf(KvConflictError);
        return kv.get('owner');
      };
      const first = await race();
      await kv.delete('owner', first!.revision);
      const second = await race();
      expect(second!.revision).toBeGreaterThan(first!.revision);
      // A revision seen before the delete no longer allows an update: the key was taken again since.
      await expect(kv.update('owner', enc('late'), first!.revision)).rejects.toBeInstanceOf(KvConflictError);
    });

    it('bus - kv delete then create works; delete with a stale revision fails', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      const r1 = await kv.create('k', enc('1'));
      const r2 = await kv.put('k', enc('2'));
      await expect(kv.delete('k', r1)).rejects.toBeInstanceOf(KvConflictError);
      await kv.delete('k', r2);
      expect(await kv.get('k')).toBeNull();
      const r3 = await kv.create('k', enc('3'));
      expect(r3).toBeGreaterThan(r2);
      expect(dec((await kv.get('k'))!.value)).toBe('3');
    });

    it('bus - kv revisions are monotonic per bucket', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      const revs = [await kv.put('a', enc('1')), await kv.put('b', enc('1')), await kv.put('a', enc('2'))];
      await kv.delete('b');
      revs.push(await kv.put('c', enc('1')));
      for (let i = 1; i < revs.length; i++) expect(revs[i]).toBeGreaterThan(revs[i - 1]);
      expect(revs[3] - revs[2]).toBe(2);
    });

    it('bus - kv keys lists present keys, optionally by prefix', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      for (const k of ['acme.1', 'acme.2', 'beta.1', 'acmex.1']) await kv.put(k, enc(k));
      await kv.delete('acme.2');
      expect((await kv.keys()).sort()).toEqual(['acme.1', 'acmex.1', 'beta.1']);
      expect((await kv.keys('acme.')).sort()).toEqual(['acme.1']);
      expect((await kv.keys('acme')).sort()).toEqual(['acme.1', 'acmex.1']);
      expect(await kv.keys('zzz.')).toEqual([]);
    });

    it('bus - kv watch sees changes after the call, by prefix, until stopped', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      await kv.put('acme.before', enc('0'));
      const events: Array<{ key: string; value: string | null; revision: number }> = [];
      const stop = await kv.watch((e) => events.push({ key: e.key, value: e.value && dec(e.value), revision: e.revision }), 'acme.');
      const r1 = await kv.put('acme.1', enc('x'));
      await kv.put('beta.1', enc('y'));
      await kv.delete('acme.1');
      // :NOTE: nats-server under a loaded machine can take seconds to set the watch's consumer up: what must arrive, and
      // in order, is what this checks, not how soon (15 s).
      await eventually(() => events.length >= 2, 15_000);
      expect(events).toEqual([
        { key: 'acme.1', value: 'x', revision: r1 },
        { key: 'acme.1', value: null, revision: r1 + 2 },
      ]);
      stop();
      await kv.put('acme.2', enc('z'));
      await sleep(200);
      expect(events).toHaveLength(2);
    });

    it('bus - kv rejects keys NATS cannot store', async () => {
      const kv = await bus.kv(`kv_${++n}`);
      await expect(kv.put('bad key', enc('x'))).rejects.toBeInstanceOf(KvKeyError);
      await expect(kv.put('.dot', enc('x'))).rejects.toBeInstanceOf(KvKeyError);
    });

    it('bus - kv persists across a restart', async () => {
      const bucket = `kv_${++n}`;
      const kv = await bus.kv(bucket);
      const r = await kv.create('acme.booking', enc('alice'));
      await kv.put('acme.gone', enc('x'));
      await kv.delete('acme.gone');
      await restart();
      const kv2 = await bus.kv(bucket);
      expect(await kv2.get('acme.booking')).toMatchObject({ key: 'acme.booking', revision: r });
      expect(await kv2.get('acme.gone')).toBeNull();
      expect(await kv2.keys()).toEqual(['acme.booking']);
      await expect(kv2.create('acme.booking', enc('bob'))).rejects.toBeInstanceOf(KvConflictError);
      expect(await kv2.put('acme.next', enc('y'))).toBeGreaterThan(r + 2);
    });
  });
}

conformance('embedded bus', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-bus-'));
  return {
    open: () => createEmbeddedBus(dir),
    stop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    strictRedelivery: true,
  };
});

conformance('nats bus', async () => {
  const server = await startNatsServer();
  const probe = await connect({ servers: server.url });
  const [major, minor, patch] = (probe.info?.version ?? '0.0.0').split('.').map(Number);
  await probe.close();
  const fixed = major > 2 || (major === 2 && (minor > 10 || (minor === 10 && patch >= 14)));
  return { open: () => createNatsBus(server.url), stop: () => server.stop(), strictRedelivery: fixed };
});

describe('embedded bus storage', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-bus-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const stream: StreamConfig = { name: 'S', subjects: ['s.>'], maxAgeMs: 3600_000, duplicateWindowMs: 60_000 };
  const consumer: ConsumerConfig = { stream: 'S', name: 'c', ackWaitMs: 30_000, maxAckPending: 10_000 };

  it('bus - the duplicate window forgets ids in publish order, also past many thousands of them', async () => {
    const bus = await createEmbeddedBus(tmp());
    await bus.ensureStream({ ...stream, duplicateWindowMs: 400 });
    const N = 70_000; // past the point where the window's time list is compacted
    await Promise.all(Array.from({ length: N }, (_, i) => bus.publish('s.a', enc('x'), { msgId: `old-${i}` })));
    await sleep(500);
    const fresh = await bus.publish('s.a', enc('y'), { msgId: 'new' });
    expect(fresh.duplicate).toBe(false);
    // The old ids left the window (in order, all of them); the new one is in it.
    expect((await bus.publish('s.a', enc('x'), { msgId: 'old-0' })).duplicate).toBe(false);
    expect((await bus.publish('s.a', enc('x'), { msgId: `old-${N - 1}` })).duplicate).toBe(false);
    expect(await bus.publish('s.a', enc('y'), { msgId: 'new' })).toEqual({ seq: fresh.seq, duplicate: true });
    expect((await bus.publish('s.a', enc('x'), { msgId: 'old-0' })).duplicate).toBe(true);
    await bus.close();
  });

  it('bus - survives kill -9: resolved publishes kept, acked messages not redelivered', async () => {
    const dir = tmp();
    const modUrl = new URL('./embedded/embedded-bus.ts', import.meta.url).href;
    const script = `
      const { createEmbeddedBus } = await import(${JSON.stringify(modUrl)});
      const bus = await createEmbeddedBus(${JSON.stringify(dir)});
      await bus.ensureStream(${JSON.stringify(stream)});
      const c = await bus.consumer(${JSON.stringify(consumer)});
      await Promise.all(Array.from({ length: 2000 }, (_, i) => bus.publish('s.e', new TextEncoder().encode(String(i)), { msgId: 'id' + i })));
      const got = [];
      while (got.length < 2000) got.push(...(await c.fetch(2000 - got.length, 1000)));
      got.slice(0, 1200).forEach((m) => m.ack());
      await c.fetch(1, 0);
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const bus = await createEmbeddedBus(dir);
    try {
      const c = await bus.consumer(consumer);
      const again = await take(c, 800, 3000);
      expect(again.map((m) => Number(dec(m.data)))).toEqual(Array.from({ length: 800 }, (_, i) => 1200 + i));
      expect(again.every((m) => m.deliveryCount === 2)).toBe(true);
      expect(await c.fetch(10, 100)).toEqual([]);
      expect(await bus.publish('s.e', enc('dup'), { msgId: 'id5' })).toEqual({ seq: 6, duplicate: true });
    } finally {
      await bus.close();
    }
  });

  it('bus - ack state ahead of a stream tail lost to a power failure is clamped', async () => {
    const dir = tmp();
    let bus = await createEmbeddedBus(dir);
    await bus.ensureStream(stream);
    for (let i = 0; i < 10; i++) await bus.publish('s.e', enc(`${i}`));
    let c = await bus.consumer(consumer);
    (await take(c, 10)).forEach((m) => m.ack());
    await bus.close();
    const logDir = path.join(dir, 'streams/S/log');
    const seg = path.join(logDir, fs.readdirSync(logDir)[0]);
    fs.truncateSync(seg, fs.statSync(seg).size / 2);
    bus = await createEmbeddedBus(dir);
    c = await bus.consumer(consumer);
    expect((await bus.publish('s.e', enc('new'))).seq).toBe(6);
    expect((await take(c, 1)).map((m) => dec(m.data))).toEqual(['new']);
    await bus.close();
  });

  it('bus - rotates segments and reads across them, also after a restart', async () => {
    const dir = tmp();
    let bus = await createEmbeddedBus(dir, { segmentBytes: 4096 });
    await bus.ensureStream(stream);
    for (let i = 0; i < 500; i++) await bus.publish('s.e', enc(`payload-${i}`.padEnd(100, '.')));
    const segs = fs.readdirSync(path.join(dir, 'streams/S/log'));
    expect(segs.length).toBeGreaterThan(10);
    let c = await bus.consumer(consumer);
    const first = await take(c, 250);
    first.forEach((m) => m.ack());
    await bus.close();
    bus = await createEmbeddedBus(dir, { segmentBytes: 4096 });
    c = await bus.consumer(consumer);
    const rest = await take(c, 250);
    expect(rest.map((m) => dec(m.data).split('.')[0])).toEqual(Array.from({ length: 250 }, (_, i) => `payload-${250 + i}`));
    await bus.close();
  });

  it('bus - repairs a torn tail left by a crash mid-write', async () => {
    const dir = tmp();
    let bus = await createEmbeddedBus(dir);
    await bus.ensureStream(stream);
    for (let i = 0; i < 10; i++) await bus.publish('s.e', enc(`${i}`));
    await bus.close();
    const logDir = path.join(dir, 'streams/S/log');
    const seg = path.join(logDir, fs.readdirSync(logDir).sort().at(-1)!);
    const whole = fs.readFileSync(seg);
    fs.writeFileSync(seg, Buffer.concat([whole, whole.subarray(0, 30)]));
    bus = await createEmbeddedBus(dir);
    expect((await bus.publish('s.e', enc('after'))).seq).toBe(11);
    const c = await bus.consumer(consumer);
    expect((await take(c, 11)).map((m) => dec(m.data))).toEqual([...Array.from({ length: 10 }, (_, i) => `${i}`), 'after']);
    await bus.close();
  });
});

describe('nats bus: cumulative acks, deliveries lost in transit, a stalled server', () => {
  let server: Awaited<ReturnType<typeof startNatsServer>>;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(() => server?.stop());

  /** A bus and a plain client (to see the server's side) on the test server, both closed afterwards. */
  async function withBus(opts: NatsBusOptions, test: (c: { bus: EventBus; raw: NatsConnection; jsm: JetStreamManager }) => Promise<void>) {
    const bus = await createNatsBus(server.url, opts);
    const raw = await connect({ servers: server.url });
    try {
      await test({ bus, raw, jsm: await raw.jetstreamManager() });
    } finally {
      await raw.close();
      await bus.close();
    }
  }

  it('bus - a hole in the delivery sequence stops acks and restarts the consumer after its ack floor', () => withBus({}, async ({ bus, raw, jsm }) => {
    await bus.ensureStream({ name: 'LOST', subjects: ['lost.>'], maxAgeMs: 3600_000, duplicateWindowMs: 60_000 });
    const c = await bus.consumer({ stream: 'LOST', name: 'c', ackAll: true, ackWaitMs: 30_000, maxAckPending: 1000 });
    for (let i = 0; i < 6; i++) await bus.publish('lost.a', enc(`${i}`));
    // A pull whose answer never reaches the consumer, as deliveries in flight during a reconnect:
    // messages 0 and 1 go where the bus never sees them.
    raw.subscribe('void.inbox');
    await raw.flush();
    raw.publish('$JS.API.CONSUMER.MSG.NEXT.LOST.c', enc(JSON.stringify({ batch: 2, no_wait: true })), { reply: 'void.inbox' });
    await eventually(async () => (await jsm.consumers.info('LOST', 'c')).num_ack_pending === 2);

    const first = await take(c, 4);
    expect(first.map((m) => dec(m.data))).toEqual(['2', '3', '4', '5']);
    // A cumulative ack on 5 would cover 0 and 1, which nobody processed: it is not sent.
    first[3].ack();
    await sleep(200);
    expect((await jsm.consumers.info('LOST', 'c')).ack_floor.stream_seq).toBe(0);

    // The next fetch restarts the consumer after its ack floor, and says so: everything comes again at once, not after the ack wait.
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    const again = await take(c, 6, 3000);
    expect(((await warned) as Error & { code?: string }).code).toBe('BUS_DELIVERY_LOST');
    expect(again.map((m) => dec(m.data))).toEqual(['0', '1', '2', '3', '4', '5']);
    // Acks of the earlier binding's messages stay unsent; the new binding's ack covers all six.
    first[3].ack();
    await sleep(200);
    expect((await jsm.consumers.info('LOST', 'c')).num_ack_pending).toBe(6);
    again[5].ack();
    await eventually(async () => (await jsm.consumers.info('LOST', 'c')).num_ack_pending === 0);
    expect(await c.fetch(10, 300)).toEqual([]);
  }));
  it('bus - a pull the server leaves unanswered is given up soon after its expiry; what the server sends to it later still arrives, in order', () => withBus({}, async ({ bus, jsm }) => {
    await bus.ensureStream({ name: 'STALL', subjects: ['stall.>'], maxAgeMs: 3600_000, duplicateWindowMs: 60_000 });
    const c = await bus.consumer({ stream: 'STALL', name: 'c', ackAll: true, ackWaitMs: 30_000, maxAckPending: 1000 });
    for (const s of ['a', 'b']) await bus.publish('stall.x', enc(s));
    const first = await take(c, 2);
    first[1].ack();
    await eventually(async () => (await jsm.consumers.info('STALL', 'c')).ack_floor.stream_seq === 2);

    // A stalled server (nats-server 2.9.10 under load leaves some pulls unanswered): the fetch
    // ends 100 ms after its 200 ms expiry, not a second later, and returns nothing.
    server.pause();
    const t0 = performance.now();
    let stalled: BusMessage[];
    try {
      stalled = await c.fetch(10, 200);
    } finally {
      server.resume();
    }
    const waited = performance.now() - t0;
    expect(stalled).toEqual([]);
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(800);

    // The server now reads that pull (it came before the publishes on the same connection) and
    // answers it with "c": the delivery still reaches the consumer, in order, and nothing is lost,
    // so the consumer is not restarted (it would deliver everything again, from 1).
    for (const s of ['c', 'd', 'e']) await bus.publish('stall.x', enc(s));
    const later = await take(c, 3);
    expect(later.map((m) => dec(m.data))).toEqual(['c', 'd', 'e']);
    later[2].ack();
    await eventually(async () => {
      const info = await jsm.consumers.info('STALL', 'c');
      return info.ack_floor.stream_seq === 5 && info.num_ack_pending === 0;
    });
    expect((await jsm.consumers.info('STALL', 'c')).delivered.consumer_seq).toBe(5);
  }));

  it('bus - a publish with a msgId that times out is tried again and stored once; without a msgId it fails', () => withBus({ publishTimeoutMs: 250 }, async ({ bus, jsm }) => {
    await bus.ensureStream({ name: 'RETRY', subjects: ['retry.>'], maxAgeMs: 3600_000, duplicateWindowMs: 60_000 });
    server.pause();
    let once: Promise<unknown>;
    let noId: Promise<unknown>;
    try {
      once = bus.publish('retry.x', enc('once'), { msgId: 'm-1' });
      noId = bus.publish('retry.x', enc('no id'));
      noId.catch(() => undefined);
      // The first try times out at 250 ms, the second is sent then: both reach the server when it resumes.
      await sleep(400);
    } finally {
      server.resume();
    }
    await expect(noId).rejects.toMatchObject({ code: 'TIMEOUT' });
    // Stored by one of the tries, dropped as a duplicate by the other: to the caller, stored once.
    expect(await once).toMatchObject({ duplicate: false });
    await eventually(async () => (await jsm.streams.info('RETRY')).state.messages >= 1);
    await sleep(200);
    const info = await jsm.streams.info('RETRY');
    // "once" stored once; the timed-out publish without a msgId may have been stored too (the server got it), but only once.
    expect(info.state.messages).toBeGreaterThanOrEqual(1);
    expect(info.state.messages).toBeLessThanOrEqual(2);
    const bodies = [];
    for (let seq = 1; seq <= info.state.last_seq; seq++) bodies.push(dec((await jsm.streams.getMessage('RETRY', { seq })).data));
    expect(bodies.filter((b) => b === 'once')).toHaveLength(1);
  }));
});
