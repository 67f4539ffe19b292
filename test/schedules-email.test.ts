/**
 * Scheduled reports on a real engine and a local smtp-server: a schedule sends its report as an attachment
 * (sent by hand and by its cron), a failed send is retried and its error shown on the schedule, a send that
 * keeps failing ends "failed" with the error, and two engines on one KV send a run once (claim by CAS).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { dayWindow } from '@callboard/metrics';
import { Buckets } from '@callboard/nats';
import { loadConfig } from '../apps/ingest/src/config.ts';
import { start, type Running } from '../apps/ingest/src/start.ts';
import { Scheduler } from '../apps/ingest/src/schedules/scheduler.ts';
import { ReportMailer } from '../apps/ingest/src/schedules/mailer.ts';
import { login, makeUser, type TestEngine } from './support/identity.ts';
import { startSmtp, type LocalSmtp, type Received } from './support/smtp.ts';
import { eventually } from './support/wait.ts';

const TZ = 'Europe/Rome';
let e: TestEngine;
let smtp: LocalSmtp | undefined;
let smtpUrl = '';
const inbox = (): Received[] => smtp!.inbox;
let h: { cookie: string };

beforeAll(async () => {
  smtp = await startSmtp();
  smtpUrl = smtp.url;
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-schedules-'));
  const config = loadConfig({ CALLBOARD_DATA: data, PORT: '0', CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', LOG_LEVEL: 'silent', CALLBOARD_TIMEZONE: TZ,
    CALLBOARD_ADMIN_PASSWORD: 'admin-password-for-tests', CALLBOARD_BACKUP_DIR: 'off', SMTP_URL: smtpUrl, SMTP_FROM: 'callboard <cb@test.local>' });
  const running: Running = await start(config, { log: pino({ level: 'silent' }), schedules: { attempts: 3, retryMs: 200 } });
  e = { running, dir: data, url: running.url, stop: () => running.stop() };
  const { user, password } = await makeUser(e, 'demo', 'rita', ['analyst']);
  h = { cookie: await login(e, { tenant: 'demo', login: user.login, password }) };
  const yesterday = dayWindow(Date.now() - 86_400_000, TZ);
  const rows = Array.from({ length: 40 }, (_, i) => ({ tenant: 'demo', fact_id: `c${i}|q1`, call_id: `c${i}`, queue: 'q1', caller: `+39${i}`, channel: 'voice', campaign: '',
    day: yesterday.day, offered_at: yesterday.start + 36_000_000 + i * 1000, answered_at: null, ended_at: yesterday.start + 36_000_000 + i * 1000 + 9000, agent: '',
    wait_ms: 9000, talk_ms: 0, wrap_ms: 0, outcome: 'abandoned', exit_reason: '', ended_by: 'caller', transferred: 0, retain_until: '2099-01-01' }));
  await running.services.ch.insert({ table: 'call_facts', values: rows, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
});
afterAll(async () => {
  await e?.stop();
  await smtp?.close();
});

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  e.running.app.inject({ method, url: `/api/v1${url}`, headers: h, ...(payload ? { payload } : {}) });

/** The attachment of a raw message (nodemailer writes it base64). */
function attachment(raw: string): { filename: string; content: Buffer } {
  const m = /Content-Disposition: attachment;\s*filename=("?)([^"\r\n]+)\1[\s\S]*?\r\n\r\n([\s\S]*?)\r\n(?:\r\n)?--/.exec(raw);
  if (!m) throw new Error(`no attachment in ${raw.slice(0, 400)}`);
  return { filename: m[2], content: Buffer.from(m[3].replace(/\s+/g, ''), 'base64') };
}

const report = { name: 'Daily calls', source: 'calls', range: 'yesterday', format: 'csv', recipients: ['boss@test.local', 'ops@test.local'], cron: '0 7 * * *' };
const lastRun = async (id: string) => (await api('GET', `/schedules/${id}`)).json().lastRun;

