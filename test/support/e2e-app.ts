/** A test file's real engine serving the built web app, with a real Chromium, its people, and signing in through the login page. */
import type { Browser, Page } from 'playwright-core';
import type { UserRole } from '@callboard/api';
import { sveltekitPluginFrom } from '../../apps/ingest/src/web/sveltekit.ts';
import { launchChromium } from './browser.ts';
import { bootEngine, makeUser, type TestEngine } from './identity.ts';
import { ensureWebBuild } from './web-build.ts';

/** An engine on a fresh data directory (bootEngine) serving the current web build, and Chromium. */
export async function bootWebApp(name: string, env: Record<string, string> = {}): Promise<{ e: TestEngine; browser: Browser }> {
  const build = await ensureWebBuild();
  const e = await bootEngine(name, env, undefined, [sveltekitPluginFrom(build)]);
  return { e, browser: await launchChromium() };
}

export interface E2ePerson {
  login: string;
  name: string;
  roles: UserRole[];
  extension?: string;
  queues?: string[];
  email?: string;
}

/** Creates the people in the store; their ids and passwords by login. */
export async function addPeople(e: TestEngine, tenant: string, people: E2ePerson[]): Promise<Record<string, { id: string; password: string }>> {
  const out: Record<string, { id: string; password: string }> = {};
  for (const p of people) {
    const u = await makeUser(e, tenant, p.login, p.roles, { extension: p.extension, name: p.name });
    const patch = { ...(p.queues ? { queues: p.queues } : {}), ...(p.email ? { email: p.email } : {}) };
    if (Object.keys(patch).length) await e.running.services.identity.users.update(tenant, u.user.id, patch);
    out[p.login] = { id: u.user.id, password: u.password };
  }
  return out;
}

/** Opens `path` in a fresh browser context, signs in on the login page it is sent to, and returns the page it lands on. */
export async function signInAt(browser: Browser, url: string, login: string, password: string, path: string, context: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, ...context })).newPage();
  await page.goto(`${url}${path}`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}
