/**
 * /api/v1/exports on a real engine: a job runs in the background with its progress, its file downloads as the
 * source rows; only its starter sees it (another user of the tenant and another tenant get 404); a range past
 * the retention is refused naming the oldest day kept; after 7 days (the clock moved on) the file is gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { parquetReadObjects } from 'hyparquet';
import { dayWindow } from '@callboard/metrics';
import { loadConfig } from '../apps/ingest/src/config.ts';
import { start, type Running } from '../apps/ingest/src/start.ts';
import { login, makeUser, type TestEngine } from './support/identity.ts';
import { eventually } from './support/wait.ts';
import { REPORT_IDS } from '@callboard/api';
import { rawSource } from '../apps/ingest/src/exports/source.ts';

/** CSV rows keyed by column key: the header holds the columns' labels. */
const byKey = (csv: Buffer, columns: { key: string; label: string }[]) =>
  parse(csv, { columns: (head: string[]) => head.map((h) => columns.find((c) => c.label === h)?.key ?? h) }) as Record<string, string>[];
const callColumns = rawSource('calls', { tenant: '', fromDay: '2000-01-01', toDay: '2000-01-01', from: 0, to: 0 }).columns;

let e: TestEngine;
let clockOffset = 0;
const now = () => Date.now() + clockOffset;
const cookies: Record<string, { cookie: string }> = {};
const TZ = 'Europe/Rome';
const day = (back: number) => dayWindow(Date.now() - back * 86_400_000, TZ).day;

