/**
 * The catalogue's callback metrics are first-class (issue 14): listed in the catalogue the builder offers, carried
 * by the live snapshot and its deltas per queue and in total, answered by the history query from callback_history
 * (the same figures), and shown by a wallboard on a TV through the live WebSocket (real engine, real Chromium).
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveMessage, QueueLive } from '@callboard/metrics';
import { ARTIFACTS } from './support/browser.ts';
import { ADMIN } from './support/web-engine.ts';
import { useWebAndBrowser } from './support/web-browser.ts';
import { eventually } from './support/wait.ts';

const env = useWebAndBrowser();
const QUEUE = 'cblive';
let n = 0;

/** A caller who waited 40 s and hung up: a missed call, which opens (or adds to) their callback request. */
async function missed(caller: string) {
  const c = `cblive-${++n}`;
  const t = Date.now() - 60_000;
  const r = await env.api('POST', 'events', [
    { v: 1, id: `${c}-o`, tenant: 'demo', ts: t, type: 'call.offered', callId: c, queue: QUEUE, caller, channel: 'voice' },
    { v: 1, id: `${c}-x`, tenant: 'demo', ts: t + 40_000, type: 'call.abandoned', callId: c, queue: QUEUE, waitMs: 40_000 },
  ]);
  expect(r.body.accepted).toBe(2);
}

