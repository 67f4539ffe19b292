/**
 * Campaigns in real Chromium on a real engine (seed 004): a supervisor creates a campaign, assigns an agent, imports a
 * CSV with good, bad and duplicate numbers and reads the report of rejected lines; the agent sees the campaign's entries
 * on their home and books one; while the campaign is paused the agent's Book is refused with the server's sentence.
 * Screenshots at 1920×1080 go to /tmp/campaigns-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { addPeople, bootWebApp, signInAt } from './support/e2e-app.ts';
import type { TestEngine } from './support/identity.ts';
import { ARTIFACTS } from './support/browser.ts';

let e: TestEngine;
let browser: Browser;
let people: Record<string, { id: string; password: string }> = {};

beforeAll(async () => {
  ({ e, browser } = await bootWebApp('campaigns-e2e'));
  const t = e.running.services.tenants.get('demo')!;
  await e.running.services.tenants.updateSettings('demo', { ...t.settings, callbacks: { defaultCountry: 'PL' } });
  people = await addPeople(e, 'demo', [
    { login: 'anna', name: 'Anna Nowak', extension: '201', roles: ['agent'], queues: ['sales'] },
    { login: 'sofia', name: 'Sofia Kowalska', extension: '300', roles: ['supervisor'], queues: ['sales'] },
  ]);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await e?.stop();
});

const signIn = (login: string, path: string): Promise<Page> => signInAt(browser, e.url, login, people[login].password, path);

const CSV = [
  'name;phone',
  'Adam;601 234 567',
  'Beata;+48 (22) 123-45-67',
  'Cezary;',
  'Dorota;601-234-x67',
  'Ewa;12345',
  'Adam again;+48601234567',
].join('\n');

describe('campaigns (Chromium)', () => {
  it('campaigns e2e - the supervisor imports a CSV and reads the rejection report; the assigned agent sees the entries and books one; paused, booking is refused', async () => {
    const sofia = await signIn('sofia', '/campaigns');
    await sofia.getByLabel('New campaign').fill('Winter offers');
    await sofia.getByRole('button', { name: 'Create' }).click();
    const card = sofia.getByTestId('campaign').filter({ hasText: 'Winter offers' });
    await card.waitFor();
    // Assign Anna.
    await sofia.getByLabel(/Anna Nowak/).check();
    await sofia.getByRole('button', { name: 'Save agents' }).click();
    await expect.poll(() => card.innerText()).toContain('1 agent');
    // Import: header row, the phone column found by its name.
    await sofia.getByTestId('csv-file').setInputFiles({ name: 'callers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await sofia.getByRole('button', { name: 'Add to campaign' }).click();
    const report = sofia.getByTestId('import-report');
    await report.waitFor({ timeout: 20_000 });
    expect(await report.locator('p').first().innerText()).toBe('2 added of 6 lines (column “phone”); 4 rejected.');
    const rejected = await report.getByTestId('rejected').allInnerTexts();
    expect(rejected.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      '4 Cezary; Empty: no phone number',
      '5 Dorota;601-234-x67 Illegal characters: illegal characters "x": only digits and ( ) + - . are accepted',
      '6 Ewa;12345 Not a valid number: not a valid phone number (national numbers are read as PL)',
      '7 Adam again;+48601234567 Duplicate: duplicate of line 2',
    ]);
    // The progress bar and the entries table follow.
    await expect.poll(() => card.getByTestId('progress').innerText()).toMatch(/0\s*handled\s*0\s*not completed\s*2\s*remaining\s*of 2/);
    await expect.poll(() => sofia.getByTestId('entry').count()).toBe(2);
    await sofia.screenshot({ path: `${ARTIFACTS}campaigns-supervisor.png` });

    // The agent's home lists the campaign's entries; Anna books one.
    const anna = await signIn('anna', '/agent');
    const entry = (number: string) => anna.getByTestId('pool').getByTestId('request').filter({ hasText: number });
    await entry('+48 601 234 567').waitFor({ timeout: 20_000 });
    await entry('+48 22 123 45 67').waitFor();
    expect(await entry('+48 601 234 567').getByTestId('campaign-entry').innerText()).toBe('campaign');
    // Campaign entries are not missed calls: the header's counter stays at 0.
    await expect.poll(() => anna.getByTestId('missed-badge').innerText()).toMatch(/Missed calls\s+0$/);
    await entry('+48 601 234 567').getByRole('button', { name: 'Book' }).click();
    const mine = anna.getByTestId('my-requests').getByTestId('request').filter({ hasText: '+48 601 234 567' });
    await mine.waitFor({ timeout: 10_000 });
    await expect.poll(() => mine.getByTestId('booked-by').innerText()).toMatch(/Booked by you/);

    // Paused: Anna's Book on the other entry answers with the server's sentence.
    await sofia.getByRole('button', { name: 'Pause campaign' }).click();
    await sofia.getByTestId('paused').waitFor();
    await entry('+48 22 123 45 67').getByRole('button', { name: 'Book' }).click();
    const refusal = entry('+48 22 123 45 67').getByTestId('request-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe('campaign "Winter offers" is paused: its entries cannot be booked until it is resumed');
    await anna.screenshot({ path: `${ARTIFACTS}campaigns-agent.png` });

    // The supervisor's page shows one booked now.
    await sofia.reload();
    await expect.poll(() => sofia.getByTestId('entry').filter({ hasText: '+48 601 234 567' }).innerText()).toContain('Anna Nowak');

    // Assign Call: a missed call added to the campaign with the bulk action.
    const f = eventFactory('demo', 'cmpe2e-');
    const t = Date.now() - 120_000;
    await e.running.services.publisher.publish('demo', [f.offered(t, 'miss-1', 'sales', '+48 512 345 678'), f.abandoned(t + 40_000, 'miss-1', 'sales', 40_000)], 'test');
    await sofia.goto(`${e.url}/callbacks`);
    await sofia.getByTestId('row').filter({ hasText: '+48 512 345 678' }).waitFor({ timeout: 20_000 });
    await sofia.getByRole('button', { name: 'Add to campaign…' }).click();
    const dialog = sofia.getByTestId('add-to-campaign');
    await dialog.getByLabel(/\+48 512 345 678/).check();
    await dialog.getByRole('button', { name: 'Add 1 to campaign' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toBe('1 added.');
    await sofia.screenshot({ path: `${ARTIFACTS}campaigns-add-to-campaign.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Assign Call's Type filter: the campaign's entries only, then the missed calls only (the added one now a campaign entry too).
    await sofia.getByRole('group', { name: 'View' }).waitFor();
    await sofia.getByLabel('Type').selectOption({ label: 'Campaign: Winter offers' });
    await expect.poll(() => sofia.getByTestId('total').innerText(), { timeout: 15_000 }).toBe('3 open requests');
    await sofia.getByLabel('Type').selectOption({ label: 'Missed calls only' });
    await expect.poll(async () => (await sofia.getByTestId('row').allInnerTexts()).filter((r) => r.includes('+48 22 123 45 67')).length, { timeout: 15_000 }).toBe(0);

    // The dashboard's Type and Name filters count the campaign's entries: three, none attempted yet.
    await sofia.goto(`${e.url}/callbacks/dashboard`);
    const filters = sofia.getByTestId('dashboard-filters');
    await filters.getByLabel('Type').selectOption('campaign');
    await filters.getByLabel('Name').selectOption({ label: 'Winter offers' });
    await filters.getByRole('button', { name: 'Search' }).click();
    const totals = sofia.getByTestId('totals');
    await expect.poll(() => totals.locator('[data-count="total"]').innerText(), { timeout: 15_000 }).toBe('3');
    expect(await totals.locator('[data-count="notHandled"]').innerText()).toMatch(/^3\s+100 %$/);

    // Done with it: renamed, then archived after the confirmation that says what happens; it leaves the list.
    await sofia.goto(`${e.url}/campaigns`);
    await card.waitFor();
    await sofia.getByRole('button', { name: 'Rename' }).click();
    await sofia.getByLabel('Campaign name').fill('Winter offers 2026');
    await sofia.getByRole('button', { name: 'Save name' }).click();
    await sofia.getByRole('heading', { name: 'Winter offers 2026' }).waitFor();
    const renamed = sofia.getByTestId('campaign').filter({ hasText: 'Winter offers 2026' });
    await renamed.waitFor();
    await sofia.getByRole('button', { name: 'Archive…' }).click();
    const confirm = sofia.getByRole('alertdialog', { name: 'Archive Winter offers 2026' });
    expect(await confirm.innerText()).toContain('Its open entries are removed');
    await sofia.screenshot({ path: 'test/.artifacts/campaigns-archive-confirm.png' });
    await confirm.getByRole('button', { name: 'Archive campaign' }).click();
    await expect.poll(() => sofia.getByTestId('campaign').count()).toBe(0);
    expect(await sofia.locator('.list').innerText()).toContain('No campaigns yet');
    // Its open entries left Anna's pool.
    await anna.reload();
    await expect.poll(() => anna.getByTestId('pool').getByTestId('request').filter({ hasText: '+48 22 123 45 67' }).count(), { timeout: 15_000 }).toBe(0);

    // A big import pages: 250 callers, 200 a page.
    await sofia.getByLabel('New campaign').fill('Spring list');
    await sofia.getByRole('button', { name: 'Create' }).click();
    await sofia.getByTestId('campaign').filter({ hasText: 'Spring list' }).waitFor();
    const many = Array.from({ length: 250 }, (_, i) => `+48 601 ${String(100_000 + i).slice(0, 3)} ${String(100_000 + i).slice(3)}`).join('\n');
    await sofia.getByLabel('My file has column headers in the first row').uncheck();
    await sofia.getByTestId('csv-file').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(many) });
    await sofia.getByRole('button', { name: 'Add to campaign' }).click();
    const pager = sofia.getByTestId('entries-pager');
    await expect.poll(() => pager.innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/^1–200 of 250/);
    expect(await sofia.getByTestId('entry').count()).toBe(200);
    await pager.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => pager.innerText()).toMatch(/^201–250 of 250/);
    await expect.poll(() => sofia.getByTestId('entry').count()).toBe(50);
    await sofia.getByLabel('Show entries').selectOption('closed');
    await expect.poll(() => sofia.getByTestId('entry').count()).toBe(0);
  }, 180_000);
});
