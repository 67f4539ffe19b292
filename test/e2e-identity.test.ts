/**
 * End to end in Chromium: the admin signs in, creates an agent with an extension on the users
 * screen, and the agent, signed in from a second browser context, sees only what an agent may.
 * Screenshots land in test/.artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sveltekitPluginFrom } from '../apps/ingest/src/web/sveltekit.ts';
import { ensureWebBuild } from './support/web-build.ts';
import { ADMIN_PASSWORD, bootEngine, type TestEngine } from './support/identity.ts';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';

const ARTIFACTS = path.resolve('test/.artifacts');
let e: TestEngine;
let browser: Browser;

beforeAll(async () => {
  const build = await ensureWebBuild(); // rebuilt when older than its sources: never test a stale page
  fs.mkdirSync(path.join(ARTIFACTS, 'tmp'), { recursive: true });
  process.env.TMPDIR = path.join(ARTIFACTS, 'tmp');
  e = await bootEngine('e2e-identity', {}, undefined, [sveltekitPluginFrom(build)]);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await e?.stop();
});

async function signIn(page: Page, login: string, password: string, next = '/', shot?: string) {
  await page.goto(`${e.url}${next}`);
  await page.waitForURL(/\/login/);
  if (shot) await page.screenshot({ path: path.join(ARTIFACTS, shot) });
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe('e2e identity', () => {
  it('e2e - admin creates an agent with an extension; the agent sees only agent pages', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1360, height: 820 } })).newPage();
    const missing: string[] = [];
    admin.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
    await signIn(admin, 'admin', ADMIN_PASSWORD, '/admin/users', 'login.png');
    expect(new URL(admin.url()).pathname).toBe('/admin/users');
    await admin.getByRole('button', { name: 'New user' }).click();
    await admin.fill('input[name=name]', 'Giulia Bianchi');
    await admin.fill('input[name=login]', 'giulia');
    await admin.fill('input[name=email]', 'giulia.bianchi@example.com');
    await admin.fill('input[name=extension]', '2042');
    await admin.fill('input[name=queues]', 'sales, support');
    // No role is pre-checked (a new supervisor must not silently become an agent): Create waits for a choice.
    expect(await admin.locator('input[name^=role-]:checked').count()).toBe(0);
    expect(await admin.getByRole('button', { name: 'Create user' }).isDisabled()).toBe(true);
    await admin.check('input[name=role-agent]');
    await admin.getByRole('button', { name: 'Create user' }).click();
    const password = (await admin.getByTestId('shown-password').textContent())!.trim();
    expect(password.length).toBeGreaterThan(10);
    await expect.poll(() => admin.locator('tbody tr', { hasText: 'giulia' }).textContent()).toContain('2042');
    await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-users.png') });

    // Two calls Giulia answered today, one finished: her figures over this week count them (the PBX names her by login).
    const ev = eventFactory('demo', 'giulia-');
    const at = Date.now();
    await e.running.services.publisher.publish('demo', [
      ev.offered(at - 60_000, 'g1', 'sales'), ev.answered(at - 55_000, 'g1', 'sales', 'giulia', 5_000), ev.ended(at - 20_000, 'g1', 'sales', 'giulia', 35_000),
      ev.offered(at - 30_000, 'g2', 'sales'), ev.answered(at - 28_000, 'g2', 'sales', 'giulia', 2_000),
    ], 'test');
    const agent = await (await browser.newContext({ viewport: { width: 1360, height: 820 } })).newPage();
    await signIn(agent, 'giulia', password);
    // An agent's home is their own work (issue 14), not a page of links.
    await agent.waitForURL((u) => u.pathname === '/agent');
    await expect.poll(() => agent.locator('main').textContent()).toContain('My callbacks');
    expect(await agent.title()).toBe('My work · callboard'); // not the sign-in page's title left behind
    expect(await agent.locator('main').textContent()).not.toMatch(/Live supervisor view|Widget builder|Administration/);
    const figures = agent.getByTestId('my-figures');
    await expect.poll(() => figures.locator('[data-figure=answered]').textContent()).toBe('2');
    expect(await figures.textContent()).toContain('as giulia');
    // last month she took no calls: the range is said, no figure invented
    await figures.getByRole('button', { name: 'Last month' }).click();
    await expect.poll(() => figures.textContent()).toContain('No calls or states of yours in this range.');
    expect(await figures.locator('[data-figure=answered]').textContent()).not.toBe('2');
    await agent.screenshot({ path: path.join(ARTIFACTS, 'agent-home.png') });
    const header = agent.locator('header');
    await expect.poll(() => header.textContent()).toContain('Giulia Bianchi');
    const nav = (await header.textContent())!;
    for (const hidden of ['Admin', 'Live', 'Widget builder']) expect(nav).not.toContain(hidden);
    const api = (p: string) => agent.evaluate(async (u) => (await fetch(u)).status, p);
    expect(await api('/api/v1/users')).toBe(403);
    expect(await api('/api/v1/audit')).toBe(403);
    expect(await api('/api/v1/tokens')).toBe(403);
    expect(await api('/api/v1/live')).toBe(403);
    expect(await agent.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()).user.extension)).toBe('2042');
    await agent.goto(`${e.url}/admin/users`);
    await expect.poll(() => agent.locator('main').textContent()).toContain('Not available for your role');
    await agent.screenshot({ path: path.join(ARTIFACTS, 'agent-admin-refused.png') });
    await agent.goto(`${e.url}/account`);
    await expect.poll(() => agent.locator('main').textContent()).toContain('2042');
    expect(await agent.locator('main').textContent()).toContain('sales, support');
    await agent.screenshot({ path: path.join(ARTIFACTS, 'agent-account.png') });

    // a display token for the default wallboard: secret and TV link shown once
    await admin.goto(`${e.url}/admin/tokens`);
    await admin.fill('form.create input', 'Lobby TV');
    await admin.locator('form.create input[type=checkbox]').first().check();
    await admin.getByRole('button', { name: 'Create token' }).click();
    const secret = (await admin.getByTestId('token-secret').textContent())!.trim();
    expect(await admin.locator('.secret').textContent()).toContain(`/tv/`);
    await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-tokens.png') });
    const tv = await (await browser.newContext()).newPage();
    await tv.goto(`${e.url}/api/v1/auth/me?token=x`);
    const boards = await tv.evaluate(async (t) => (await (await fetch('/api/v1/wallboards', { headers: { authorization: `Bearer ${t}` } })).json()).wallboards.length, secret);
    expect(boards).toBe(1);
    expect(await tv.evaluate(async (t) => (await fetch('/api/v1/users', { headers: { authorization: `Bearer ${t}` } })).status, secret)).toBe(403);

    // the admin sees the agent's sign-in in the audit log
    await admin.goto(`${e.url}/admin/audit`);
    await expect.poll(() => admin.locator('tbody').textContent()).toContain('user.create');
    // one date format on every screen, in the centre's timezone: "30 Nov 2026, 22:33:52"
    expect(await admin.locator('tbody tr td').first().textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d$/);
    expect(missing).toEqual([]); // e.g. no /admin/favicon.svg
    await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-audit.png') });
    await admin.goto(`${e.url}/admin/settings`);
    await expect.poll(() => admin.locator('main').textContent()).toContain('Service level T');
    await admin.locator('tr.defaults input').first().fill('25');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => admin.locator('main').textContent(), { timeout: 3000 }).toContain('Saved.').catch(async (err) => {
      await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-settings-failed.png'), fullPage: true });
      throw err;
    });
    expect(e.running.services.tenants.get('demo')!.settings.defaults.slThresholdMs).toBe(25_000);
    await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-settings.png'), fullPage: true });

    // the session cookie also opens the live WebSocket from the page (same origin)
    const first = await admin.evaluate(() => new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/api/v1/live/ws`);
      ws.onmessage = (m) => { resolve(JSON.parse(m.data as string).type); ws.close(); };
      ws.onerror = () => reject(new Error('socket refused'));
    }));
    expect(first).toBe('snapshot');
  });

  it('e2e - a supervisor lists users and resets an agent\'s password, but creates and edits no one', async () => {
    const res = await e.running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'admin', password: ADMIN_PASSWORD } });
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const made = await e.running.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie }, payload: { login: 'sofia', name: 'Sofia Verdi', roles: ['supervisor'], password: 'supervisor-pass-1' } });
    expect(made.statusCode).toBe(201);
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 820 } })).newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, 'sofia', 'supervisor-pass-1', '/admin/users');
    await expect.poll(() => page.locator('tbody').textContent()).toContain('giulia');
    expect(await page.getByRole('button', { name: 'New user' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await page.locator('nav.tabs').textContent()).not.toMatch(/tokens|settings|Audit/i);
    expect(await page.locator('tr', { hasText: 'Administrator' }).getByRole('button', { name: 'Reset password' }).count()).toBe(0);
    await page.locator('tr', { hasText: 'giulia' }).getByRole('button', { name: 'Reset password' }).click();
    await expect.poll(() => page.getByTestId('shown-password').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-users.png') });
    // the home page: the supervisor's pages by what one comes to do, each saying what it is for, and the centre's zone
    await page.goto(`${e.url}/`);
    await expect.poll(() => page.locator('main h2').allTextContents()).toEqual(['Watch', 'Work', 'Analyse', 'Set up']);
    expect(await page.locator('a.tile', { hasText: 'Live supervisor view' }).textContent()).toContain('callers waiting');
    expect(await page.locator('main').textContent()).toMatch(/signed in as Sofia Verdi\. Every time on these pages is the centre's: \S+ \(GMT[+-]?[\d:]*\)/);
    const hrefs = await page.locator('a.tile').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain('/reports');
    expect(hrefs).not.toContain('/admin/settings');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-home.png') });
  });
  it('e2e - a visitor without a session is sent to sign in before any page opens its live socket or calls the API', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 820 } });
    const page = await ctx.newPage();
    const sockets: string[] = [];
    const calls: string[] = [];
    const errors: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/') && u.pathname !== '/api/v1/auth/me') calls.push(u.pathname); });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${e.url}/live`);
    await page.waitForURL(/\/login\?next=%2Flive/);
    await page.waitForSelector('input[name=login]');
    expect(sockets).toEqual([]);
    expect(calls).toEqual([]);
    // The one 401 is the "who am I" probe itself; nothing else failed.
    expect(errors.filter((t) => !t.includes('401'))).toEqual([]);
    await ctx.close();
  });
});
