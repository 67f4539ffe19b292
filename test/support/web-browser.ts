/** One test file's real engine (serving the built web app) and real Chromium: up before its tests, down after. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { ensureWebBuild } from './web-build.ts';
import { client, startEngine } from './web-engine.ts';

export interface WebAndBrowser {
  engine: Awaited<ReturnType<typeof startEngine>>;
  /** The pinned web build it serves. */
  web: string;
  browser: Browser;
  /** JSON client with the bootstrap admin token. */
  api: ReturnType<typeof client>;
}

export function useWebAndBrowser(): WebAndBrowser {
  const t = {} as WebAndBrowser;
  beforeAll(async () => {
    t.web = await ensureWebBuild();
    t.engine = await startEngine({ web: t.web });
    t.api = client(t.engine.url);
    t.browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await t.browser?.close();
    await t.engine?.stop();
  });
  return t;
}
