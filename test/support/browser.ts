/** Real Chromium for end-to-end tests (Debian's /usr/bin/chromium through playwright-core; never downloads a browser). */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  // Playwright and tsx write into $TMPDIR: keep it inside the test folder.
  const tmp = fileURLToPath(new URL('../.artifacts/tmp/', import.meta.url));
  mkdirSync(tmp, { recursive: true });
  process.env.TMPDIR = tmp;
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
