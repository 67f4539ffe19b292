/**
 * Issue 13 point 7, the live supervisor view: each headline number's definition (from the catalogue) and the tenant's
 * thresholds are one hover (title) or tap (popover) away, on /live and on a queue's page. Real Chromium, real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { ensureWebBuild } from './support/web-build.ts';
import { ADMIN, client, startEngine } from './support/web-engine.ts';

let engine: Awaited<ReturnType<typeof startEngine>>;
let browser: Browser;

beforeAll(async () => {
  engine = await startEngine({ web: await ensureWebBuild() });
  browser = await launchChromium();
  const t = Date.now() - 60_000;
  const ev = (id: string, type: string, body: object, ts: number) => ({ v: 1, id, tenant: 'demo', ts, type, ...body });
  const r = await client(engine.url)('POST', 'events', [
    ev('h-o', 'call.offered', { callId: 'h1', queue: 'sales', caller: '+39021', channel: 'voice' }, t),
    ev('h-a', 'call.answered', { callId: 'h1', queue: 'sales', agent: 'anna', waitMs: 4000 }, t + 4000),
  ]);
  expect(r.status).toBeLessThan(300);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

describe('live view explains its metrics', () => {
  it.each([
    { path: '/live', kpi: 'Service level', says: [/^Service level: \S/, /Tenant thresholds: T \d+(\.\d+)? s, short abandon under \d/] },
    { path: '/live', kpi: 'ASA', says: [/^ASA: \S/] },
    { path: '/live/queue/sales', kpi: 'Abandon rate', says: [/^Abandon rate: \S/, /Tenant thresholds: short abandon under \d/] },
    { path: '/live/queue/sales', kpi: 'Waiting now', says: [/^Callers waiting now: live, right now/] },
  ])('$path: $kpi has its definition on hover and on tap', async ({ path, kpi, says }) => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` } });
    const page = await ctx.newPage();
    await page.goto(`${engine.url}${path}`);
    const card = page.locator(`[data-kpi="${kpi}"]`);
    await card.locator('button.info').waitFor();
    const title = (await card.getAttribute('title')) ?? '';
    for (const re of says) expect(title.split('\n').some((l) => re.test(l)), `${title} ~ ${re}`).toBe(true);
    expect(title).not.toContain('no description in the catalogue');
    await card.locator('button.info').click();
    const pop = card.locator('[data-testid="metric-help"]');
    await pop.waitFor({ state: 'visible' });
    expect((await pop.innerText()).replace(/\n+/g, '\n').trim()).toBe(title);
    await ctx.close();
  });
});
