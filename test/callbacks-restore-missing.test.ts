/**
 * A crash between a callback request's KV change and its history insert (kill -9 inside the insert queue's 100 ms)
 * leaves callback_history a step behind the KV, so the missed-call dashboard's figures as of any later moment (open,
 * booked, oldest open) would take the request as it was before that step. The next start records the requests' stored
 * state again, as a 'recovered' row. Here the lost write is made by deleting the step's rows, then a new
 * CallbackService opens on the same KV and store.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createBus, type EventBus } from '@callboard/bus';
import { callbackFiguresSql, normaliseCaller, SEQ_PER_REVISION, type Actor } from '@callboard/metrics';
import type { ClickHouseClient } from '@clickhouse/client';
import { CallbackService } from '../apps/ingest/src/callbacks/service.ts';
import { chTime } from '../apps/ingest/src/store/rows.ts';
import { TenantRegistry } from '../apps/ingest/src/tenants/tenant-registry.ts';
import { testClickHouse } from './support/clickhouse.ts';

const TENANT = 'cbcrash';
const sara: Actor = { id: 'u-sara', name: 'Sara', supervisor: true };
let bus: EventBus;
let tenants: TenantRegistry;
let ch: ClickHouseClient;

beforeAll(async () => {
  bus = await createBus({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'cb-cbcrash-')) });
  tenants = await TenantRegistry.open(bus);
  await tenants.ensure(TENANT, 'Crash');
  ({ client: ch } = await testClickHouse());
}, 60_000);
afterAll(async () => {
  tenants?.close();
  await bus?.close();
  await ch?.close();
});

const open = () => CallbackService.open({ bus, ch, tenants, log: pino({ level: 'silent' }) }, { sweepMs: 0 });
/** The dashboard's open requests as of now, from callback_history (the SQL of the catalogue's callbacks_open). */
const openNow = async () => Number((await (await ch.query({
  query: callbackFiguresSql({ byQueue: false }), query_params: { tenant: TENANT, at: chTime(Date.now() + 1_000) }, format: 'JSONEachRow',
})).json<{ open: string }>())[0]?.open ?? 0);

describe('callbacks - a history write lost in a crash', () => {
  it('the next start records the requests\' stored state: the dashboard counts a closed request closed; a clean start records nothing', async () => {
    const first = await open();
    const caller = normaliseCaller('+390212345678', 'IT');
    await first.step(TENANT, caller.key, (at) => ({ kind: 'missed', at, tenant: TENANT, caller, channel: 'voice', queue: 'sales', callId: 'crash-1' }));
    await first.history.flush();
    expect(await openNow()).toBe(1);
    const closed = await first.step(TENANT, caller.key, (at) => ({ kind: 'force_close', at, by: sara, reason: 'wrong number' }));
    expect(closed?.request.status).toBe('closed');
    await first.history.flush();
    expect(await openNow()).toBe(0);
    // The closing step's rows never reached ClickHouse: the dashboard would count the request open for ever.
    await ch.command({ query: `ALTER TABLE callback_history DELETE WHERE tenant = '${TENANT}' AND seq >= ${closed!.revision * SEQ_PER_REVISION} SETTINGS mutations_sync = 1` });
    expect(await openNow()).toBe(1);
    await first.close();

    const second = await open();
    await second.history.flush();
    expect(await openNow()).toBe(0);
    const history = await second.history.read(TENANT, caller.key);
    expect(history.map((h) => h.action)).toEqual(['missed', 'recovered']);
    expect(history.at(-1)).toMatchObject({ actor: 'system', at: closed!.request.updatedAt });
    expect(await second.history.restoreMissing(second.list(TENANT))).toBe(0);
    await second.close();
  });
});
