/**
 * The callback screens in real Chromium on a real engine (issue 14): a caller abandons; the request appears on two
 * agents' homes; agent A books it; agent B's Book (from a screen that has not refreshed yet) fails with the
 * server's sentence; the supervisor sees it in Assign Call, booked by A, and reassigns it to B, whose home then
 * lists it as assigned. Screenshots at 1920×1080 go to /tmp/cbui-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { sveltekitPluginFrom } from '../apps/ingest/src/web/sveltekit.ts';
import { launchChromium } from './support/browser.ts';
import { ensureWebBuild } from './support/web-build.ts';
import { ADMIN_PASSWORD, bootEngine, makeUser, type TestEngine } from './support/identity.ts';

const TOKEN = 'callbacks-e2e-token-0123456';
let e: TestEngine;
let browser: Browser;
const people: Record<string, { id: string; password: string }> = {};

beforeAll(async () => {
  const build = await ensureWebBuild();
  e = await bootEngine('callbacks-e2e', { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN }, undefined, [sveltekitPluginFrom(build)]);
  for (const [login, name, ext, roles] of [['anna', 'Anna Rossi', '201', ['agent']], ['marco', 'Marco Neri', '202', ['agent']], ['sofia', 'Sofia Verdi', '300', ['supervisor']]] as const) {
    const u = await makeUser(e, 'demo', login, [...roles], { extension: ext, name });
    await e.running.services.identity.users.update('demo', u.user.id, { queues: ['sales'] });
    people[login] = { id: u.user.id, password: u.password };
  }
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await e?.stop();
});

async function signIn(login: string, password: string, path: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await page.goto(`${e.url}${path}`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

/**
 * B's screen as it was before A booked: list answers are replayed from the last ones B saw, so B's Book button is
 * still enabled and the refusal comes from the server (the race the exclusive booking exists for).
 */
async function freezeLists(page: Page) {
  const last = new Map<string, string>();
  let frozen = false;
  await page.route(/\/api\/v1\/callbacks\?/, async (route) => {
    const res = await route.fetch();
    const url = route.request().url();
    if (!frozen) { last.set(url, await res.text()); return route.fulfill({ response: res }); }
    return route.fulfill({ response: res, body: last.get(url) ?? await res.text() });
  });
  return { freeze: () => { frozen = true; }, thaw: () => { frozen = false; } };
}

/** Posted as the PBX wrote it; stored as E.164 (+390255501234) and shown grouped again. */
const CALLER = '+39 02 5550 1234';

describe('callbacks (Chromium)', () => {
  it('callbacks e2e - a missed call is booked by one agent, refused to another, reassigned by the supervisor, worked, and closed when the caller is served', async () => {
    const anna = await signIn('anna', people.anna.password, '/');
    // An agent's home is /agent.
    await anna.waitForURL((u) => u.pathname === '/agent');
    const marco = await signIn('marco', people.marco.password, '/agent');
    const marcoLists = await freezeLists(marco);

    const f = eventFactory('demo', 'cbe2e-');
    const t = Date.now() - 120_000;
    const posted = await e.running.app.inject({
      method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TOKEN}` },
      payload: [f.offered(t, 'miss-1', 'sales', CALLER), f.abandoned(t + 40_000, 'miss-1', 'sales', 40_000)],
    });
    expect(posted.statusCode).toBeLessThan(300);

    // Both agents see it in the open pool of their queue, without reloading.
    const row = (p: Page, where: string) => p.getByTestId(where).getByTestId('request').filter({ hasText: CALLER });
    await row(anna, 'pool').waitFor({ timeout: 20_000 });
    await row(marco, 'pool').waitFor({ timeout: 20_000 });
    marcoLists.freeze();

    // A books it: it moves to A's own list with a countdown to the booking's expiry.
    await row(anna, 'pool').getByRole('button', { name: 'Book' }).click();
    const annas = row(anna, 'my-requests');
    await annas.waitFor();
    await expect.poll(() => annas.getByTestId('booked-by').innerText()).toMatch(/Booked by you\s·\s1[45]:\d\d left/);
    // The countdown runs.
    await expect.poll(() => annas.getByTestId('booked-by').innerText(), { timeout: 5_000 }).toMatch(/14:5\d left/);
    expect(await annas.getByRole('button', { name: 'Call' }).isDisabled()).toBe(true);
    await anna.screenshot({ path: '/tmp/cbui-agent-home.png' });

    // B's Book fails with the server's sentence.
    await row(marco, 'pool').getByRole('button', { name: 'Book' }).click();
    const refusal = row(marco, 'pool').getByTestId('request-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/booked/i);
    await marco.screenshot({ path: '/tmp/cbui-agent-refused.png' });
    marcoLists.thaw();

    // The supervisor sees it in Assign Call, booked by A, and assigns it to B.
    const sofia = await signIn('sofia', people.sofia.password, '/callbacks');
    const srow = sofia.getByTestId('row').filter({ hasText: CALLER });
    await srow.waitFor({ timeout: 20_000 });
    expect(await srow.getByTestId('booked-by').innerText()).toContain('Anna Rossi');
    await srow.getByRole('button', { name: `Show history of ${CALLER}` }).click();
    await srow.getByTestId('history').getByText('Booked').waitFor();
    await srow.getByLabel(`Assign ${CALLER} to`).selectOption({ label: 'Marco Neri (202)' });
    await srow.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => srow.getByTestId('assigned-to').innerText(), { timeout: 10_000 }).toContain('Marco Neri');
    // The open history follows: A's booking cancelled by the assignment, then the assignment.
    await expect.poll(() => srow.getByTestId('history').innerText()).toMatch(/Booking cancelled[^]*Assigned\s+Sofia Verdi\s+→ Marco Neri/);
    await sofia.screenshot({ path: '/tmp/cbui-assign-call.png' });

    // B's home now lists it among their own, assigned to them; B books it and records a first attempt with a note and a tag.
    const marcos = row(marco, 'my-requests');
    await expect.poll(() => marcos.innerText(), { timeout: 15_000 }).toContain('Assigned to you');
    await marcos.getByRole('button', { name: 'Book' }).click();
    await marcos.getByTestId('booked-by').waitFor();
    await marcos.getByRole('button', { name: 'Record outcome' }).click();
    const form = marcos.getByTestId('outcome-form');
    await form.getByLabel('No answer').check();
    await form.getByLabel('Note', { exact: true }).fill('rang out, try after lunch');
    await form.getByLabel('Tags', { exact: true }).fill('retry, invoice');
    await form.getByRole('button', { name: 'Record no answer' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => marcos.innerText()).toMatch(/Recalled\s+1\s·\slast .*\(No answer\)/);
    expect(await marcos.innerText()).toContain('#retry');
    await marco.screenshot({ path: '/tmp/cbui-agent-outcome.png' });

    // The caller calls again and is answered: the request closes as served inbound and leaves the agent's list.
    const back = await e.running.app.inject({
      method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TOKEN}` },
      payload: [f.offered(Date.now() - 5_000, 'back-1', 'sales', CALLER), f.answered(Date.now() - 2_000, 'back-1', 'sales', 'anna', 3_000)],
    });
    expect(back.statusCode).toBeLessThan(300);
    await marcos.waitFor({ state: 'detached', timeout: 20_000 });
    await sofia.getByRole('button', { name: 'Closed', exact: true }).click();
    const closed = sofia.getByTestId('row').filter({ hasText: CALLER });
    await expect.poll(() => closed.innerText(), { timeout: 15_000 }).toContain('Served inbound');
  });
});
