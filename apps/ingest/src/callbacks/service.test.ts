import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Buckets } from '@callboard/nats';
import { callContext, defaultTenantSettings, normaliseCaller, TenantLive, type CallEvent } from '@callboard/metrics';
import { eventFactory } from '../../../../packages/metrics/src/testing/events.ts';
import { countingClickHouse } from '../../../../bench/callbacks/contention.ts';
import { createEmbeddedBus, type EventBus, type Kv } from '@callboard/bus';
import { TenantRegistry } from '../tenants/tenant-registry.ts';
import { CallbackService } from './service.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

/** An embedded bus whose callbacks bucket fails its next `failures` reads (a store that is briefly unreachable). */
async function flakyBus(failures: { left: number }): Promise<EventBus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-callbacks-service-'));
  const bus = await createEmbeddedBus(dir);
  cleanups.push(async () => { await bus.close(); fs.rmSync(dir, { recursive: true, force: true }); });
  return {
    ...bus,
    kv: async (bucket: string): Promise<Kv> => {
      const kv = await bus.kv(bucket);
      if (bucket !== Buckets.callbacks) return kv;
      return { ...kv, get: async (key) => { if (failures.left-- > 0) throw new Error('store unreachable'); return kv.get(key); },
        create: kv.create.bind(kv), update: kv.update.bind(kv), put: kv.put.bind(kv), delete: kv.delete.bind(kv), keys: kv.keys.bind(kv), watch: kv.watch.bind(kv) };
    },
  };
}

/** A service for tenant t1 over a bus whose KV fails `failures.left` more times; closed after the test. */
async function openService(failures: { left: number }): Promise<CallbackService> {
  const bus = await flakyBus(failures);
  const tenants = await TenantRegistry.open(bus);
  await tenants.ensure('t1');
  const svc = await CallbackService.open({ bus, ch: countingClickHouse(), tenants, log: pino({ level: 'silent' }) }, { sweepMs: 0 });
  cleanups.unshift(async () => { await svc.close(); tenants.close(); });
  return svc;
}

/** Hands events to the service as the engine does: each applied to live state first, with its call as live state knows it. */
function handleAll(svc: CallbackService, events: CallEvent[]): void {
  const live = new TenantLive('t1', defaultTenantSettings('Europe/Rome'));
  for (const e of events) {
    live.apply(e, Date.now());
    svc.handle(e, callContext(live, e));
  }
}

describe('callback service', () => {
  it('service - an event step is retried while the store fails, and later events keep their order behind it', async () => {
    const failures = { left: 0 };
    const svc = await openService(failures);
    const ev = eventFactory('t1');
    const now = Date.now();
    failures.left = 3;
    handleAll(svc, [ev.offered(now - 40_000, 'c1', 'sales', '0612345678'), ev.abandoned(now - 10_000, 'c1', 'sales', 30_000),
      ev.offered(now - 5_000, 'c2', 'sales', '+390612345678'), ev.answered(now, 'c2', 'sales', 'a1', 5_000)]);
    await svc.idle();
    expect(svc.get('t1', normaliseCaller('0612345678', 'IT').key)?.request).toMatchObject({ status: 'closed', closeReason: 'served_inbound', numCalls: 1 });
    expect(svc.counts.eventFailures).toBe(0);
  });

  it('service - a short abandon and an abandon without its offer open nothing', async () => {
    const svc = await openService({ left: 0 });
    const ev = eventFactory('t1');
    const now = Date.now();
    handleAll(svc, [ev.offered(now - 3_000, 'c1', 'sales', '0612345678'), ev.abandoned(now, 'c1', 'sales'), ev.abandoned(now, 'c9', 'sales', 60_000)]);
    await svc.idle();
    expect(svc.list('t1')).toEqual([]);
    expect(svc.counts.missedWithoutCaller).toBe(1);
  });
});
