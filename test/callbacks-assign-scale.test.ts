/**
 * Assign Call with a backlog of 5,000 callers (issue 14), in real Chromium on a real engine: the page shows 50 rows
 * a page however long the backlog, the filter on each seed column narrows it (first call, last recalled, status —
 * by keyboard), and the server answers a page of the list without reading the whole backlog to the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { windowOfDay } from '@callboard/metrics';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { ARTIFACTS } from './support/browser.ts';
import { bootWebApp, signInAt } from './support/e2e-app.ts';
import { makeUser, type TestEngine } from './support/identity.ts';
import { eventually } from './support/wait.ts';

const TOKEN = 'callbacks-scale-token-0123456';
const COUNT = 5_000;
const DAY = 86_400_000;
let e: TestEngine;
let browser: Browser;
let sofia: { password: string };

const api = async (method: string, url: string, payload?: unknown) =>
  e.running.app.inject({ method: method as 'GET', url: `/api/v1/${url}`, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
const caller = (i: number) => `+39 06 2${String(i).padStart(3, '0').slice(-3)} ${String(i).padStart(4, '0')}`;

beforeAll(async () => {
  ({ e, browser } = await bootWebApp('callbacks-scale', { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN }));
  const u = await makeUser(e, 'demo', 'sofia', ['supervisor'], { extension: '300', name: 'Sofia Verdi' });
  sofia = { password: u.password };
  // 5,000 callers who each hung up once: a quarter today, a quarter each on the three days before.
  const f = eventFactory('demo', 'scale-');
  const now = Date.now();
  for (let from = 0; from < COUNT; from += 1000) {
    const events = Array.from({ length: Math.min(1000, COUNT - from) }, (_, k) => {
      const i = from + k;
      const t = now - (i % 4) * DAY - 3600_000 - i * 500;
      return [f.offered(t, `s-${i}`, 'backlog', caller(i)), f.abandoned(t + 30_000, `s-${i}`, 'backlog', 30_000)];
    }).flat();
    expect((await api('POST', 'events', events)).statusCode).toBeLessThan(300);
  }
  await eventually('5,000 open requests', async () => (await api('GET', 'callbacks?queue=backlog&limit=1')).json().total === COUNT, 120_000);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await e?.stop();
});

const signIn = (path: string): Promise<Page> => signInAt(browser, e.url, 'sofia', sofia.password, path, { locale: 'en-US' });

/** The day of an instant in the tenant's timezone, YYYY-MM-DD. */
const dayOf = (ms: number, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(ms));
/** A day as typed into Chromium's date field in the en-US locale: month, day, year. */
const typed = (day: string) => { const [y, m, d] = day.split('-'); return `${m}${d}${y}`; };

describe('Assign Call at scale (Chromium)', () => {
  it('callbacks scale - a page of 5,000 requests is 50 rows; the server answers one page, not the backlog', async () => {
    const res = await api('GET', 'callbacks?queue=backlog&limit=50');
    expect(res.json().requests).toHaveLength(50);
    // A page is a few dozen kB whatever the backlog (the browser never receives the 5,000).
    expect(res.body.length).toBeLessThan(100_000);
    const page = await signIn('/callbacks');
    await expect.poll(() => page.getByTestId('total').innerText(), { timeout: 20_000 }).toBe('5,000 open requests');
    expect(await page.getByTestId('row').count()).toBe(50);
    const pager = page.getByRole('navigation', { name: 'Pages' });
    expect(await pager.innerText()).toContain('1–50 of 5,000');
    await pager.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => pager.innerText()).toContain('51–100 of 5,000');
    expect(await page.getByTestId('row').count()).toBe(50);
    await page.close();
  });

  it('callbacks scale - filters on first call, last recalled and status, by keyboard', async () => {
    const tz = (await api('GET', 'live')).json().timezone as string;
    // One request recalled (booked, one attempt without answer) and still booked.
    const list = (await api('GET', 'callbacks?queue=backlog&limit=1&sort=firstCall&order=asc')).json();
    const id = list.requests[0].id as string;
    expect((await api('POST', `callbacks/${id}/book`, {})).statusCode).toBe(200);
    expect((await api('POST', `callbacks/${id}/attempts`, { outcome: 'no_answer', note: 'rang out' })).statusCode).toBe(200);

    const page = await signIn('/callbacks');
    const total = page.getByTestId('total');
    await expect.poll(() => total.innerText(), { timeout: 20_000 }).toBe('5,000 open requests');
    // First call two days ago (tenant's day): the requests the API finds in that day's window, a part of every fourth caller's.
    const twoDaysAgo = dayOf(Date.now() - 2 * DAY - 3600_000, tz);
    const w = windowOfDay(twoDaysAgo, tz);
    const expected = (await api('GET', `callbacks?queue=backlog&limit=1&firstCallFrom=${w.start}&firstCallTo=${w.end}`)).json().total as number;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThanOrEqual(COUNT / 4);
    // By keyboard: each date field is focused and the day typed into it.
    await page.getByLabel('First call from').focus();
    await page.keyboard.type(typed(twoDaysAgo));
    await page.getByLabel('First call to').focus();
    await page.keyboard.type(typed(twoDaysAgo));
    await expect.poll(() => total.innerText(), { timeout: 10_000 }).toBe(`${expected.toLocaleString('en-GB')} open request${expected === 1 ? '' : 's'}`);
    // Reset, then the last recalled filter (today) finds the one recalled request, and the status filter the one booked.
    await page.getByRole('button', { name: 'Reset filters' }).click();
    await expect.poll(() => total.innerText()).toBe('5,000 open requests');
    await page.getByLabel('Last recalled from').focus();
    await page.keyboard.type(typed(dayOf(Date.now(), tz)));
    await expect.poll(() => total.innerText()).toBe('1 open request');
    expect(await page.getByTestId('row').innerText()).toMatch(/No answer/);
    await page.getByRole('button', { name: 'Reset filters' }).click();
    await page.getByLabel('Status').focus();
    await page.getByLabel('Status').selectOption('booked');
    await expect.poll(() => total.innerText()).toBe('1 open request');
    expect(await page.getByTestId('row').getByTestId('booked-by').innerText()).not.toBe('—');
    await page.getByLabel('Status').selectOption('free');
    await expect.poll(() => total.innerText()).toBe('4,999 open requests');
    await page.screenshot({ path: `${ARTIFACTS}assign-call-5000.png` });
    await page.close();
  });
});
