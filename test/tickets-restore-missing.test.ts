/**
 * A crash between a ticket's KV change and its ClickHouse insert (kill -9 inside the insert queue's 100 ms) leaves
 * `tickets` and `ticket_versions` a version behind the KV, so reports and the ticket metrics' SQL would show the ticket
 * as it was before the change until it changes again. The next start stores the tickets' current state again. Here
 * the lost write is made by deleting the last version's rows, then a new TicketService opens on the same KV and store.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createBus, type EventBus } from '@callboard/bus';
import { moveTicket, type Person } from '@callboard/metrics';
import type { ClickHouseClient } from '@clickhouse/client';
import { TenantRegistry } from '../apps/ingest/src/tenants/tenant-registry.ts';
import { TicketService } from '../apps/ingest/src/tickets/service.ts';
import { testClickHouse } from './support/clickhouse.ts';
import { raceFields } from './support/ticket-race.ts';

const TENANT = 'tcrash';
const me: Person = { id: 'u1', name: 'Ana' };
let dir: string;
let bus: EventBus;
let tenants: TenantRegistry;
let ch: ClickHouseClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cb-tcrash-'));
  bus = await createBus({ dataDir: dir });
  tenants = await TenantRegistry.open(bus);
  await tenants.ensure(TENANT, 'Crash');
  ({ client: ch } = await testClickHouse());
}, 60_000);
afterAll(async () => {
  tenants?.close();
  await bus?.close();
  await ch?.close();
});

const open = () => TicketService.open({ bus, ch, tenants, log: pino({ level: 'silent' }) }, { attachmentsDir: path.join(dir, 'att') });
const stored = async (table: 'tickets' | 'ticket_versions', id: string) => (await (await ch.query({
  query: `SELECT toString(max(version)) AS v, argMax(status, version) AS s FROM ${table} WHERE tenant = {t:String} AND id = {id:String}`,
  query_params: { t: TENANT, id }, format: 'JSONEachRow',
})).json<{ v: string; s: string }>()).map((r) => ({ version: r.v, status: r.s }))[0];

describe('tickets - a write lost in a crash', () => {
  it('the next start stores the tickets\' current state again, in both tables; a clean start stores nothing', async () => {
    const first = await open();
    const made = await first.create(TENANT, 'INT', () => ({ tenant: TENANT, series: 'INT', fields: { ...raceFields('crash', me), type: 'fault' }, source: null, by: me }), me);
    const now = Date.now();
    const moved = await first.change(TENANT, made.ticket.id, (t, at) => moveTicket(t, 'allocated', { team: [me], scheduledStart: now, scheduledEnd: now + 3_600_000 }, at), me);
    await first.history.flush();
    expect(await stored('tickets', made.ticket.id)).toEqual({ version: String(moved.revision), status: 'allocated' });
    // The allocation's rows never reached ClickHouse.
    for (const table of ['tickets', 'ticket_versions']) {
      await ch.command({ query: `ALTER TABLE ${table} DELETE WHERE tenant = '${TENANT}' AND version = ${moved.revision} SETTINGS mutations_sync = 1` });
    }
    expect(await stored('ticket_versions', made.ticket.id)).toEqual({ version: String(made.revision), status: 'taken' });
    await first.close();

    const second = await open();
    await second.history.flush();
    for (const table of ['tickets', 'ticket_versions'] as const) expect(await stored(table, made.ticket.id), table).toEqual({ version: String(moved.revision), status: 'allocated' });
    // Nothing is behind now: a start stores nothing again.
    expect(await second.history.restoreMissing(second.list(TENANT))).toBe(0);
    await second.close();
  });
});
