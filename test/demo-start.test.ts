/** `npm start`'s demo: the engine started with the simulator on shows agents and calls on its own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootEngine, type TestEngine } from './support/identity.ts';
import { dayWindow } from '@callboard/metrics';
import { businessHoursZone } from '../apps/ingest/src/start.ts';

const TOKEN = 'demo-start-test-token-0123';

describe('demo traffic on start', () => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await bootEngine('demo-start', { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_SIMULATOR: 'on', CALLBOARD_SIMULATOR_SPEED: '30' });
  });
  afterAll(async () => { await e?.stop(); });

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
