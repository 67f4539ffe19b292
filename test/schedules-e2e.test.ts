/**
 * Scheduled reports and report exports in real Chromium on a real engine with a local smtp-server: an analyst
 * creates a schedule on /reports/schedules (report, range, recipients, CSV, a time preset in the call centre's
 * timezone), sends it now while the mail server refuses once (the page shows the retry and its error, then
 * "sent" after 2 tries), the e-mail arrives with the CSV attached; pauses and deletes it. On a report page the
 * Export runs a background job in another format (Parquet) with a progress bar and a download link.
 * Screenshots at 1920×1080: test/.artifacts/schedules.png (and schedules-retrying.png, while the retry is pending).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { dayWindow } from '@callboard/metrics';
import { loadConfig } from '../apps/ingest/src/config.ts';
import { start } from '../apps/ingest/src/start.ts';
import { sveltekitPluginFrom } from '../apps/ingest/src/web/sveltekit.ts';
import { ARTIFACTS, launchChromium } from './support/browser.ts';
import { ensureWebBuild, preloadWebHandler } from './support/web-build.ts';
import { makeUser, type TestEngine } from './support/identity.ts';
import { startSmtp, type LocalSmtp } from './support/smtp.ts';
import { eventually } from './support/wait.ts';

const TZ = 'Europe/Rome';
let e: TestEngine;
let smtp: LocalSmtp;
let browser: Browser;
let page: Page;
const yesterday = dayWindow(Date.now() - 86_400_000, TZ);

beforeAll(async () => {
  const build = await ensureWebBuild();
  await preloadWebHandler(build);
  smtp = await startSmtp();
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-schedules-e2e-'));
  const config = loadConfig({ CALLBOARD_DATA: data, PORT: '0', CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', LOG_LEVEL: 'silent', CALLBOARD_TIMEZONE: TZ,
    CALLBOARD_ADMIN_PASSWORD: 'admin-password-for-tests', CALLBOARD_BACKUP_DIR: 'off', SMTP_URL: smtp.url, SMTP_FROM: 'callboard <cb@test.local>' });
  const running = await start(config, { log: pino({ level: 'silent' }), schedules: { attempts: 3, retryMs: 4000 }, extra: [sveltekitPluginFrom(build)] });
  e = { running, dir: data, url: running.url, stop: () => running.stop() };
  const rows = Array.from({ length: 40 }, (_, i) => ({ tenant: 'demo', fact_id: `c${i}|q1`, call_id: `c${i}`, queue: 'q1', caller: `+39${i}`, channel: 'voice', campaign: '',
    day: yesterday.day, offered_at: yesterday.start + 36_000_000 + i * 1000, answered_at: null, ended_at: yesterday.start + 36_000_000 + i * 1000 + 9000, agent: '',
    wait_ms: 9000, talk_ms: 0, wrap_ms: 0, outcome: 'abandoned', exit_reason: '', ended_by: 'caller', transferred: 0, retain_until: '2099-01-01' }));
  await running.services.ch.insert({ table: 'call_facts', values: rows, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
  const u = await makeUser(e, 'demo', 'sara', ['supervisor'], { name: 'Sara Supervisor' });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true })).newPage();
  await page.goto(`${e.url}/reports`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=login]', 'sara');
  await page.fill('input[name=password]', u.password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await e?.stop();
  await smtp?.close();
});

/** The attachment of a raw message (nodemailer writes it base64). */
function attachment(raw: string): { filename: string; content: Buffer } {
  const m = /Content-Disposition: attachment;\s*filename=("?)([^"\r\n]+)\1[\s\S]*?\r\n\r\n([\s\S]*?)\r\n(?:\r\n)?--/.exec(raw);
  if (!m) throw new Error(`no attachment in ${raw.slice(0, 400)}`);
  return { filename: m[2], content: Buffer.from(m[3].replace(/\s+/g, ''), 'base64') };
}

