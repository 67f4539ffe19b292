/**
 * The widget builder in real Chromium against a real engine: a default title follows the metric until the analyst
 * writes one (no "Calls offered" over a service level), a metric's definition and the tenant's thresholds are one
 * hover or tap away, and a formula's error never sits beside an old "saved" note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium } from './support/browser.ts';
import { ensureWebBuild } from './support/web-build.ts';
import { ADMIN, startEngine } from './support/web-engine.ts';

let engine: Awaited<ReturnType<typeof startEngine>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  engine = await startEngine({ web: await ensureWebBuild() });
  browser = await launchChromium();
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` } });
  page = await ctx.newPage();
  await page.goto(`${engine.url}/builder`);
  // The metric list comes from the catalogue: wait until it is in the select.
  await page.locator('select[name="metric-0"] option[value="service_level"]').waitFor({ state: 'attached' });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await engine?.stop();
});

const title = () => page.locator('[data-testid="widget-editor"] input[name="title"]');
const previewTitle = () => page.locator('[data-testid="preview"] h3 .t').innerText();

describe('builder (Chromium)', () => {
  it('builder - the default title follows the metric; a typed title stays', async () => {
    expect(await title().inputValue()).toBe('Calls offered');
    await page.locator('select[name="metric-0"]').selectOption('service_level');
    await expect.poll(() => title().inputValue()).toBe('Service level');
    await expect.poll(previewTitle).toBe('Service level');

    // What service level means is one hover or tap away, with the tenant's threshold T (default 20 s).
    await expect.poll(() => page.getByTestId('metric-definition').first().innerText()).toMatch(/^Service level: Answered within T .*T 20 s/);
    expect(await page.locator('[data-testid="preview"] button.info').getAttribute('title')).toMatch(/^Service level: Answered within T[^]*T 20 s/);
    await page.locator('[data-testid="preview"] button.info').click();
    await expect.poll(() => page.locator('[data-testid="preview"] [data-testid="metric-help"]').isVisible()).toBe(true);
    expect(await page.locator('[data-testid="preview"] [data-testid="metric-help"]').innerText()).toContain('Tenant thresholds: T 20 s, short abandon under 5 s');
    await page.screenshot({ path: `${ARTIFACTS}builder-help.png` });
    await page.keyboard.press('Escape');

    await title().fill('SLA north wall');
    await page.locator('select[name="metric-0"]').selectOption('asa');
    await expect.poll(previewTitle).toBe('SLA north wall');
    expect(await title().inputValue()).toBe('SLA north wall');
    // A gauge in the editor's preview too: its value clear of its arc (looked at, with the TV's, in /tmp/tv-shots/).
    await page.locator('select[name="kind"]').selectOption('gauge');
    await page.locator('[data-testid="preview"] text.value').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}builder.png` });
  });

  it('builder - a formula error does not sit beside the last save\'s message', async () => {
    const form = page.locator('form.form');
    await form.locator('input[name="id"]').fill('answer_rate');
    await form.locator('input[name="label"]').fill('Answer rate');
    await form.locator('input[name="formula"]').fill('answered / offered * 100');
    await form.getByRole('button', { name: 'Save metric' }).click();
    await expect.poll(() => form.innerText()).toContain('saved answer_rate');

    await form.locator('input[name="formula"]').fill('answered / / offered');
    await page.getByTestId('formula-error').waitFor();
    expect(await form.innerText()).not.toContain('saved answer_rate');
  });
});