/** The live WebSocket's view of the tenant: the snapshot, with every delta applied. */
function watchLive(): Promise<{ ws: WebSocket; total: () => QueueLive | null; queue: (q: string) => QueueLive | null }> {
  let total: QueueLive | null = null;
  const queues = new Map<string, QueueLive>();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${env.engine.url.replace('http', 'ws')}/api/v1/live/ws?token=${ADMIN}`);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as LiveMessage;
      if (m.type === 'snapshot') { total = m.snapshot.total; for (const q of m.snapshot.queues) queues.set(q.queue, q); }
      if (m.type === 'delta') { if (m.total) total = m.total; for (const q of m.queues ?? []) queues.set(q.queue, q); }
    });
    ws.once('open', () => resolve({ ws, total: () => total, queue: (q) => queues.get(q) ?? null }));
    ws.once('error', reject);
  });
}

describe('callback metrics, live and on a TV', () => {
  it('callbacks live - the catalogue lists them; the live WebSocket pushes them per queue and in total; the history query gives the same figures', async () => {
    const catalogue = (await env.api('GET', 'metrics/catalogue')).body.metrics as { id: string; source: string; unit: string }[];
    expect(catalogue.filter((m) => m.source === 'callbacks').map((m) => m.id)).toEqual(['callbacks_open', 'callbacks_booked', 'callbacks_oldest_open_age']);

    const live = await watchLive();
    await missed('+39 02 5550 0001');
    const q = await eventually('the missed call in the live snapshot', () => (live.queue(QUEUE)?.callbacks?.open === 1 ? live.queue(QUEUE) : null));
    expect(q.callbacks).toMatchObject({ open: 1, booked: 0 });
    expect(q.callbacks!.oldestOpenSince).toBeLessThan(Date.now());
    expect(live.total()?.callbacks?.open).toBeGreaterThanOrEqual(1);

    // A booking is pushed too (a change of the callback requests alone, no call event).
    const id = (await env.api('GET', `callbacks?queue=${QUEUE}`)).body.requests[0].id as string;
    expect((await env.api('POST', `callbacks/${id}/book`, {})).status).toBe(200);
    await eventually('the booking in the live snapshot', () => live.queue(QUEUE)?.callbacks?.booked === 1);
    live.ws.close();

    // The same figures from ClickHouse, through GET /metrics (state as of now).
    const day = (await env.api('GET', 'live')).body.day as string;
    const sql = await eventually('the history stored', async () => {
      const r = await env.api('GET', `metrics?from=${day}&to=${day}&groupBy=queue&metrics=callbacks_open,callbacks_booked,callbacks_oldest_open_age,offered`);
      const row = (r.body.rows as { key: { queue: string }; metrics: Record<string, number | null> }[]).find((x) => x.key.queue === QUEUE);
      return row?.metrics.callbacks_booked === 1 ? row.metrics : null;
    });
    expect(sql).toMatchObject({ callbacks_open: 1, callbacks_booked: 1 });
    // One row per queue holds both kinds of metric (the call facts are stored once the call's grace has passed).
    expect(typeof sql.offered).toBe('number');
    expect(sql.callbacks_oldest_open_age).toBeGreaterThan(20);
    // By day, the callback states are left out (a state has no day); by agent or channel likewise.
    const byDay = await env.api('GET', `metrics?from=${day}&to=${day}&groupBy=day&metrics=callbacks_open,offered`);
    expect(byDay.status).toBe(200);
    expect((byDay.body.rows as { metrics: Record<string, number | null> }[]).every((r) => (r.metrics.callbacks_open ?? null) === null)).toBe(true);
  });

  it('callbacks live - a TV board shows open callbacks of a queue and follows new missed calls without a reload', async () => {
    const board = await env.api('POST', 'wallboards', {
      name: 'Callbacks', columns: 12, rows: 6,
      widgets: [
        { id: 'cb-open', kind: 'tile', layout: { x: 0, y: 0, w: 4, h: 3 }, title: 'Open callbacks', metrics: ['callbacks_open'], filters: { queues: [QUEUE] } },
        { id: 'cb-oldest', kind: 'tile', layout: { x: 4, y: 0, w: 4, h: 3 }, title: 'Oldest open callback', metrics: ['callbacks_oldest_open_age'], filters: { queues: [QUEUE] } },
        { id: 'cb-queues', kind: 'bar', layout: { x: 0, y: 3, w: 8, h: 3 }, title: 'Open callbacks by queue', metrics: ['callbacks_open'], groupBy: 'queue' },
      ],
    });
    expect(board.status).toBe(201);
    const boardId = board.body.id as string;
    const token = (await env.api('POST', 'tokens', { name: 'callbacks tv', role: 'display', wallboards: [boardId] })).body.token as string;

    const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${env.engine.url}/tv/${boardId}?token=${encodeURIComponent(token)}`);
    const tile = (w: string) => page.locator(`[data-widget="${w}"] .value`).first();
    const before = await eventually('the open callbacks on the TV', async () => {
      const t = (await tile('cb-open').innerText().catch(() => '')).trim();
      return /^\d+$/.test(t) && Number(t) >= 1 ? Number(t) : null;
    });
    await missed('+39 02 5550 0002');
    await eventually('one more open callback on the TV, without a reload', async () => (await tile('cb-open').innerText()).trim() === String(before + 1));
    // The oldest open request's age is a duration that grows on the TV's clock.
    expect(await tile('cb-oldest').innerText()).toMatch(/\d/);
    await page.screenshot({ path: `${ARTIFACTS}tv-callbacks.png` });
    await page.close();
  });

  it('callbacks live - the widget builder offers the callback metrics and previews them live', async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` } });
    const page = await ctx.newPage();
    await page.goto(`${env.engine.url}/builder`);
    const editor = page.getByTestId('widget-editor');
    const metric = editor.locator('select[name="metric-0"]');
    await expect.poll(() => metric.locator('option', { hasText: 'Open callbacks' }).count(), { timeout: 15_000 }).toBe(1);
    await metric.selectOption({ label: 'Open callbacks' });
    await editor.getByTestId('metric-definition').filter({ hasText: 'Callers waiting to be called back' }).waitFor();
    await editor.locator('input[name="queues"]').fill(QUEUE);
    await editor.locator('input[name="queues"]').press('Enter');
    await editor.locator('input[name="queues"]').blur();
    const open = (await env.api('GET', `callbacks/summary`)).body.queues.find((x: { queue: string }) => x.queue === QUEUE).open as number;
    await eventually('the live preview of open callbacks', async () => (await page.getByTestId('preview').locator('.value').first().innerText()).trim() === String(open));
    await page.screenshot({ path: `${ARTIFACTS}builder-callbacks.png` });
    await ctx.close();
  });
});
