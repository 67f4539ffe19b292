/**
 * TicketService.liveFigures (the live snapshot's ticket block) and liveVersion (when the live hub sends it): the
 * figures follow a change at once, and change by themselves — the version moving on, without any ticket changing —
 * when a scheduled end passes (overdue) or the day rolls over (opened today). Moments are passed in, not waited for.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createBus, type EventBus } from '@callboard/bus';
import { dayWindow, type Person } from '@callboard/metrics';
import type { ClickHouseClient } from '@clickhouse/client';
import { TenantRegistry } from '../apps/ingest/src/tenants/tenant-registry.ts';
import { TicketService } from '../apps/ingest/src/tickets/service.ts';
import { testClickHouse } from './support/clickhouse.ts';
import { raceFields } from './support/ticket-race.ts';

const TENANT = 'tlive';
const me: Person = { id: 'u1', name: 'Ana' };
let bus: EventBus;
let tenants: TenantRegistry;
let ch: ClickHouseClient;
let svc: TicketService;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-tlive-'));
  bus = await createBus({ dataDir: dir });
  tenants = await TenantRegistry.open(bus);
  await tenants.ensure(TENANT, 'Live figures');
  ({ client: ch } = await testClickHouse());
  svc = await TicketService.open({ bus, ch, tenants, log: pino({ level: 'warn' }) }, { attachmentsDir: path.join(dir, 'att') });
}, 60_000);
afterAll(async () => {
  await svc?.close();
  tenants?.close();
  await bus?.close();
  await ch?.close();
});

describe('tickets - live figures', () => {
  it('follow a new ticket at once; overdue and the day roll over on the clock, bumping the version', async () => {
    const t0 = Date.now();
    const empty = svc.liveFigures(TENANT, t0);
    expect(empty.total).toMatchObject({ opened: 0, backlog: 0, overdue: 0 });
    const v0 = svc.liveVersion(TENANT, t0);
    expect(svc.liveVersion(TENANT, t0)).toBe(v0);

    const end = t0 + 3_600_000;
    const s = await svc.create(TENANT, 'INT', () => ({
      tenant: TENANT, series: 'INT', fields: { ...raceFields('live', me), type: 'maintenance', team: [me], scheduledStart: t0 + 60_000, scheduledEnd: end }, source: null, by: me,
    }), me);
    const at = s.ticket.createdAt + 1;
    const v1 = svc.liveVersion(TENANT, at);
    expect(v1).not.toBe(v0);
    const f1 = svc.liveFigures(TENANT, at);
    expect(f1.total).toMatchObject({ opened: 1, backlog: 1, overdue: 0 });
    expect(f1.byType.maintenance).toMatchObject({ opened: 1, backlog: 1 });
    expect(f1.byHandler[me.id]).toMatchObject({ label: 'Ana', backlog: 1 });
    // Nothing changes while the clock stays before the scheduled end: same version, same figures.
    expect(svc.liveVersion(TENANT, end - 1)).toBe(v1);
    expect(svc.liveFigures(TENANT, end).total.overdue).toBe(0);
    // Past the scheduled end the ticket is overdue: the version moves on although no ticket changed.
    const v2 = svc.liveVersion(TENANT, end + 1);
    expect(v2).not.toBe(v1);
    expect(svc.liveFigures(TENANT, end + 1).total).toMatchObject({ backlog: 1, overdue: 1 });
    // The next day: nothing opened today, still open and overdue.
    const tomorrow = dayWindow(end + 1, tenants.get(TENANT)!.settings.timezone).end + 1000;
    expect(svc.liveVersion(TENANT, tomorrow)).not.toBe(v2);
    expect(svc.liveFigures(TENANT, tomorrow).total).toMatchObject({ opened: 0, backlog: 1, overdue: 1 });
  });
});
