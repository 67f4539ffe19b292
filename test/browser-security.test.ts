/**
 * Browser-side defences in real Chromium against a real engine serving the built web app: every
 * page and API answer carries a strict CSP, no framing, nosniff and no Referer; the pages render
 * without a single CSP violation; a TV trades its URL token for an HttpOnly cookie, the token leaves
 * the address bar, and the live numbers still arrive over the cookie-authenticated WebSocket.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildApp } from '../apps/ingest/src/app.ts';
import { sveltekitPluginFrom } from '../apps/ingest/src/web/sveltekit.ts';
import { ADMIN } from './support/web-engine.ts';
import { useWebAndBrowser } from './support/web-browser.ts';


const env = useWebAndBrowser();

/** The CSP's directives by name. */
function directives(csp: string | null): Map<string, string[]> {
  return new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

/** Record CSP violations and console errors of a page from before its first script runs. */
async function watch(page: Page): Promise<() => Promise<string[]>> {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      ((window as unknown as { __csp: string[] }).__csp ??= []).push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return async () => [...problems, ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])) as string[])];
}

const ev = (id: string, type: string, body: object, ts = Date.now()) => ({ v: 1, id, tenant: 'demo', ts, type, ...body });

describe('browser-side defences (Chromium)', () => {
  it('security - pages and API answers carry CSP, no framing, nosniff and no Referer', async () => {
    const page = await fetch(`${env.engine.url}/login`, { headers: { 'x-callboard-frame-ancestors': 'https://evil.example' } });
    expect(page.status).toBe(200);
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp.get('script-src')?.[0]).toBe("'self'");
    expect(csp.get('script-src')?.some((v) => v.startsWith("'nonce-"))).toBe(true);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    // a client cannot choose who frames the page: the engine overwrites that header
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    const html = await page.text();
    const asset = html.match(/\/_app\/immutable\/[^"']+\.js/)![0];
    const js = await fetch(`${env.engine.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');

    for (const [url, headers] of [['/api/v1/auth/me', {}], ['/api/v1/live', { authorization: `Bearer ${ADMIN}` }], ['/api/v1/no-such-route', {}]] as const) {
      const res = await fetch(`${env.engine.url}${url}`, { headers });
      const d = directives(res.headers.get('content-security-policy'));
      expect(d.get('default-src'), url).toEqual(["'none'"]);
      expect(d.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(res.headers.get('x-frame-options'), url).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), url).toBe('no-referrer');
    }
  });

  it('security - CALLBOARD_FRAME_ANCESTORS lets the named origins frame the pages, and nobody else', async () => {
    const { services } = env.engine;
    const app = await buildApp({
      services: { ...services, config: { ...services.config, CALLBOARD_FRAME_ANCESTORS: ['https://portal.example.com', 'https://*.signage.example'] } },
      authenticate: async () => null, extra: [sveltekitPluginFrom(env.web)],
    });
    try {
      for (const url of ['/login', '/api/v1/auth/me']) {
        const res = await app.inject({ method: 'GET', url });
        expect(directives(String(res.headers['content-security-policy'])).get('frame-ancestors'), url).toEqual(['https://portal.example.com', 'https://*.signage.example']);
        // X-Frame-Options cannot name origins: with an allow-list it is left out, frame-ancestors decides
        expect(res.headers['x-frame-options'], url).toBeUndefined();
      }
      // A framed TV's requests are cross-site: over https its cookie is a partitioned SameSite=None one.
      const tv = await services.tokens.create({ tenant: 'demo', role: 'display', name: 'framed tv', createdBy: 'test', wallboards: ['overview'] });
      const url = `/tv/overview?token=${encodeURIComponent(tv.secret)}`;
      const https = await app.inject({ method: 'GET', url, headers: { 'x-forwarded-proto': 'https' } });
      expect(https.statusCode).toBe(303);
      const attrs = String(https.headers['set-cookie']).split(/;\s*/);
      expect(attrs[0]).toMatch(/^cb_display=/);
      expect(attrs).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'Partitioned', 'SameSite=None']));
      const http = await app.inject({ method: 'GET', url });
      expect(String(http.headers['set-cookie'])).toMatch(/SameSite=Strict/);
      expect(String(http.headers['set-cookie'])).not.toMatch(/Partitioned/);
    } finally {
      await app.close();
    }
  });

  it('security - the pages render in Chromium without a CSP violation', async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` } });
    const failures: string[] = [];
    for (const [path, ready] of [['/login', 'input[name="password"], input[type="password"]'], ['/wallboards', 'text=Contact centre overview'], ['/live', '[data-status="live"]'],
      ['/wallboards/overview', '[data-widget="offered"] .value'], ['/builder', 'main'], ['/admin/users', 'table'], ['/admin/tokens', 'table']] as const) {
      const page = await ctx.newPage();
      const problems = await watch(page);
      const res = await page.goto(`${env.engine.url}${path}`);
      expect(res?.headers()['content-security-policy'], path).toContain("'nonce-");
      await page.locator(ready).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500);
      failures.push(...(await problems()).map((p) => `${path}: ${p}`));
      await page.close();
    }
    // The watcher itself: an inline script injected into a page is blocked and reported.
    const page = await ctx.newPage();
    const problems = await watch(page);
    await page.goto(`${env.engine.url}/login`);
    await page.evaluate(() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.append(s); });
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
    expect((await problems()).join('\n')).toMatch(/script-src/);
    await ctx.close();
    expect(failures).toEqual([]);
  });

  it('security - a TV trades its URL token for an HttpOnly cookie, the token leaves the address bar, live numbers still arrive', async () => {
    const created = await env.api('POST', 'tokens', { name: 'security tv', role: 'display', wallboards: ['overview'] });
    expect(created.status).toBe(201);
    const ctx = await env.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await ctx.newPage();
    const problems = await watch(page);
    const first = await page.goto(`${env.engine.url}/tv/overview?token=${encodeURIComponent(created.body.token)}`);
    expect(first?.request().redirectedFrom()?.url()).toContain('token=');
    expect(page.url()).toBe(`${env.engine.url}/tv/overview`);
    expect(first?.headers()['referrer-policy']).toBe('no-referrer');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'cb_display')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value).not.toContain(created.body.token);
    expect(await page.evaluate(() => document.cookie)).not.toContain('cb_display');

    const tile = page.locator('[data-widget="offered"] .value').first();
    await expect.poll(() => tile.innerText(), { timeout: 15_000 }).toMatch(/^\d+$/);
    await page.locator('.tv[data-status="live"]').waitFor();
    const before = Number(await tile.innerText());
    // "Offered" counts calls that left the queue: one offered and abandoned call.
    const posted = await env.api('POST', 'events', [ev('sec-tv-o1', 'call.offered', { callId: 'sec-1', queue: 'sales', caller: '+39021', channel: 'voice' }, Date.now() - 9_000),
      ev('sec-tv-x1', 'call.abandoned', { callId: 'sec-1', queue: 'sales', waitMs: 8_000 }, Date.now() - 1_000)]);
    expect(posted.status).toBeLessThan(300);
    await expect.poll(() => tile.innerText(), { timeout: 5_000 }).toBe(String(before + 1));
    expect(await problems()).toEqual([]);

    // A reload has no token: the cookie alone opens the page, its API calls and its WebSocket.
    await page.reload();
    await page.locator('.tv[data-status="live"]').waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${env.engine.url}/tv/overview`);
    // Opening the link again (a signage player's hourly reload) keeps the same session.
    await page.goto(`${env.engine.url}/tv/overview?token=${encodeURIComponent(created.body.token)}`);
    expect(page.url()).toBe(`${env.engine.url}/tv/overview`);
    expect((await ctx.cookies()).find((c) => c.name === 'cb_display')?.value).toBe(cookie.value);

    // Revoking the display token ends the cookie's session at once.
    await env.api('DELETE', `tokens/${created.body.id}`);
    expect((await ctx.request.get(`${env.engine.url}/api/v1/wallboards/overview`)).status()).toBe(401);
    await ctx.close();
  });

  it('security - a wrong or non-display token is dropped from the URL and sets no cookie', async () => {
    const ctx = await env.browser.newContext();
    const page = await ctx.newPage();
    for (const token of ['not-a-token', ADMIN]) {
      await page.goto(`${env.engine.url}/tv/playlist?ids=overview&seconds=10&token=${encodeURIComponent(token)}`);
      expect(page.url()).toBe(`${env.engine.url}/tv/playlist?ids=overview&seconds=10`);
      expect((await ctx.cookies()).some((c) => c.name === 'cb_display')).toBe(false);
    }
    // The screen says "Loading…" until its first request is refused, then names the reason.
    await expect.poll(() => page.locator('.message').innerText(), { timeout: 10_000 }).toMatch(/credentials/);
    await ctx.close();
  });
});
