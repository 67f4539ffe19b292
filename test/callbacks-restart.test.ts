/**
 * The call→caller link survives an engine restart: a call offered before the restart and abandoned after
 * it opens its caller's callback request (the engine hands the caller over with the accepted event, from
 * its live state, which the restart rebuilt from the stored events).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { normaliseCaller } from '@callboard/metrics';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { bootEngine, type TestEngine } from './support/identity.ts';
import { eventually } from './support/wait.ts';

const TENANT = 'cbr';
const ev = eventFactory(TENANT, 'cbr-');
let e: TestEngine | undefined;

async function post(events: ReturnType<typeof ev.make>[]) {
  const r = await e!.running.services.publisher.publish(TENANT, events, 'test');
  expect(r.rejected).toEqual([]);
}

afterAll(async () => e?.stop());

describe('callbacks - engine restart', () => {
  it('a call offered before a restart and abandoned after it opens one request', async () => {
    e = await bootEngine('callbacks-restart');
    await e.running.services.tenants.ensure(TENANT, 'Restart centre');
    const offeredAt = Date.now() - 40_000;
    await post([ev.offered(offeredAt, 'r1', 'sales', '06 5555 1234')]);
    await eventually('the call waiting in live state', () => e!.running.services.engine.live(TENANT)?.legs.size);
    const dir = e.dir;
    await e.stop();
    e = undefined;

    e = await bootEngine('callbacks-restart', {}, dir);
    const svc = e.running.services.callbacks;
    const id = normaliseCaller('06 5555 1234', 'IT').key;
    expect(svc.get(TENANT, id)).toBeUndefined();
    await post([ev.abandoned(Date.now(), 'r1', 'sales', Date.now() - offeredAt)]);
    const r = await eventually('the request opened by the abandon', () => svc.get(TENANT, id)?.request);
    await svc.idle();
    expect(r).toMatchObject({ caller: '+390655551234', numCalls: 1, status: 'open', queue: 'sales' });
    expect(svc.list(TENANT)).toHaveLength(1);
    expect(svc.counts.missedWithoutCaller).toBe(0);
  });
});
