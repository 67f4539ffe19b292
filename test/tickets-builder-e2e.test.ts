/**
 * Ticket metrics by type and by handler in the widget builder (issue 16), real engine and real Chromium at 1920×1080:
 * a supervisor picks "Open tickets", then the type "repair" from the tenant's ticket types; the preview shows the
 * open repair tickets and goes up by one, without a reload, when a repair ticket is opened (not when a fault one
 * is); the same tile over a date range (history, SQL) shows the same number; "Overdue tickets" of the handler Maria
 * likewise, alone (live) and with a type (history). The queue, agent and channel filters give way to ticket ones,
 * and the API refuses a queue filter on a ticket metric with a sentence.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './support/browser.ts';
import { ADMIN } from './support/web-engine.ts';
import { useWebAndBrowser } from './support/web-browser.ts';
import { eventually } from './support/wait.ts';

const env = useWebAndBrowser();
const HOUR = 3600_000;

async function open(type: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await env.api('POST', 'tickets', { client: 'Acme Srl', type, subject: `A ${type} job`, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

describe('ticket metrics by type and handler in the builder (Chromium)', () => {
  let page: Page;
  const editor = () => page.getByTestId('widget-editor');
  const preview = async () => {
    const v = await page.locator('[data-testid="preview"] .value').first().getAttribute('data-value').catch(() => null);
    return v === null || v === '' ? null : Number(v);
  };
  const source = () => editor().locator('p.source').innerText();

  it('builder - a tile "Open tickets, type repair" shows the open repair tickets, live and from history, and follows a new one', async () => {
    const tenant = (await env.api('GET', 'tenant')).body;
    const put = await env.api('PUT', 'tenant/settings', { ...tenant.settings, tickets: { ...tenant.settings.tickets, types: ['repair', 'fault', 'installation'] } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const maria = await env.api('POST', 'users', { login: 'maria', name: 'Maria Pop', roles: ['agent'], password: 'maria-password-123' });
    expect(maria.status, JSON.stringify(maria.body)).toBe(201);
    const mariaId = (maria.body.user ?? maria.body).id as string;
    const now = Date.now();
    // Open: repair ×3 (one Maria's, overdue), fault ×2 (one Maria's, overdue).
    await open('repair');
    await open('repair');
    await open('fault');
    await open('fault', { team: [mariaId], scheduledStart: now - 3 * HOUR, scheduledEnd: now - HOUR });
    await open('repair', { team: [mariaId], scheduledStart: now - 3 * HOUR, scheduledEnd: now - 2 * HOUR });

    page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 }, extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` } });
    await page.goto(`${env.engine.url}/builder`);
    await page.locator('select[name="metric-0"] option[value="tickets_backlog"]').waitFor({ state: 'attached' });
    // A call metric has queue, agent and channel filters, and no ticket ones.
    expect(await editor().locator('input[name="queues"]').count()).toBe(1);
    expect(await editor().locator('select[name="ticketType"]').count()).toBe(0);

    await page.locator('select[name="metric-0"]').selectOption('tickets_backlog');
    await editor().getByTestId('ticket-filters').waitFor();
    // A ticket metric: ticket type and handler instead, and the builder says why.
    expect(await editor().locator('input[name="queues"], input[name="agents"], select[name="channel"]').count()).toBe(0);
    expect(await editor().getByTestId('ticket-filters').innerText()).toContain('those filters are refused for ticket metrics');
    await editor().locator('select[name="ticketType"] option[value="repair"]').waitFor({ state: 'attached' });
    expect(await editor().locator('select[name="ticketType"] option').allInnerTexts()).toEqual(['All types', 'repair', 'fault', 'installation']);
    expect(await editor().locator('select[name="handler"] option').allInnerTexts()).toContain('Maria Pop');

    await eventually('all open tickets in the preview', async () => (await preview()) === 5);
    await editor().locator('select[name="ticketType"]').selectOption('repair');
    await editor().locator('input[name="title"]').fill('Open tickets — type repair');
    await eventually('the open repair tickets in the preview', async () => (await preview()) === 3);
    expect(await source()).toContain('Updates in real time');

    await open('repair');
    await eventually('one more open repair ticket, without a reload', async () => (await preview()) === 4);
    await open('fault');
    // The fault ticket is in the total (a live delta came), not in the repair tile.
    await eventually('the fault ticket counted in total', async () => {
      const t = await env.api('GET', 'tickets/metrics?from=0&to=9999999999999&source=live');
      return t.body.rows[0].values.tickets_backlog === 7;
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await preview()).toBe(4);
    await page.screenshot({ path: `${ARTIFACTS}tickets-builder-type.png` });

    // The same tile over a date range reads history (SQL over the tickets snapshots): the same number.
    await editor().locator('select[name="window"]').selectOption('range');
    await eventually('history says so too', async () => (await source()).includes('From history'));
    await eventually('the open repair tickets from history', async () => (await preview()) === 4);
  });

  it('builder - a tile "Overdue tickets, handler Maria" agrees live and from history, with a type too', async () => {
    await editor().locator('select[name="metric-0"]').selectOption('tickets_overdue');
    await editor().locator('select[name="ticketType"]').selectOption('');
    const maria = await editor().locator('select[name="handler"] option', { hasText: 'Maria Pop' }).getAttribute('value');
    await editor().locator('select[name="handler"]').selectOption(maria!);
    await editor().locator('input[name="title"]').fill('Overdue — Maria');
    await eventually('Maria\'s overdue tickets from history', async () => (await preview()) === 2);
    await editor().locator('select[name="window"]').selectOption('live');
    await eventually('live now', async () => (await source()).includes('Updates in real time'));
    await eventually('Maria\'s overdue tickets live', async () => (await preview()) === 2);
    await page.screenshot({ path: `${ARTIFACTS}tickets-builder-handler.png` });
    // Type and handler together: the snapshot is keyed by one or the other, so the tile reads history.
    await editor().locator('select[name="ticketType"]').selectOption('repair');
    await eventually('from history', async () => (await source()).includes('From history'));
    await eventually('Maria\'s overdue repair tickets', async () => (await preview()) === 1);
  });

  it('builder - a bar of open tickets by handler names them, live and from history; the groupings offered follow the metric', async () => {
    await editor().locator('select[name="ticketType"]').selectOption('');
    await editor().locator('select[name="handler"]').selectOption('');
    // An empty title follows the bindings again.
    await editor().locator('input[name="title"]').fill('');
    await editor().locator('select[name="kind"]').selectOption('bar');
    await editor().locator('select[name="metric-0"]').selectOption('tickets_backlog');
    // A ticket metric groups by ticket type (the default) or handler, not by queue, agent or channel.
    expect(await editor().locator('select[name="groupBy"] option').allInnerTexts()).toEqual(['Ticket type', 'Handler']);
    await editor().locator('select[name="groupBy"]').selectOption('handler');
    // Each bar's group, named by its label's tooltip (the label itself may be cut to fit), and its value.
    const bars = async () => Object.fromEntries(await page.locator('[data-testid="preview"] g.group').evaluateAll((gs) =>
      gs.map((g) => [g.querySelector('text.key title')?.textContent ?? '', Number(g.querySelector('text.val')?.textContent)])));
    // Open: 4 repairs (1 Maria's) and 3 faults (1 Maria's): Maria 2, nobody 5.
    await eventually('the open tickets by handler, live', async () => JSON.stringify(await bars()) === JSON.stringify({ 'no handler': 5, 'Maria Pop': 2 }) || null);
    expect(await source()).toContain('Updates in real time');
    expect(await editor().locator('input[name="title"]').inputValue()).toBe('Open tickets by handler');
    await editor().locator('select[name="window"]').selectOption('range');
    await eventually('history says so too', async () => (await source()).includes('From history'));
    await eventually('the same bars from history', async () => JSON.stringify(await bars()) === JSON.stringify({ 'no handler': 5, 'Maria Pop': 2 }) || null);
    await page.screenshot({ path: `${ARTIFACTS}tickets-builder-by-handler.png` });
    // Back to a call metric: call groupings again.
    await editor().locator('select[name="metric-0"]').selectOption('offered');
    expect(await editor().locator('select[name="groupBy"] option').allInnerTexts()).toEqual(['Queue', 'Agent', 'Channel']);
    await page.close();
  });

  it('api - a queue filter on a ticket metric is refused, naming it; a ticket filter on a call metric too', async () => {
    const board = await env.api('POST', 'wallboards', {
      name: 'Wrong', widgets: [{ id: 'w', kind: 'tile', layout: { x: 0, y: 0, w: 2, h: 2 }, metrics: ['tickets_backlog'], filters: { queues: ['sales'] } }],
    });
    expect(board.status).toBe(400);
    expect(JSON.stringify(board.body)).toContain('tickets are not counted per queue: tickets_backlog takes a ticket type or handler filter, not queues');
    const mixed = await env.api('GET', 'metrics?from=2026-11-01&to=2026-11-02&metrics=offered&ticketType=repair');
    expect(mixed.status).toBe(400);
    expect(mixed.body.error).toMatchObject({ code: 'INVALID_FILTER', message: 'ticketType: filters ticket metrics only; offered is not one' });
  });
});