describe('scheduled reports', () => {
  let id = '';

  it('schedules - bad input is a 400 naming the field', async () => {
    const cron = await api('POST', '/schedules', { ...report, cron: 'every morning' });
    expect(cron.statusCode).toBe(400);
    expect(cron.json().error).toMatchObject({ field: 'cron', message: expect.stringMatching(/^cron: "every morning" is not a cron expression/) });
    expect((await api('POST', '/schedules', { ...report, recipients: ['not-an-address'] })).json().error.message).toMatch(/e-mail address/);
    expect((await api('POST', '/schedules', { ...report, source: 'nope' })).json().error).toMatchObject({ field: 'source' });
  });

  it('schedules - created with its next run in the call centre\'s timezone; survives in KV', async () => {
    const res = await api('POST', '/schedules', report);
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    const next = new Date(res.json().nextRun);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(next)).toBe('07:00');
    expect(await e.running.services.schedules.store.get('demo', id)).toMatchObject({ name: 'Daily calls', recipients: report.recipients });
  });

  it('schedules - a run e-mails the report of yesterday as a CSV attachment to every recipient', async () => {
    expect((await api('POST', `/schedules/${id}/run`)).statusCode).toBe(202);
    const run = await eventually('the run to be sent', async () => ((await lastRun(id))?.status === 'sent' ? lastRun(id) : null));
    expect(run).toMatchObject({ status: 'sent', attempts: 1, error: null, rows: 40 });
    const mail = inbox().at(-1)!;
    expect(mail.to.sort()).toEqual(['boss@test.local', 'ops@test.local']);
    const yesterday = dayWindow(Date.now() - 86_400_000, TZ).day;
    expect(mail.body).toContain(`Subject: Daily calls: ${yesterday}`);
    const file = attachment(mail.body);
    expect(file.filename).toBe(`calls-${yesterday}.csv`);
    const records = parse(file.content, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(40);
    // the header is the columns' labels
    expect(records[0]).toMatchObject({ Call: 'c0', Outcome: 'abandoned', Day: yesterday });
  });

  it('schedules - a refused send is retried, and the error is shown on the schedule meanwhile', async () => {
    const before = inbox().length;
    smtp!.refuseNext(1);
    await api('POST', `/schedules/${id}/run`);
    const retrying = await eventually('the retrying status', async () => ((await lastRun(id))?.status === 'retrying' ? lastRun(id) : null));
    expect(retrying.error).toMatch(/sending failed \(attempt 1 of 3\): .*mailbox busy, try later/);
    const sent = await eventually('the retry to be sent', async () => ((await lastRun(id))?.status === 'sent' ? lastRun(id) : null));
    expect(sent).toMatchObject({ attempts: 2, error: null });
    expect(inbox().length).toBe(before + 1);
  });

  it('schedules - a send that keeps failing ends "failed" with its error', async () => {
    smtp!.refuseNext(3);
    await api('POST', `/schedules/${id}/run`);
    const failed = await eventually('the failed status', async () => ((await lastRun(id))?.status === 'failed' ? lastRun(id) : null), 20_000);
    expect(failed).toMatchObject({ attempts: 3, error: expect.stringMatching(/attempt 3 of 3.*mailbox busy/) });
    const list = (await api('GET', '/schedules')).json().schedules;
    expect(list.find((s: { id: string }) => s.id === id).lastRun.status).toBe('failed');
  });

  it('schedules - the cron runs it: a schedule every second sends without being asked, and stops when disabled', async () => {
    const before = inbox().length;
    const res = await api('POST', '/schedules', { ...report, name: 'Every second', format: 'xlsx', recipients: ['tick@test.local'], cron: '* * * * * *' });
    const tick = res.json().id;
    await eventually('a mail sent by the cron', () => inbox().slice(before).find((m) => m.to[0] === 'tick@test.local'));
    expect(attachment(inbox().slice(before).find((m) => m.to[0] === 'tick@test.local')!.body).filename).toMatch(/\.xlsx$/);
    expect((await api('PUT', `/schedules/${tick}`, { ...report, name: 'Every second', format: 'xlsx', recipients: ['tick@test.local'], cron: '* * * * * *', enabled: false })).json().nextRun).toBeNull();
    await e.running.services.schedules.idle();
    const sent = inbox().filter((m) => m.to[0] === 'tick@test.local').length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(inbox().filter((m) => m.to[0] === 'tick@test.local').length).toBe(sent);
    expect((await api('DELETE', `/schedules/${tick}`)).statusCode).toBe(204);
    expect((await api('GET', `/schedules/${tick}`)).statusCode).toBe(404);
  });

  it('schedules - two engines on one KV: a run is claimed and sent once', async () => {
    const services = e.running.services;
    const second = await Scheduler.open({ kv: await services.bus.kv(Buckets.schedules), exports: services.exports, tenants: services.tenants, log: pino({ level: 'silent' }), mailer: new ReportMailer(smtpUrl, 'cb2 <cb2@test.local>') });
    try {
      const s = (await services.schedules.store.get('demo', id))!;
      const slot = Date.now() + 60_000;
      const before = inbox().length;
      const claims = await Promise.all([services.schedules.claimAndSend('demo', s, slot), second.claimAndSend('demo', s, slot), second.claimAndSend('demo', s, slot)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      await services.schedules.idle();
      await second.idle();
      expect(inbox().length).toBe(before + 1);
    } finally {
      await second.close();
    }
  });

  it('schedules - a report schedule keeps its page\'s filters: the sales queue by hour is e-mailed as the report shows it', async () => {
    // another queue's calls yesterday, which the filter must leave out
    const y = dayWindow(Date.now() - 86_400_000, TZ);
    const other = Array.from({ length: 7 }, (_, i) => ({ tenant: 'demo', fact_id: `o${i}|q2`, call_id: `o${i}`, queue: 'q2', caller: `+40${i}`, channel: 'voice', campaign: '',
      day: y.day, offered_at: y.start + 54_000_000 + i * 1000, answered_at: y.start + 54_000_000 + i * 1000 + 4000, ended_at: y.start + 54_000_000 + i * 1000 + 64_000, agent: 'ana',
      wait_ms: 4000, talk_ms: 60_000, wrap_ms: 5000, outcome: 'answered', exit_reason: '', ended_by: 'agent', transferred: 0, retain_until: '2099-01-01' }));
    await e.running.services.ch.insert({ table: 'call_facts', values: other, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
    const byHour = { ...report, name: 'q1 by hour', source: 'report:queues', recipients: ['q1@test.local'], filters: { queue: 'q1', groupBy: 'hour' } };
    const made = await api('POST', '/schedules', byHour);
    expect(made.statusCode).toBe(201);
    expect(made.json().filters).toEqual({ queue: 'q1', groupBy: 'hour' });
    const sid = made.json().id as string;
    expect((await api('POST', `/schedules/${sid}/run`)).statusCode).toBe(202);
    await eventually('the filtered run to be sent', async () => ((await lastRun(sid))?.status === 'sent' ? true : null));
    const mail = inbox().filter((m) => m.to[0] === 'q1@test.local').at(-1)!;
    expect(mail.body).toContain('(queue q1, by hour)');
    const file = attachment(mail.body);
    expect(file.filename).toBe(`report:queues-queue-q1-by-hour-${y.day}.csv`);
    const sheet = parse(file.content, { columns: true }) as Record<string, string>[];
    const page = (await api('GET', `/reports/queues?from=${y.day}&to=${y.day}&groupBy=hour&queue=q1`)).json();
    expect(sheet).toHaveLength(page.rows.length);
    expect(sheet.length).toBeGreaterThanOrEqual(23);
    expect(sheet.reduce((n, r) => n + Number(r.Offered || 0), 0)).toBe(40);
    expect(sheet.map((r) => Number(r.Offered || 0))).toEqual(page.rows.map((r: { offered: number | null }) => r.offered ?? 0));
    // the whole centre's report by day has the other queue's calls too: the filter made the difference
    const whole = (await api('GET', `/reports/queues?from=${y.day}&to=${y.day}`)).json();
    expect(whole.totals.offered).toBe(47);

    // kept through an edit that carries them; dropped by one that does not
    const kept = await api('PUT', `/schedules/${sid}`, { ...byHour, enabled: false });
    expect(kept.json().filters).toEqual({ queue: 'q1', groupBy: 'hour' });
    const dropped = await api('PUT', `/schedules/${sid}`, { ...report, name: 'q1 by hour', source: 'report:queues', recipients: ['q1@test.local'], enabled: false });
    expect(dropped.json().filters).toBeUndefined();
    expect((await e.running.services.schedules.store.get('demo', sid))!.filters).toBeUndefined();
  });

  it('schedules - filters a source cannot take are a 400 when saved, not a failure at every run', async () => {
    const raw = await api('POST', '/schedules', { ...report, filters: { queue: 'q1' } });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error).toMatchObject({ field: 'filters', message: expect.stringMatching(/^filters: calls is exported whole/) });
    const agents = await api('POST', '/schedules', { ...report, source: 'report:agents', filters: { groupBy: 'hour' } });
    expect(agents.statusCode).toBe(400);
    expect(agents.json().error.message).toMatch(/groupBy/);
    const unknown = await api('POST', '/schedules', { ...report, source: 'report:queues', filters: { queue: 'q1', shoeSize: '44' } });
    expect(unknown.statusCode).toBe(400);
  });
});
