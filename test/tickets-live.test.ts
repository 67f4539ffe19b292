/**
 * The catalogue's ticket metrics are first-class (issue 16): listed in the catalogue the builder offers (source
 * tickets), carried by the live snapshot and its deltas (the tenant's ticket block: in total, by type, by handler),
 * answered by the history query (GET /metrics) with the same figures, and shown by a wallboard on a TV through the
 * live WebSocket: "open tickets" goes from N to N+1 when a ticket is opened (real engine, real Chromium).
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dayWindow, type LiveMessage, type LiveTickets } from '@callboard/metrics';
import { ARTIFACTS } from './support/browser.ts';
import { ADMIN } from './support/web-engine.ts';
import { useWebAndBrowser } from './support/web-browser.ts';
import { eventually } from './support/wait.ts';

const env = useWebAndBrowser();
const IDS = ['tickets_opened', 'tickets_finalised', 'tickets_backlog', 'tickets_mean_time_to_finalise', 'tickets_overdue'];
const fields = { client: 'Acme Srl', type: 'fault', subject: 'Boiler does not start', phone: '0721 123 456' };

async function open(type = 'fault'): Promise<string> {
  const r = await env.api('POST', 'tickets', { ...fields, type });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

/** The live WebSocket's view of the tenant's tickets: the snapshot's block, replaced by each delta that carries one. */
function watchTickets(): Promise<{ ws: WebSocket; tickets: () => LiveTickets | null }> {
  let tickets: LiveTickets | null = null;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${env.engine.url.replace('http', 'ws')}/api/v1/live/ws?token=${ADMIN}`);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as LiveMessage;
      if (m.type === 'snapshot') tickets = m.snapshot.tickets ?? null;
      if (m.type === 'delta' && m.tickets) tickets = m.tickets;
    });
    ws.once('open', () => resolve({ ws, tickets: () => tickets }));
    ws.once('error', reject);
  });
}

describe('ticket metrics, live and on a TV', () => {
  it('tickets live - the catalogue lists them; the live WebSocket pushes them on a change, in total and by type; the history query gives the same figures', async () => {
    const catalogue = (await env.api('GET', 'metrics/catalogue')).body.metrics as { id: string; source: string }[];
    expect(catalogue.filter((m) => m.source === 'tickets').map((m) => m.id)).toEqual(IDS);

    const live = await watchTickets();
    const before = await eventually('the ticket block in the snapshot', () => live.tickets());
    await open('maintenance');
    const after = await eventually('the new ticket in a delta', () => (live.tickets()?.total.backlog === before.total.backlog + 1 ? live.tickets() : null));
    expect(after.total.opened).toBe(before.total.opened + 1);
    expect(after.byType.maintenance?.backlog).toBe((before.byType.maintenance?.backlog ?? 0) + 1);
    live.ws.close();

    // The history query path (what a widget with a 'today' window reads) gives the same numbers.
    const today = dayWindow(Date.now(), (await env.api('GET', 'tenant')).body.settings.timezone as string).day;
    const total = await env.api('GET', `metrics?from=${today}&to=${today}&metrics=${IDS.join(',')}`);
    expect(total.status).toBe(200);
    expect(total.body.rows).toHaveLength(1);
    expect(total.body.rows[0].metrics.tickets_backlog).toBe(after.total.backlog);
    expect(total.body.rows[0].metrics.tickets_opened).toBe(after.total.opened);
    // By ticket type (what a bar or table of ticket metrics by type reads outside today): the snapshot's groups.
    const byType = await env.api('GET', `metrics?from=${today}&to=${today}&groupBy=ticketType&metrics=tickets_backlog,tickets_opened`);
    expect(byType.status).toBe(200);
    expect(Object.fromEntries(byType.body.rows.map((r: { key: { ticketType: string }; metrics: Record<string, number> }) => [r.key.ticketType, r.metrics])))
      .toEqual(Object.fromEntries(Object.entries(after.byType).map(([k, f]) => [k, { tickets_backlog: f.backlog, tickets_opened: f.opened }])));
    // By day (or by queue) a ticket metric is refused, not left out: tickets are counted in total, by type or by handler.
    const byDay = await env.api('GET', `metrics?from=${today}&to=${today}&groupBy=day&metrics=tickets_backlog`);
    expect(byDay.status).toBe(400);
    expect(byDay.body.error.message).toMatch(/^groupBy: tickets are counted over the range in total, by ticketType or by handler, not by day/);
    const ofQueue = await env.api('GET', `metrics?from=${today}&to=${today}&queue=sales&metrics=tickets_backlog`);
    expect(ofQueue.status).toBe(400);
    expect(ofQueue.body.error.message).toMatch(/^queue: tickets have no queue/);
  });

  it('tickets live - a TV board shows open tickets and follows a new ticket without a reload', async () => {
    const board = await env.api('POST', 'wallboards', {
      name: 'Tickets', columns: 12, rows: 6,
      widgets: [
        { id: 'tk-open', kind: 'tile', layout: { x: 0, y: 0, w: 4, h: 3 }, title: 'Open tickets', metrics: ['tickets_backlog'] },
        { id: 'tk-opened', kind: 'tile', layout: { x: 4, y: 0, w: 4, h: 3 }, title: 'Opened today', metrics: ['tickets_opened'], window: { kind: 'today' } },
        { id: 'tk-types', kind: 'table', layout: { x: 8, y: 0, w: 4, h: 3 }, title: 'Open tickets by type', metrics: ['tickets_backlog'], groupBy: 'ticketType' },
      ],
    });
    expect(board.status, JSON.stringify(board.body)).toBe(201);
    const boardId = board.body.id as string;
    const token = (await env.api('POST', 'tokens', { name: 'tickets tv', role: 'display', wallboards: [boardId] })).body.token as string;

    const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${env.engine.url}/tv/${boardId}?token=${encodeURIComponent(token)}`);
    const tile = (w: string) => page.locator(`[data-widget="${w}"] .value`).first();
    const number = async (w: string) => {
      const t = (await tile(w).innerText().catch(() => '')).trim();
      return /^\d+$/.test(t) ? Number(t) : null;
    };
    const n = await eventually('the open tickets on the TV', async () => {
      const v = await number('tk-open');
      return v !== null && v >= 1 ? v : null;
    });
    const opened = await eventually('the tickets opened today on the TV', () => number('tk-opened'));
    // The table by ticket type: a row per type, named, with its open tickets.
    const ofType = async (type: string) => {
      const row = page.locator('[data-widget="tk-types"] tbody tr', { has: page.locator('td.key', { hasText: new RegExp(`^${type}$`) }) });
      return (await row.count()) === 1 ? Number(await row.locator('td.num').innerText()) : 0;
    };
    const { faults } = await eventually('the open faults in the table by type', async () => ((await page.locator('[data-widget="tk-types"] tbody tr').count()) > 0 ? { faults: await ofType('fault') } : null));
    await open();
    await eventually('one more open fault in the table by type, without a reload', async () => (await ofType('fault')) === faults + 1);
    await eventually('one more open ticket on the TV, without a reload', async () => (await number('tk-open')) === n + 1);
    await eventually('one more ticket opened today on the TV', async () => (await number('tk-opened')) === opened + 1);
    await page.screenshot({ path: `${ARTIFACTS}tv-tickets.png` });
    await page.close();
  });
});
