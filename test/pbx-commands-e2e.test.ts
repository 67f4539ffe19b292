/**
 * End to end in Chromium: a supervisor opens the live agents table, pauses an agent with a reason,
 * listens to their call and tries to log them out of a queue the PBX does not have them in; each
 * answer of the (fake) Asterisk shows on the row. An analyst sees the table without actions.
 * Screenshot: test/.artifacts/live-agent-actions.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { sveltekitPluginFrom } from '../apps/ingest/src/web/sveltekit.ts';
import { ARTIFACTS, launchChromium } from './support/browser.ts';
import { ensureWebBuild } from './support/web-build.ts';
import { bootEngine, makeUser, type TestEngine } from './support/identity.ts';
import { startFakeAmi, type FakeAmi } from './support/fake-ami.ts';
import { startAdapter, until, type TestAdapter } from './support/pbx-adapter.ts';

let e: TestEngine;
let browser: Browser;
let fake: FakeAmi;
let adapter: TestAdapter;
const pw = {} as Record<'sup' | 'analyst', string>;

beforeAll(async () => {
  const build = await ensureWebBuild();
  e = await bootEngine('pbx-e2e', { CALLBOARD_COMMAND_TIMEOUT_MS: '3000' }, undefined, [sveltekitPluginFrom(build)]);
  pw.sup = (await makeUser(e, 'demo', 'sup', ['supervisor'], { extension: '900', name: 'Sara Supervisor' })).password;
  pw.analyst = (await makeUser(e, 'demo', 'ann', ['analyst'])).password;
  const token = (await e.running.services.tokens.create({ tenant: 'demo', role: 'integration', name: 'asterisk', createdBy: 'test' })).secret;
  fake = await startFakeAmi();
  fake.queues.get('sales')!.add('PJSIP/1001');
  adapter = await startAdapter(fake, { url: e.url, token });
  const ev = eventFactory('demo', 'pbx-');
  const t = Date.now() - 60_000;
  await e.running.services.publisher.publish('demo', [
    ev.agent(t, '1001', 'ready', ['sales', 'support']), ev.agent(t, '1002', 'ready', ['support']),
    ev.offered(t + 1000, 'c1', 'sales', '+390299887766'), ev.answered(t + 5000, 'c1', 'sales', '1001', 4000),
  ], 'test');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await adapter?.stop();
  await fake?.close();
  await e?.stop();
});

async function signIn(login: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
  await page.goto(`${e.url}/live?tab=agents`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => u.pathname === '/live');
  return page;
}

describe('e2e pbx commands', () => {
  it('e2e - a supervisor pauses, listens to and logs out an agent from the live table and sees each answer', async () => {
    const page = await signIn('sup', pw.sup);
    const row = page.locator('tr[data-agent="1001"]');
    await row.getByRole('button', { name: /Actions/ }).click();
    const panel = page.locator('[data-actions-for="1001"]');
    await panel.getByLabel('Pause reason for 1001').fill('Lunch');
    await panel.getByRole('button', { name: 'Pause', exact: true }).click();
    const result = page.locator('#actions-1001 .result');
    await expect.poll(() => result.textContent()).toContain('Pause · done: 1001 paused (Lunch) (Asterisk: Interface paused successfully)');
    expect(fake.actions.at(-1)!.fields.filter(([k]) => k !== 'ActionID')).toEqual([['Action', 'QueuePause'], ['Interface', 'PJSIP/1001'], ['Paused', 'true'], ['Reason', 'Lunch']]);

    await panel.getByRole('button', { name: 'Listen' }).click();
    await expect.poll(() => result.textContent()).toContain("Listen · done: listen: extension 900 rings, then joins 1001's call");
    expect(fake.actions.at(-1)!.get('Data')).toBe('PJSIP/1001,q');

    await panel.getByLabel('Queue to log 1001 out of').selectOption('support');
    await panel.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => result.getAttribute('data-status')).toBe('failed');
    expect(await result.textContent()).toContain('Log out · failed: Asterisk refused QueueRemove: Unable to remove interface: Not there');
    await page.screenshot({ path: path.join(ARTIFACTS, 'live-agent-actions.png') });

    await adapter.link.close();
    await until(() => e.running.app.adapterLinks.connected('demo') === 0, 5000, 'the engine to see the adapter go');
    await panel.getByRole('button', { name: 'End wrap-up' }).click();
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 10_000 }).toBe('unanswered');
    expect(await result.textContent()).toContain('not confirmed: not sent: no PBX adapter is connected');

    // The same actions on a queue's own page (seed 004: Queues → a queue → Actions).
    await page.goto(`${e.url}/live/queue/sales`);
    await page.locator('tr[data-agent="1001"]').getByRole('button', { name: /Actions/ }).click();
    await expect.poll(() => page.locator('[data-actions-for="1001"]').count()).toBe(1);
  });

  it('e2e - an analyst sees the agents but no actions', async () => {
    const page = await signIn('ann', pw.analyst);
    await expect.poll(() => page.locator('tr[data-agent="1001"]').count()).toBe(1);
    expect(await page.getByRole('button', { name: /Actions/ }).count()).toBe(0);
    expect(await page.locator('thead').textContent()).not.toContain('Actions');
  });
});
