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

  it.each([[Date.parse('2026-11-25T00:30:00Z'), 11], [Date.parse('2026-11-25T11:00:00Z'), 11], [Date.parse('2026-11-25T20:15:00Z'), 11]])(
    'picks a zone where it is late morning (UTC %i)', (now, hour) => {
      const local = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: businessHoursZone(now) }).format(now));
      expect(local).toBe(hour);
    });
});
