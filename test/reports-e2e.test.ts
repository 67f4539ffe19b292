/**
 * The report pages in real Chromium on a real engine (issue 15): 30 days of stored history plus today's live traffic;
 * an analyst picks a range, exports the table (the CSV matches the table on screen cell for cell) and drills down
 * day → hour → calls → one call's timeline. Every report page is screenshotted at 1920×1080 (test/.artifacts/reports-*.png).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { sveltekitPluginFrom } from '../apps/ingest/src/web/sveltekit.ts';
import { ARTIFACTS, launchChromium } from './support/browser.ts';
import { ensureWebBuild, preloadWebHandler } from './support/web-build.ts';
import { bootEngine, makeUser, type TestEngine } from './support/identity.ts';
import { history } from './support/report-data.ts';
import { traffic } from './support/traffic.ts';
import { parseCsv } from './support/csv.ts';
import { eventually } from './support/wait.ts';

let e: TestEngine;
let browser: Browser;
let page: Page;
const TZ = 'Europe/Rome';

beforeAll(async () => {
  const build = await ensureWebBuild();
  await preloadWebHandler(build);
  e = await bootEngine('reports-e2e', {}, undefined, [sveltekitPluginFrom(build)]);
  const { services } = e.running;
  const now = Date.now();
  const h = history('demo', TZ, 30, now);
  await services.repo.insertFacts(h.facts, () => 396);
  await services.repo.insertIntervals(h.intervals, () => 396);
  // Today: finished calls of the last hours through the engine (events, facts and live state), and one call still being talked.
  const midnight = DateTime.fromMillis(now, { zone: TZ }).startOf('day').toMillis();
  const fromMs = Math.max(midnight + 60_000, now - 3 * 3600_000);
  await services.publisher.publish('demo', traffic({ tenant: 'demo', calls: Math.max(5, Math.round((now - fromMs) / 120_000)), fromMs, toMs: now, seed: 3 }), 'test');
  const ev = eventFactory('demo', 'live-');
  await services.publisher.publish('demo', [ev.offered(now - 60_000, 'talking', 'sales'), ev.answered(now - 50_000, 'talking', 'sales', 'agent1', 10_000)], 'test');
  const u = await makeUser(e, 'demo', 'ana', ['analyst'], { name: 'Ana Lisi' });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true })).newPage();
  await page.goto(`${e.url}/reports`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=login]', 'ana');
  await page.fill('input[name=password]', u.password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await e?.stop();
});

/** The table on screen: its header labels and each row's cells as text ("—" for no value). */
async function screenTable(testid: string) {
  return page.locator(`[data-testid="${testid}"] table.report`).evaluate((t) => ({
    head: [...t.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').replace(/[▲▼]/g, '').trim()),
    rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    values: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-value') ?? '')),
  }));
}

describe('reports e2e', () => {
  it('reports - choose a range, export CSV (the file is the table on screen), drill down to one call', async () => {
    await page.goto(`${e.url}/reports/queues`);
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await page.getByRole('heading', { name: /Queue report/ }).first().waitFor();
    const table = page.getByTestId('table-queues');
    // today by hour: the hours so far (the current one last), none still to come
    const hoursSoFar = () => DateTime.now().setZone(TZ).hour + 1;
    await eventually('today by hour', async () => Math.abs((await table.locator('tbody tr').count()) - hoursSoFar()) <= 1 && (await page.getByTestId('today-note').isVisible()));
    await expect(page.getByTestId('today-note').textContent()).resolves.toMatch(/answered the moment it is answered/);
    // today so far is compared with yesterday up to the same moment, and the row says until when
    const yesterdayLabel = DateTime.now().setZone(TZ).minus({ days: 1 }).toFormat('d LLL yyyy');
    await expect(table.getByTestId('previous-cut').textContent()).resolves.toContain(`to ${yesterdayLabel}, `);

    // Export: all columns (the file has them all), then the file equals the screen.
    await table.getByText('Columns').click();
    for (const box of await table.locator('.menu input[type=checkbox]').all()) if (!(await box.isChecked())) await box.check();
    await table.getByText('Columns').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-queues').click()]);
    expect(download.suggestedFilename()).toMatch(/^queues-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const [head, ...rows] = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const screen = await screenTable('table-queues');
    expect(screen.head.map((h) => h.replace(/ %$/, '').replace(/ \(s\)$/, ''))).toEqual(head);
    // every cell holds the file's value; what it reads is that value ("—" for none), hours as local "YYYY-MM-DD HH:MM"
    expect(screen.values).toEqual(rows);
    expect(screen.rows).toEqual(rows.map((r) => r.map((v, i) => (v === '' ? '—' : i === 0 ? `${v.slice(0, 10)} ${v.slice(11, 16)}` : v))));
    await page.screenshot({ path: join(ARTIFACTS, 'reports-queues-today.png') });

    // Drill: an hour with calls → its calls → one call's timeline.
    const hour = table.locator('tbody tr').filter({ has: page.locator('td[data-key=offered]:not([data-value="0"])') }).first();
    await hour.locator('button.link').click();
    const calls = page.getByTestId('calls');
    await calls.locator('tbody tr').first().waitFor();
    expect(await calls.locator('tbody tr').count()).toBeGreaterThan(0);
    await calls.locator('tbody tr').first().locator('button.link').click();
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    await expect(timeline.textContent()).resolves.toMatch(/Offered/);
    await page.screenshot({ path: join(ARTIFACTS, 'reports-drill-call.png') });
  });

  it('reports - a day of the last 7 days drills to its hours', async () => {
    await page.goto(`${e.url}/reports/service`);
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    const table = page.getByTestId('table-service');
    await eventually('seven days', async () => (await table.locator('tbody tr').count()) === 7);
    // The chart: a legend button hides its series, hovering shows the period's values.
    const chart = page.getByTestId('report-chart');
    const lines = async () => chart.locator('svg path').count();
    const before = await lines();
    const sl = chart.getByRole('button', { name: 'Service level %' });
    await sl.click();
    expect(await sl.getAttribute('aria-pressed')).toBe('false');
    expect(await lines()).toBe(before - 1);
    const box = (await chart.locator('svg').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(chart.getByRole('tooltip').textContent()).resolves.toMatch(/Service quality %: /);
    await table.locator('tbody tr').first().locator('button.link').click();
    await eventually('that day by hour', async () => (await table.locator('tbody tr').count()) >= 23);
    await expect(page.getByRole('navigation', { name: 'Drill-down' }).textContent()).resolves.toMatch(/by hour/);
  });

  it('reports - every report page, populated, at 1920×1080', async () => {
    for (const slug of ['queues', 'agents', 'callers', 'service', 'missed', 'historic']) {
      await page.goto(`${e.url}/reports/${slug}`);
      await page.locator('[data-testid^="table-"] tbody tr').first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(ARTIFACTS, `reports-${slug}.png`) });
    }
    await page.goto(`${e.url}/reports/historic`);
    await page.locator('[data-testid="table-historic"] tbody tr').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(ARTIFACTS, 'reports-historic-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${e.url}/reports`);
    await page.screenshot({ path: join(ARTIFACTS, 'reports-index.png') });
  });
});
