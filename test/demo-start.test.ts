/** `npm start`'s demo: the engine started with the simulator on shows agents and calls on its own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootEngine, type TestEngine } from './support/identity.ts';
import { dayWindow } from '@callboard/metrics';
import { businessHoursZone } from '../apps/ingest/src/start.ts';
import { DEMO_CASES, seedDemoTickets } from '../apps/ingest/src/tickets/demo-tickets.ts';
import pino from 'pino';

const TOKEN = 'demo-start-test-token-0123';

describe('demo traffic on start', () => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await bootEngine('demo-start', { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_SIMULATOR: 'on', CALLBOARD_SIMULATOR_SPEED: '30' });
  });
  afterAll(async () => { await e?.stop(); });

  it('the demo has tickets in every state, opened through the ticket service; a second start opens none', async () => {
    const { tickets } = e.running.services;
    const statuses = () => ['taken', 'allocated', 'allocated_confirmed', 'finalised', 'cancelled'].map((st) => tickets.list('demo').filter((x) => x.ticket.status === st).length);
    // opened in the background after the start: every case reaches its stage
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && JSON.stringify(statuses()) !== '[3,3,2,3,1]') await new Promise((r) => setTimeout(r, 200));
    expect(statuses()).toEqual([3, 3, 2, 3, 1]);
    const list = tickets.list('demo').map((x) => x.ticket);
    expect(list.map((t) => t.number).sort((a, b) => a - b)).toEqual(DEMO_CASES.map((_, i) => i + 1)); // numbered without a gap
    await e.running.demoTickets;
    expect(tickets.list('demo').filter((x) => x.ticket.notes.length).length).toBe(DEMO_CASES.filter((c) => c.note).length);
    // the live figures a ticket tile reads: open ones, one overdue (its slot has passed), finalised today
    const figures = tickets.liveFigures('demo', Date.now()).total;
    expect(figures).toMatchObject({ backlog: 8, overdue: 1, finalised: 3, opened: DEMO_CASES.length });
    // a tenant that has tickets is left alone (a restart, or a real centre)
    const admin = (await e.running.services.identity.users.list('demo'))[0];
    expect(await seedDemoTickets(tickets, 'demo', [{ id: admin.id, name: admin.name }], e.running.services.tenants.get('demo')!.settings, pino({ level: 'silent' }))).toBe(0);
    expect(tickets.list('demo')).toHaveLength(DEMO_CASES.length);
  });

  it('shows logged-in agents and offered calls within seconds', async () => {
    const deadline = Date.now() + 20_000;
    let snap: { total: { agents: Record<string, number>; metrics: Record<string, number> }; queues: unknown[] } | null = null;
    while (Date.now() < deadline) {
      snap = (await e.running.app.inject({ method: 'GET', url: '/api/v1/live', headers: { authorization: `Bearer ${TOKEN}` } })).json();
      const staffed = Object.values(snap!.total.agents).reduce((a, b) => a + b, 0);
      if (staffed > 0 && snap!.total.metrics.offered > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(Object.values(snap!.total.agents).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
    expect(snap!.total.metrics.offered).toBeGreaterThan(0);
    expect(snap!.queues.length).toBeGreaterThanOrEqual(4);
  });

  it('the demo centre lives in its own timezone, where it is late morning, and its morning is already filled', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const tz = e.running.services.tenants.get('demo')!.settings.timezone;
    const hourThere = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: tz }).format(Date.now()));
    expect(hourThere).toBeGreaterThanOrEqual(11); // the zone is picked at creation, where it is 11:xx
    expect(hourThere).toBeLessThanOrEqual(12);
    // History by hour of today: traffic in several earlier hours, not only in the last bucket.
    const dayStart = dayWindow(Date.now(), tz).start;
    const q = `/api/v1/metrics?from=${new Date(dayStart).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}&groupBy=hour&metrics=offered`;
    let busyHours = 0;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const rows: { metrics: { offered: number } }[] = (await e.running.app.inject({ method: 'GET', url: q, headers: auth })).json().rows;
      busyHours = rows.filter((r) => r.metrics.offered > 0).length;
      if (busyHours >= 3) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(busyHours).toBeGreaterThanOrEqual(3);
  });

  it('demo agents book open callback requests, hold them, then record a call attempt or release them (history shows both)', async () => {
    const { callbacks, ch } = e.running.services;
    const demo = e.running.demoBookings!;
    expect(demo).not.toBeNull();
    // The filled morning's missed calls open requests through the engine.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && callbacks.list('demo').filter((s) => s.request.status === 'open').length < 3) await new Promise((r) => setTimeout(r, 250));
    await demo.tick();
    const booked = callbacks.list('demo').filter((s) => s.request.bookedBy?.startsWith('demo:'));
    expect(booked.length).toBeGreaterThan(0);
    expect(booked[0].request.bookedByName).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/); // "Anna Rossi": Assign Call's "booked by"
    // Past the hold: two in three get a call attempt (num recalled), then every hold is released.
    await demo.tick(Date.now() + 10 * 60_000);
    expect(demo.counts.attempts).toBeGreaterThan(0);
    expect(demo.counts.released).toBeGreaterThanOrEqual(booked.length);
    await callbacks.history.flush();
    const rows = await (await ch.query({
      query: `SELECT action, count() AS n FROM callback_history FINAL WHERE tenant = 'demo' AND startsWith(actor, 'demo:') GROUP BY action`, format: 'JSONEachRow',
    })).json<{ action: string; n: string }>();
    const n = Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
    expect(n.booked).toBeGreaterThanOrEqual(1);
    expect(n.attempt).toBeGreaterThanOrEqual(1);
  });

  it.each([[Date.parse('2026-11-25T00:30:00Z'), 11], [Date.parse('2026-11-25T11:00:00Z'), 11], [Date.parse('2026-11-25T20:15:00Z'), 11]])(
    'picks a zone where it is late morning (UTC %i)', (now, hour) => {
      const local = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: businessHoursZone(now) }).format(now));
      expect(local).toBe(hour);
    });
});
