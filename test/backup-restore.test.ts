/**
 * Backup and restore: write data (events, users, tokens, settings, a ticket with an attachment), back up (daily job
 * and `npm run backup`), wipe the data directory, `npm run restore`, compare everything, the attachment byte for byte.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { Buckets } from '@callboard/nats';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { listBackups, runBackup } from '../apps/ingest/src/backup/backup.ts';
import { scheduleBackups } from '../apps/ingest/src/backup/schedule.ts';
import { planTables } from '../apps/ingest/src/backup/tables.ts';
import type { Services } from '../apps/ingest/src/services.ts';
import { createBus } from '@callboard/bus';
import { createClickHouse } from '../apps/ingest/src/store/clickhouse.ts';
import { bootEngine, login, makeUser, type TestEngine } from './support/identity.ts';

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-backups-'));
const CLI = path.resolve('apps/ingest/src/backup/cli.ts');
let e: TestEngine | null = null;
afterAll(async () => e?.stop());

/** Open the stopped engine's storage directly (as the CLI does) and read it. */
async function stored(data: string) {
  const bus = await createBus({ dataDir: data });
  const { client: ch } = createClickHouse({ dataDir: data });
  try {
    return await snapshot({ ch, bus } as Services);
  } finally {
    await bus.close();
    await ch.close();
  }
}

async function snapshot(s: Pick<Services, 'ch' | 'bus'>) {
  const out: Record<string, unknown> = {};
  for (const t of (await planTables(s.ch)).data) {
    out[t] = await (await s.ch.query({ query: `SELECT * FROM ${t} ORDER BY ALL`, format: 'JSONEachRow' })).json();
  }
  out.rollup = await (await s.ch.query({
    query: 'SELECT tenant, hour, queue, agent, outcome, sum(calls) c, sum(wait_ms) w, max(max_wait_ms) m FROM call_rollup_hourly GROUP BY ALL ORDER BY ALL',
    format: 'JSONEachRow',
  })).json();
  for (const bucket of Object.values(Buckets)) {
    const kv = await s.bus.kv(bucket);
    const entries: Record<string, string> = {};
    for (const k of (await kv.keys()).sort()) entries[k] = Buffer.from((await kv.get(k))!.value).toString('base64');
    out[`kv:${bucket}`] = entries;
  }
  return out;
}

function cli(args: string[], data: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, CALLBOARD_DATA: data, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

describe('backup', () => {
  it('backup - daily job and npm run backup write a complete backup; wipe + npm run restore gives back the same data', async () => {
    e = await bootEngine('backup');
    const s = e.running.services;
    const ev = eventFactory('demo', 'bk-');
    const t = Date.now() - 3600_000;
    await s.publisher.publish('demo', [
      ev.agent(t, 'anna', 'ready', ['sales']),
      ev.offered(t + 1000, 'c1', 'sales'), ev.answered(t + 9000, 'c1', 'sales', 'anna', 8000), ev.ended(t + 70_000, 'c1', 'sales', 'anna', 61_000),
      ev.offered(t + 2000, 'c2', 'sales'), ev.abandoned(t + 40_000, 'c2', 'sales', 38_000),
      ev.agent(t + 80_000, 'anna', 'ready', ['sales']), ev.offered(Date.now() - 1000, 'c3', 'sales'),
    ], 'test');
    const { user, password } = await makeUser(e, 'demo', 'kept', ['supervisor'], { extension: '301' });
    const tok = await s.tokens.create({ tenant: 'demo', role: 'display', name: 'tv', createdBy: 'test', wallboards: ['wb1'] });
    await s.tenants.updateSettings('demo', { ...s.tenants.get('demo')!.settings, retentionDays: 500 });
    // A ticket with a file on disk: every byte value, so a text-mode copy or a truncation shows.
    const supervisor = await login(e, { login: 'kept', password });
    const api = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      e!.running.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: supervisor, ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) });
    const opened = await api('POST', '/tickets', { client: 'Acme Srl', type: 'fault', subject: 'Boiler does not start', priority: 'high' });
    expect(opened.statusCode, opened.body).toBe(201);
    const ticket = opened.json().id as string;
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('%PDF-1.7\r\n\u0000end', 'utf8')]);
    const uploaded = await api('POST', `/tickets/${ticket}/attachments?name=report.pdf`, bytes, { 'content-type': 'application/pdf' });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const attachment = uploaded.json().attachments[0].id as string;
    const count = async (table: string) => Number((await (await s.ch.query({ query: `SELECT count() n FROM ${table}`, format: 'JSONEachRow' })).json<{ n: string }>())[0].n);
    for (let i = 0; i < 100 && (await count('events')) < 8; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await count('events')).toBe(8);

    const daily = scheduleBackups({ ch: s.ch, bus: s.bus, dataDir: e.dir }, path.join(ROOT, 'daily'), 14, pino({ level: 'silent' }), 60_000, 10);
    for (let i = 0; i < 100 && listBackups(path.join(ROOT, 'daily')).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    daily.stop();
    expect(listBackups(path.join(ROOT, 'daily'))).toHaveLength(1);
    const inProcess = await runBackup({ ch: s.ch, bus: s.bus, dataDir: e.dir }, path.join(ROOT, 'manual'));
    expect(inProcess.manifest.clickhouse.tables.map((x) => x.name)).toEqual(expect.arrayContaining(['events', 'call_facts', 'agent_states', 'audit_log']));
    expect(inProcess.manifest.clickhouse.derived).toContain('call_rollup_hourly');

    const data = e.dir;
    await e.stop();
    e = null;
    const before = await stored(data);
    const printed = cli(['backup', path.join(ROOT, 'cli')], data);
    expect(printed).toMatch(/events: 8 rows/);
    expect(printed).toMatch(new RegExp(`files tickets: 1 files, ${bytes.length} bytes`));
    const [made] = listBackups(path.join(ROOT, 'cli'));
    expect(inProcess.manifest.files).toEqual([{ dir: 'tickets', file: 'files-tickets', count: 1, bytes: bytes.length }]);
    expect(fs.statSync(path.join(ROOT, 'cli', made)).mode & 0o777).toBe(0o700);

    fs.rmSync(data, { recursive: true, force: true });
    expect(cli(['restore', path.join(ROOT, 'cli', made)], data)).toMatch(/restored/);

    expect(await stored(data)).toEqual(before);
    expect(fs.readFileSync(path.join(data, 'tickets', 'demo', ticket, attachment)).equals(bytes)).toBe(true);
    e = await bootEngine('backup', {}, data);
    const cookie = await login(e, { login: 'kept', password });
    const me = await e.running.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ subject: user.id, user: { extension: '301' } });
    const tv = await e.running.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${tok.secret}` } });
    expect(tv.json()).toMatchObject({ role: 'display', wallboards: ['wb1'] });
    expect(e.running.services.tenants.get('demo')!.settings.retentionDays).toBe(500);
    const down = await e.running.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket}/attachments/${attachment}`, headers: { cookie } });
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toMatch(/application\/pdf/);
    expect(down.rawPayload.equals(bytes)).toBe(true);
  });

  it('backup - restore refuses a directory that is not a backup', () => {
    expect(() => cli(['restore', ROOT], fs.mkdtempSync(path.join(os.tmpdir(), 'cb-empty-')))).toThrow(/not a backup/);
  });
});