describe('scheduled reports e2e', () => {
  it('schedules - create on the page, send now through a refused first try (retry shown), the e-mail arrives with the CSV, pause, delete', async () => {
    await page.goto(`${e.url}/reports`);
    await page.getByRole('link', { name: 'Scheduled reports' }).first().click();
    await page.getByRole('heading', { name: 'Scheduled reports' }).waitFor();
    const form = page.getByRole('form', { name: 'New scheduled report' });
    await form.locator('select[name=source] option[value=calls]').waitFor({ state: 'attached' });
    await form.locator('input[name=name]').fill('Calls for the managers');
    await form.locator('select[name=source]').selectOption('calls');
    await form.locator('select[name=range]').selectOption('yesterday');
    await form.locator('select[name=format]').selectOption('csv');
    await form.locator('input[name=recipients]').fill('boss@test.local, ops@test.local');
    await form.locator('select[name=every]').selectOption('weekday');
    await form.locator('input[name=time]').fill('06:30');
    await expect(form.textContent()).resolves.toContain(`Runs Monday to Friday at 06:30 (${TZ})`);
    await form.getByRole('button', { name: 'Schedule' }).click();
    const row = page.locator('tr[data-schedule="Calls for the managers"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Monday to Friday at 06:30/);
    await expect(row.textContent()).resolves.toMatch(/not run yet/);
    const stored = (await e.running.services.schedules.list('demo'))[0];
    expect(stored).toMatchObject({ cron: '30 6 * * 1-5', recipients: ['boss@test.local', 'ops@test.local'], source: 'calls', range: 'yesterday', format: 'csv' });

    // The mail server refuses the first try: the page shows the retry with the error, then the send.
    smtp.refuseNext(1);
    await row.getByRole('button', { name: 'Send now' }).click();
    const run = row.locator('li.run').first();
    await eventually('the retry to show', async () => (await run.getAttribute('data-status')) === 'retrying');
    await expect(run.textContent()).resolves.toMatch(/sending failed \(attempt 1 of 3\).*mailbox busy/);
    await page.screenshot({ path: join(ARTIFACTS, 'schedules-retrying.png') });
    await eventually('the retry to be sent', async () => (await run.getAttribute('data-status')) === 'sent', 30_000);
    await expect(run.textContent()).resolves.toMatch(/40 rows · 2 tries/);

    const mail = smtp.inbox.at(-1)!;
    expect(mail.to.sort()).toEqual(['boss@test.local', 'ops@test.local']);
    const file = attachment(mail.body);
    expect(file.filename).toBe(`calls-${yesterday.day}.csv`);
    const records = parse(file.content, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(40);
    expect(records[0]).toMatchObject({ Call: 'c0', Outcome: 'abandoned', Day: yesterday.day });

    // A second run: both are listed, newest first.
    await row.getByRole('button', { name: 'Send now' }).click();
    await eventually('the second run', async () => (await row.locator('li.run').count()) === 2 && (await run.getAttribute('data-status')) === 'sent');

    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByRole('button', { name: 'Resume' }).waitFor();
    await expect(row.textContent()).resolves.toMatch(/paused/);
    expect((await e.running.services.schedules.list('demo'))[0].enabled).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'schedules.png') });

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No scheduled reports yet.').waitFor();
    expect(await e.running.services.schedules.list('demo')).toEqual([]);
  });

  it('schedules - a report schedule takes its page\'s filters (queues, by hour), shows them, and keeps them when paused', async () => {
    await page.goto(`${e.url}/reports/schedules`);
    const form = page.getByRole('form', { name: 'New scheduled report' });
    await form.locator('select[name=source] option[value="report:queues"]').waitFor({ state: 'attached' });
    await form.locator('input[name=name]').fill('Queue q1 by hour');
    await form.locator('select[name=source]').selectOption('report:queues');
    await form.locator('input[name=queue]').fill(' q1 , ');
    await form.locator('select[name=groupBy]').selectOption('hour');
    await form.locator('input[name=recipients]').fill('q1@test.local');
    // a raw-history source takes no filters: its fields go away
    await form.locator('select[name=source]').selectOption('calls');
    expect(await form.locator('input[name=queue]').count()).toBe(0);
    await form.locator('select[name=source]').selectOption('report:agents');
    expect(await form.locator('select[name=groupBy]').count()).toBe(0);
    await form.locator('select[name=source]').selectOption('report:queues');
    await form.getByRole('button', { name: 'Schedule' }).click();
    const row = page.locator('tr[data-schedule="Queue q1 by hour"]');
    await expect.poll(() => row.getByTestId('schedule-filters').textContent()).toBe('queues q1, by hour');
    const stored = () => e.running.services.schedules.list('demo').then((l) => l.find((x) => x.name === 'Queue q1 by hour'));
    expect((await stored())?.filters).toEqual({ queue: 'q1', groupBy: 'hour' });
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByRole('button', { name: 'Resume' }).waitFor();
    expect(await stored()).toMatchObject({ enabled: false, filters: { queue: 'q1', groupBy: 'hour' } });
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('reports - Export as Parquet runs a background job with progress, then downloads the report\'s rows', async () => {
    await page.goto(`${e.url}/reports/historic`);
    await page.getByRole('button', { name: 'Yesterday', exact: true }).click();
    const table = page.getByTestId('table-historic');
    await eventually('yesterday\'s row', async () => (await table.locator('tbody tr').count()) === 1);
    await page.getByTestId('export-format-historic').selectOption('parquet');
    await page.getByTestId('export-historic').click();
    const link = page.getByTestId('export-job-historic').getByRole('link', { name: /Download/ });
    await link.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.parquet$/);
    const buf = fs.readFileSync((await download.path())!);
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) }) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].offered)).toBe(40);
  });
});