beforeAll(async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-exports-api-'));
  const config = loadConfig({ CALLBOARD_DATA: data, PORT: '0', CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', LOG_LEVEL: 'silent',
    CALLBOARD_ADMIN_PASSWORD: 'admin-password-for-tests', CALLBOARD_BACKUP_DIR: 'off', CALLBOARD_TIMEZONE: TZ });
  const running: Running = await start(config, { log: pino({ level: 'silent' }), now });
  e = { running, dir: data, url: running.url, stop: () => running.stop() };
  await running.services.tenants.ensure('other', 'Other', TZ);
  for (const [tenant, who] of [['demo', 'ann'], ['demo', 'bob'], ['other', 'ann']] as const) {
    const { user, password } = await makeUser(e, tenant, `${who}-analyst`, ['analyst']);
    cookies[`${tenant}/${who}`] = { cookie: await login(e, { tenant, login: user.login, password }) };
  }
  const rows = [];
  for (let i = 0; i < 500; i++) {
    const offered = dayWindow(Date.now() - 2 * 86_400_000, TZ).start + 3600_000 * 9 + i * 1000;
    const fact = { fact_id: `c${i}|q1`, call_id: `c${i}`, queue: 'q1', caller: `+39${i}`, channel: 'voice', campaign: '', day: day(2), offered_at: offered, answered_at: offered + 4000,
      ended_at: offered + 60_000, agent: 'a1', wait_ms: 4000, talk_ms: 56_000, wrap_ms: 0, outcome: 'answered', exit_reason: '', ended_by: 'caller', transferred: 0, retain_until: '2099-01-01' };
    rows.push({ ...fact, tenant: 'demo' }, { ...fact, tenant: 'other', caller: 'zz-other-tenant' });
  }
  await running.services.ch.insert({ table: 'call_facts', values: rows, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
});
afterAll(async () => e?.stop());

const api = (method: 'GET' | 'POST', url: string, who: string, payload?: object) =>
  e.running.app.inject({ method, url: `/api/v1${url}`, headers: cookies[who], ...(payload ? { payload } : {}) });

describe('exports API', () => {
  let jobId = '';

  it('exports - POST starts a job; it runs with progress to done and lists for its starter', async () => {
    const res = await api('POST', '/exports', 'demo/ann', { source: 'calls', from: day(3), to: day(1), format: 'csv' });
    expect(res.statusCode).toBe(202);
    jobId = res.json().id;
    expect(res.json()).toMatchObject({ source: 'calls', format: 'csv', status: expect.stringMatching(/queued|running|done/) });
    const done = await eventually('the export to finish', async () => {
      const j = (await api('GET', `/exports/${jobId}`, 'demo/ann')).json();
      return j.status === 'done' ? j : null;
    });
    expect(done).toMatchObject({ rows: 500, total: 500, progress: 1, fileName: `calls-${day(3)}-to-${day(1)}.csv` });
    const list = (await api('GET', '/exports', 'demo/ann')).json();
    expect(list.jobs.map((j: { id: string }) => j.id)).toEqual([jobId]);
  });

  it('exports - the file downloads as the tenant\'s rows, with its name', async () => {
    const res = await api('GET', `/exports/${jobId}/file`, 'demo/ann');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`calls-${day(3)}-to-${day(1)}.csv`);
    expect(parse(res.rawPayload, { to_line: 1 })[0]).toEqual(callColumns.map((c) => c.label));
    const records = byKey(res.rawPayload, callColumns);
    expect(records).toHaveLength(500);
    expect(records.every((r) => r.caller.startsWith('+39'))).toBe(true);
  });

  it('exports - a report is a source too: report:historic exports the rows the report shows', async () => {
    const sources = (await api('GET', '/exports/sources', 'demo/ann')).json().sources.map((x: { name: string }) => x.name);
    expect(sources).toEqual(expect.arrayContaining(['calls', 'report:queues', 'report:historic', 'report:agents']));
    const res = await api('POST', '/exports', 'demo/ann', { source: 'report:historic', from: day(3), to: day(1), format: 'csv' });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    await eventually('the report export to finish', async () => (await api('GET', `/exports/${id}`, 'demo/ann')).json().status === 'done');
    const report = (await api('GET', `/reports/historic?from=${day(3)}&to=${day(1)}`, 'demo/ann')).json() as { columns: { key: string; label: string; type: string }[]; rows: Record<string, unknown>[] };
    const records = byKey((await api('GET', `/exports/${id}/file`, 'demo/ann')).rawPayload, report.columns);
    expect(records).toHaveLength(report.rows.length);
    expect(report.rows.length).toBe(3);
    report.rows.forEach((row, i) => {
      for (const c of report.columns) {
        if (c.type === 'number' && row[c.key] !== null) expect(Number(records[i][c.key]), `${c.key} of row ${i}`).toBeCloseTo(Number(row[c.key]), 6);
        else if (c.type !== 'number') expect(records[i][c.key], `${c.key} of row ${i}`).toBe(String(row[c.key] ?? ''));
      }
    });
    expect(report.rows.reduce((n, r) => n + Number(r.offered), 0)).toBeGreaterThan(0);
  });

  it('exports - a report exports the table on its page: its grouping and filters apply in Excel and Parquet, shown on the job', async () => {
    // A second queue the filter must leave out, at 14:00 the same day.
    const offered = dayWindow(Date.now() - 2 * 86_400_000, TZ).start + 3600_000 * 14;
    await e.running.services.ch.insert({ table: 'call_facts', format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' }, values: Array.from({ length: 40 }, (_, i) => ({
      tenant: 'demo', fact_id: `f${i}|q2`, call_id: `f${i}`, queue: 'q2', caller: `+3902${i}`, channel: 'voice', campaign: '', day: day(2), offered_at: offered + i * 1000,
      answered_at: null, ended_at: offered + i * 1000 + 9000, agent: '', wait_ms: 9000, talk_ms: 0, wrap_ms: 0, outcome: 'abandoned', exit_reason: '', ended_by: 'caller',
      transferred: 0, retain_until: '2099-01-01' })) });
    const filters = { groupBy: 'hour', queue: 'q2' };
    const report = (await api('GET', `/reports/queues?from=${day(2)}&to=${day(2)}&groupBy=hour&queue=q2`, 'demo/ann')).json() as { columns: { key: string; label: string }[]; rows: Record<string, unknown>[] };
    expect(report.rows).toHaveLength(24);
    expect(report.rows.reduce((n, r) => n + Number(r.offered), 0)).toBe(40);
    const exported = async (format: 'xlsx' | 'parquet') => {
      const res = await api('POST', '/exports', 'demo/ann', { source: 'report:queues', from: day(2), to: day(2), format, filters });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().filters).toEqual(filters);
      const id = res.json().id as string;
      await eventually(`the ${format} export to finish`, async () => (await api('GET', `/exports/${id}`, 'demo/ann')).json().status === 'done');
      expect((await api('GET', '/exports', 'demo/ann')).json().jobs.find((j: { id: string }) => j.id === id).filters).toEqual(filters);
      return (await api('GET', `/exports/${id}/file`, 'demo/ann')).rawPayload;
    };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await exported('xlsx') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const offeredCol = report.columns.findIndex((c) => c.key === 'offered') + 1;
    expect(sheet.getRow(1).getCell(offeredCol).value).toBe(report.columns[offeredCol - 1].label);
    const xlsxOffered: number[] = [];
    sheet.eachRow((row, n) => { if (n > 1) xlsxOffered.push(Number(row.getCell(offeredCol).value)); });
    expect(xlsxOffered).toEqual(report.rows.map((r) => Number(r.offered)));
    const buf = await exported('parquet');
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer }) as Record<string, unknown>[];
    expect(rows.map((r) => Number(r.offered))).toEqual(report.rows.map((r) => Number(r.offered)));
    expect(rows.map((r) => Number(r.abandoned))).toEqual(report.rows.map((r) => Number(r.abandoned)));
    // Unfiltered, the same day counts both queues: the filter did something.
    const all = (await api('GET', `/reports/queues?from=${day(2)}&to=${day(2)}`, 'demo/ann')).json();
    expect(all.totals.offered).toBe(540);
  });

  it('exports - grouping and filters are refused where they cannot apply, never dropped (raw history, a report without hours, unknown keys)', async () => {
    const raw = await api('POST', '/exports', 'demo/ann', { source: 'calls', from: day(2), to: day(2), format: 'csv', filters: { queue: 'q2' } });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error).toMatchObject({ field: 'filters' });
    expect(raw.json().error.message).toMatch(/calls is exported whole over its range; grouping and filters \(queue\) apply to the report sources/);
    const hours = await api('POST', '/exports', 'demo/ann', { source: 'report:agents', from: day(2), to: day(2), format: 'csv', filters: { groupBy: 'hour' } });
    expect(hours.statusCode).toBe(400);
    expect(hours.json().error.message).toMatch(/groupBy: the agent performance is not by day or hour/);
    const unknown = await api('POST', '/exports', 'demo/ann', { source: 'report:queues', from: day(2), to: day(2), format: 'csv', filters: { queues: 'q2' } });
    expect(unknown.statusCode).toBe(400);
    const jobs = (await api('GET', '/exports', 'demo/ann')).json().jobs.length;
    expect(jobs).toBe(4);
  });

  it('exports - another user of the tenant and another tenant get 404 for the job and its file', async () => {
    for (const who of ['demo/bob', 'other/ann']) {
      expect((await api('GET', `/exports/${jobId}`, who)).statusCode).toBe(404);
      expect((await api('GET', `/exports/${jobId}/file`, who)).statusCode).toBe(404);
      expect((await api('GET', '/exports', who)).json().jobs).toEqual([]);
    }
  });

  it('exports - bad input is a 400 with a human message (unknown source, format, past the retention)', async () => {
    const bad = await api('POST', '/exports', 'demo/ann', { source: 'nope', from: day(3), to: day(1), format: 'csv' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/unknown source "nope"; expected one of calls, events, agent_states, callbacks/);
    expect((await api('POST', '/exports', 'demo/ann', { source: 'calls', from: day(3), to: day(1), format: 'pdf' })).statusCode).toBe(400);
    const backwards = await api('POST', '/exports', 'demo/ann', { source: 'calls', from: day(1), to: day(3), format: 'csv' });
    expect(backwards.json().error).toMatchObject({ code: 'INVALID_RANGE', field: 'to' });
    const old = await api('POST', '/exports', 'demo/ann', { source: 'calls', from: day(400), to: day(1), format: 'csv' });
    expect(old.statusCode).toBe(400);
    expect(old.json().error).toMatchObject({ code: 'INVALID_RANGE', field: 'from' });
    expect(old.json().error.message).toMatch(/retention: history is kept 396 days, so the oldest day kept is \d{4}-\d{2}-\d{2}/);
    const sources = (await api('GET', '/exports/sources', 'demo/ann')).json();
    expect(sources).toMatchObject({ retentionDays: 396 });
    expect(sources.sources.map((s: { name: string }) => s.name)).toEqual(['calls', 'events', 'agent_states', 'callbacks', ...REPORT_IDS.map((id) => `report:${id}`), 'tickets:tickets', 'tickets:objects', 'tickets:products']);
  });

  it('exports - after 7 days the job and its file are removed', async () => {
    const file = e.running.services.exports.filePath(e.running.services.exports.get('demo', (await e.running.services.identity.users.list('demo')).find((u) => u.login === 'ann-analyst')!.id, jobId)!);
    expect(fs.existsSync(file)).toBe(true);
    clockOffset = 7 * 86_400_000 - 60_000;
    expect(e.running.services.exports.sweep()).toBe(0);
    expect((await api('GET', `/exports/${jobId}/file`, 'demo/ann')).statusCode).toBe(200);
    clockOffset = 7 * 86_400_000 + 1000;
    expect((await api('GET', `/exports/${jobId}/file`, 'demo/ann')).statusCode).toBe(404);
    expect(e.running.services.exports.sweep()).toBe(4); // this job and the three reports', all started 7 days ago
    expect(fs.existsSync(file)).toBe(false);
    expect((await api('GET', '/exports', 'demo/ann')).json().jobs).toEqual([]);
  });
});
