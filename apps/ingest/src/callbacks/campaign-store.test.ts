import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignEntryId, normaliseCaller } from '@callboard/metrics';
import { createEmbeddedBus } from '@callboard/bus';
import { countingClickHouse } from '../../../../bench/callbacks/contention.ts';
import { TenantRegistry } from '../tenants/tenant-registry.ts';
import { CallbackService } from './service.ts';
import { eventually } from '../../../../test/support/wait.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => { for (const c of cleanups.splice(0)) await c(); });

/** Two callback services on one bus: two engines sharing a KV (as two instances on one NATS). */
async function twoServices() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-campaign-store-'));
  const bus = await createEmbeddedBus(dir);
  const tenants = await TenantRegistry.open(bus);
  await tenants.ensure('t1');
  const open = () => CallbackService.open({ bus, ch: countingClickHouse(), tenants, log: pino({ level: 'silent' }) }, { sweepMs: 0 });
  const a = await open();
  const b = await open();
  cleanups.push(async () => { await a.close(); await b.close(); tenants.close(); await bus.close(); fs.rmSync(dir, { recursive: true, force: true }); });
  return { a, b };
}

const sara = { id: 'u-sara', name: 'Sara', supervisor: true };
const anna = { id: 'u-anna', name: 'Anna', supervisor: false };

describe('campaign store', () => {
  it('campaign store - a campaign paused on one instance refuses bookings on the other; resumed, they book again', async () => {
    const { a, b } = await twoServices();
    const c = await a.campaigns.create('t1', 'Winter', sara.id);
    await a.campaigns.update('t1', c.id, (x) => ({ ...x, agents: [{ id: anna.id, name: anna.name }] }));
    const caller = normaliseCaller('+48 601 234 567', 'PL');
    const id = campaignEntryId(c.id, caller.key);
    await a.step('t1', id, (at) => ({ kind: 'add', at, by: sara, tenant: 't1', campaign: c.id, caller, queue: '', note: 'test' }));
    await eventually('the other instance knows the campaign and its agent', () => b.campaigns.get('t1', c.id)?.agents.length === 1 || undefined);

    await b.campaigns.update('t1', c.id, (x) => ({ ...x, paused: true }));
    await eventually('the pause reached the first instance', () => a.campaigns.get('t1', c.id)?.paused || undefined);
    await expect(a.step('t1', id, (at) => ({ kind: 'book', at, by: anna }))).rejects.toMatchObject({
      code: 'CONFLICT', refusal: 'paused', message: 'campaign "Winter" is paused: its entries cannot be booked until it is resumed',
    });
    await b.campaigns.update('t1', c.id, (x) => ({ ...x, paused: false }));
    await eventually('the resume reached the first instance', () => a.campaigns.get('t1', c.id)?.paused === false || undefined);
    expect((await a.step('t1', id, (at) => ({ kind: 'book', at, by: anna })))?.request.bookedBy).toBe(anna.id);
  });

  it('campaign store - an agent not assigned to the campaign is refused', async () => {
    const { a } = await twoServices();
    const c = await a.campaigns.create('t1', 'Spring', sara.id);
    const caller = normaliseCaller('+48 501 000 111', 'PL');
    const id = campaignEntryId(c.id, caller.key);
    await a.step('t1', id, (at) => ({ kind: 'add', at, by: sara, tenant: 't1', campaign: c.id, caller, queue: '', note: 'test' }));
    await expect(a.step('t1', id, (at) => ({ kind: 'book', at, by: anna }))).rejects.toMatchObject({ refusal: 'not_in_campaign' });
  });
});
