/**
 * Tickets through the real HTTP API on a real engine (chdb, embedded KV, nodemailer to a local smtp-server):
 * open → allocate (team and dates) → confirm → note with an attachment → finalise, every refused move a 409
 * naming the allowed ones, the operation log at each level, e-mails to handlers and the client, reports and CSV,
 * the metrics live and from ClickHouse agreeing, and who may do what (agents their own, analysts read, displays
 * only metrics).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { TICKET_STATUSES, TRANSITIONS } from '@callboard/metrics';
import { startSmtp, type LocalSmtp, type Received } from './support/smtp.ts';
import { bootEngine, login, type TestEngine } from './support/identity.ts';
import { eventually } from './support/wait.ts';

const TENANT = 'tix';
let e: TestEngine;
let smtp: LocalSmtp | undefined;
const inbox = (): Received[] => smtp!.inbox;
const h = {} as Record<string, Record<string, string>>;
const uid = {} as Record<string, string>;

async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await e.running.app.inject({ method, url: `/api/v1${url}`, headers: { ...h[who], ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) });
  return { status: res.statusCode, json: () => res.json(), body: res.body, headers: res.headers, raw: res.rawPayload };
}

beforeAll(async () => {
  smtp = await startSmtp();
  e = await bootEngine('tickets-lifecycle', { SMTP_URL: smtp.url, SMTP_FROM: 'callboard <cb@test.local>' });
  const { services } = e.running;
  await services.tenants.ensure(TENANT, 'Ticket centre');
  await services.tenants.updateSettings(TENANT, { ...services.tenants.get(TENANT)!.settings, tickets: { emailClient: true, series: ['INT', 'SRV'] } });
  for (const [name, roles] of [['ana', ['agent']], ['bogdan', ['agent']], ['carmen', ['agent']], ['sara', ['supervisor']], ['alex', ['analyst']]] as const) {
    const password = `${name}-password-123`;
    const u = await services.identity.users.create(TENANT, { login: name, name: name[0].toUpperCase() + name.slice(1), roles: [...roles], email: `${name}@test.local`, extension: null, password }, 'test');
    uid[name] = u.id;
    h[name] = { cookie: await login(e, { tenant: TENANT, login: name, password }) };
  }
  const tv = await services.tokens.create({ tenant: TENANT, role: 'display', name: 'tv', createdBy: 'test', wallboards: [] });
  h.tv = { authorization: `Bearer ${tv.secret}` };
});
afterAll(async () => {
  await e?.stop();
  await smtp?.close();
});

const base = { client: 'Acme Srl', type: 'fault', subject: 'Boiler does not start', product: 'Boiler X200', serialLot: 'SN-778', priority: 'high', phone: '0721 123 456', email: 'client@acme.test', contactPerson: 'Ion Pop' };

describe('tickets - lifecycle through the API', () => {
  let id = '';

  it('open - numbered in the default series, phone stored E.164, linked to its source; bad input answers 400 with a sentence', async () => {
    const res = await call('POST', '/tickets', 'ana', { ...base, source: { kind: 'missed_call', callId: 'c-1', queue: 'support', caller: '+40721123456' } });
    expect(res.status).toBe(201);
    const t = res.json();
    id = t.id;
    expect(t).toMatchObject({ id: 'INT-1', series: 'INT', number: 1, status: 'taken', phone: '+40721123456', takenBy: { id: uid.ana, name: 'Ana' }, source: { kind: 'missed_call', callId: 'c-1', queue: 'support' } });
    for (const [body, field, message] of [
      [{ ...base, phone: 'call me' }, 'phone', '"call me" is not a valid phone number (write it with its country prefix, e.g. +40 21 123 4567)'],
      [{ ...base, email: 'x@' }, 'email', '"x@" is not an e-mail address'],
      [{ ...base, type: 'party' }, 'type', 'unknown ticket type "party": the types are fault, installation, maintenance, complaint, information'],
      [{ ...base, series: 'ZZ' }, 'series', 'unknown series ZZ: this call centre numbers tickets in INT, SRV'],
      [{ ...base, date: '2001-01-01' }, 'date', expect.stringContaining('before the open period')],
      [{ ...base, scheduledStart: Date.now(), scheduledEnd: Date.now() - 1000 }, 'scheduledEnd', 'the scheduled end must be after the scheduled start'],
      [{ ...base, team: ['nobody'] }, 'team', 'no user nobody in this call centre'],
    ] as const) {
      const bad = await call('POST', '/tickets', 'sara', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.json().error).toEqual({ code: 'VALIDATION_FAILED', field, message });
    }
    expect((await call('POST', '/tickets', 'sara', { ...base, series: 'SRV' })).json()).toMatchObject({ id: 'SRV-1' });
  });

  it('flow - every refused move answers 409 naming the allowed ones; allocate, confirm, note with a file, finalise', async () => {
    const moveTo = (to: string, extra: object = {}, who = 'sara') => call('POST', `/tickets/${id}/status`, who, { to, ...extra });
    // from taken, every move but allocated/cancelled is refused with the allowed list
    for (const to of TICKET_STATUSES.filter((s) => !TRANSITIONS.taken.includes(s))) {
      const r = await moveTo(to);
      expect(r.status).toBe(409);
      expect(r.json().error.message).toMatch(/from taken it can only become "allocated" or "cancelled"$/);
    }
    // allocation needs the schedule and the team
    expect((await moveTo('allocated')).json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'scheduledStart' });
    const start = Date.now() + 3600_000;
    const alloc = await moveTo('allocated', { scheduledStart: start, scheduledEnd: start + 7200_000, team: [uid.bogdan, uid.carmen] });
    expect(alloc.status).toBe(200);
    expect(alloc.json()).toMatchObject({ status: 'allocated', team: [{ id: uid.bogdan, name: 'Bogdan' }, { id: uid.carmen, name: 'Carmen' }], scheduledStart: start });
    // only the team (or a supervisor) confirms; the taker who is not in the team may not
    expect((await moveTo('allocated_confirmed', {}, 'ana')).status).toBe(409);
    expect((await moveTo('finalised', {}, 'bogdan')).json().error.message).toBe('a allocated ticket cannot become finalised: from allocated it can only become "allocated and confirmed" or "cancelled"');
    expect((await moveTo('allocated_confirmed', {}, 'bogdan')).json()).toMatchObject({ status: 'allocated_confirmed', confirmed: true });
    // a note with an attachment: upload the bytes, then the note names it; download streams it back
    const pdf = Buffer.from('%PDF-1.4\n% a report\n');
    const up = await call('POST', `/tickets/${id}/attachments?name=${encodeURIComponent('raport interventie.pdf')}`, 'carmen', pdf, { 'content-type': 'application/pdf' });
    expect(up.status).toBe(201);
    const att = up.json().attachments[0];
    expect(att).toMatchObject({ name: 'raport interventie.pdf', type: 'application/pdf', size: pdf.length });
    const note = await call('POST', `/tickets/${id}/notes`, 'carmen', { text: 'Replaced the igniter', attachments: [att.id] });
    expect(note.json().notes).toEqual([expect.objectContaining({ id: 1, by: uid.carmen, byName: 'Carmen', text: 'Replaced the igniter', attachments: [att.id] })]);
    const down = await call('GET', `/tickets/${id}/attachments/${att.id}`, 'alex');
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.raw.equals(pdf)).toBe(true);
    // refused uploads: a type not accepted (415), larger than the limit (413)
    expect((await call('POST', `/tickets/${id}/attachments?name=x.exe`, 'carmen', Buffer.from('MZ'), { 'content-type': 'application/x-msdownload' })).status).toBe(415);
    const big = await call('POST', `/tickets/${id}/attachments?name=big.zip`, 'carmen', Buffer.alloc(10 * 1024 * 1024 + 1), { 'content-type': 'application/zip' });
    expect(big.status).toBe(413);
    expect(big.json().error.message).toBe('the file is larger than 10 MB, the most a ticket attachment may be');
    const fin = await moveTo('finalised', {}, 'carmen');
    expect(fin.json()).toMatchObject({ status: 'finalised', finalisedAt: expect.any(Number) });
    expect((await moveTo('cancelled')).json().error.message).toBe('a finalised ticket cannot become cancelled: finalised is final');
    expect((await call('PATCH', `/tickets/${id}`, 'sara', { remarks: 'late' })).status).toBe(409);
  });

  it('log - the ticket shows every step: field, old value, new value, who, when', async () => {
    const { log } = (await call('GET', `/tickets/${id}`, 'alex')).json() as { log: { action: string; field: string; oldValue: string; newValue: string; actorName: string }[] };
    const steps = log.map((l) => `${l.actorName}: ${l.action} ${l.field} ${l.oldValue} → ${l.newValue}`);
    expect(steps).toEqual(expect.arrayContaining([
      'Ana: created status  → taken',
      'Ana: changed client  → Acme Srl',
      'Ana: changed phone  → +40721123456',
      expect.stringMatching(/^Sara: changed scheduledStart {2}→ \d{4}-/),
      'Sara: changed team  → Bogdan, Carmen',
      'Sara: status status taken → allocated',
      'Bogdan: status status allocated → allocated and confirmed',
      'Bogdan: changed confirmed no → yes',
      'Carmen: attachment attachments  → raport interventie.pdf (application/pdf, 20 bytes)',
      'Carmen: note notes  → Replaced the igniter [raport interventie.pdf]',
      'Carmen: status status allocated and confirmed → finalised',
    ]));
    expect(log.map((l) => l.action).indexOf('status')).toBeLessThan(log.map((l) => l.action).lastIndexOf('note'));
  });

  it('log - levels: basic keeps creation, status and notes; advanced adds the planning fields', async () => {
    const { services } = e.running;
    for (const [level, want] of [['basic', ['status']], ['advanced', ['priority', 'status']], ['detailed', ['priority', 'remarks', 'status']]] as const) {
      await services.tenants.updateSettings(TENANT, { ...services.tenants.get(TENANT)!.settings, tickets: { ...services.tenants.get(TENANT)!.settings.tickets, logLevel: level } });
      const t = (await call('POST', '/tickets', 'sara', base)).json();
      await call('PATCH', `/tickets/${t.id}`, 'sara', { priority: 'low', remarks: 'gate code 1234' });
      await call('POST', `/tickets/${t.id}/status`, 'sara', { to: 'cancelled' });
      const { log } = (await call('GET', `/tickets/${t.id}`, 'sara')).json() as { log: { action: string; field: string; seq: number }[] };
      // seq = revision × 256 + position: the lines after the creation's revision are the edit's and the move's
      const created = Math.floor(log[0].seq / 256);
      expect(log.filter((l) => Math.floor(l.seq / 256) > created).map((l) => l.field).sort(), level).toEqual([...want].sort());
      const atCreation = log.filter((l) => Math.floor(l.seq / 256) === created).map((l) => l.field);
      if (level === 'basic') expect(atCreation).toEqual(['status']);
      else expect(atCreation).toContain(level === 'advanced' ? 'priority' : 'phone');
      if (level === 'advanced') expect(atCreation).not.toContain('phone');
    }
    await services.tenants.updateSettings(TENANT, { ...services.tenants.get(TENANT)!.settings, tickets: { ...services.tenants.get(TENANT)!.settings.tickets, logLevel: 'detailed' } });
  });

  it('mail - handlers get an e-mail for each change, the client at allocation and finalisation', async () => {
    await e.running.services.tickets.mailer!.idle();
    const to = (addr: string) => inbox().filter((m) => m.to.includes(addr));
    await eventually('client e-mails', () => to('client@acme.test').length >= 2);
    const client = to('client@acme.test').map((m) => /Subject: (.*)/.exec(m.body)![1]);
    expect(client).toEqual(['Your request INT-1 is scheduled', 'Your request INT-1 is completed']);
    // handlers: Ana took it, Bogdan and Carmen are the team; nobody is mailed about their own change
    expect(to('bogdan@test.local').length).toBeGreaterThanOrEqual(2);
    expect(to('ana@test.local').some((m) => m.body.includes('finalised'))).toBe(true);
    expect(to('carmen@test.local').every((m) => !m.body.includes('was changed by Carmen'))).toBe(true);
  });

  it('reports - all tickets, objects, products, the evolution sheet; CSV', async () => {
    const allRes = await call('GET', '/tickets/reports/tickets', 'alex');
    expect(allRes.status, allRes.body).toBe(200);
    const all = allRes.json();
    expect(all.rows.map((r: { id: string }) => r.id)).toContain('INT-1');
    expect(all.rows.find((r: { id: string }) => r.id === 'INT-1')).toMatchObject({ client: 'Acme Srl', status_name: 'finalised', handler_name: 'Bogdan', product: 'Boiler X200', notes: 1 });
    const products = (await call('GET', '/tickets/reports/products', 'alex')).json();
    expect(products.rows.find((r: { object: string }) => r.object === 'Boiler X200')).toMatchObject({ finalised: 1, serials: 1 });
    const objects = (await call('GET', '/tickets/reports/objects', 'sara')).json();
    expect(objects.rows.filter((r: { object: string }) => r.object === 'Boiler X200').map((r: { id: string }) => r.id)).toEqual(['INT-1', 'INT-2', 'INT-3', 'INT-4', 'SRV-1']);
    expect(objects.rows[0]).toMatchObject({ object: 'Boiler X200', serial_lot: 'SN-778' });
    const evo = (await call('GET', `/tickets/reports/evolution?ticket=${id}`, 'sara')).json();
    expect(evo.rows).toEqual([expect.objectContaining({ person: 'Carmen', note: 'Replaced the igniter [raport interventie.pdf]' })]);
    const csv = await call('GET', '/tickets/reports/tickets?format=csv', 'alex');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('Ticket,Date,Client,Contact person,Type,Subject,Object,Serial/lot,Priority,Status,Taken by,Verified by,Handler,Scheduled start,Scheduled end,Phone,E-mail,Locality,Notes');
    expect((await call('GET', '/tickets/reports/evolution', 'alex')).json().error.field).toBe('ticket');
  });

  it('reports - exported through the export path as Excel: the same rows as the report', async () => {
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const report = (await call('GET', `/tickets/reports/tickets?from=${day(-2)}&to=${day(0)}`, 'alex')).json();
    expect(report.rows.length).toBeGreaterThan(3);
    const job = await call('POST', '/exports', 'alex', { source: 'tickets:tickets', from: day(-2), to: day(0), format: 'xlsx' });
    expect(job.status, job.body).toBe(202);
    const id = job.json().id;
    await eventually('the ticket export', async () => (await call('GET', `/exports/${id}`, 'alex')).json().status === 'done');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await call('GET', `/exports/${id}/file`, 'alex')).raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(report.columns.map((c: { label: string }) => c.label));
    const ids: unknown[] = [];
    sheet.eachRow((row, n) => { if (n > 1) ids.push((row.values as unknown[])[1]); });
    expect(ids).toEqual(report.rows.map((r: { id: string }) => r.id));
  });

  it('metrics - live and from ClickHouse give the same numbers, in total, by type and by handler', async () => {
    const from = Date.now() - 86_400_000;
    const to = Date.now() + 86_400_000;
    for (const groupBy of ['none', 'type', 'handler']) {
      const live = (await call('GET', `/tickets/metrics?from=${from}&to=${to}&groupBy=${groupBy}&source=live`, 'tv')).json();
      const histRes = await call('GET', `/tickets/metrics?from=${from}&to=${to}&groupBy=${groupBy}&source=history`, 'tv');
      expect(histRes.status, histRes.body).toBe(200);
      const hist = histRes.json();
      expect(hist.rows).toEqual(live.rows);
      expect(live.rows.length).toBeGreaterThan(0);
    }
    const total = (await call('GET', `/tickets/metrics?from=${from}&to=${to}`, 'sara')).json().rows[0].values;
    expect(total).toMatchObject({ tickets_finalised: 1, tickets_opened: 5, tickets_backlog: 1 });
    expect(total.tickets_mean_time_to_finalise).toBeGreaterThan(0);
  });

  it('roles - agents see and work their own, analysts read, displays only metrics', async () => {
    const list = (who: string) => call('GET', '/tickets', who).then((r) => r.json().tickets.map((t: { id: string }) => t.id));
    expect(await list('ana')).toEqual(['INT-1']);
    expect(await list('bogdan')).toEqual(['INT-1']);
    expect((await list('alex')).length).toBe(5);
    expect((await call('GET', '/tickets/SRV-1', 'bogdan')).status).toBe(404);
    const mine = (await call('POST', '/tickets', 'bogdan', base)).json();
    expect((await call('PATCH', `/tickets/${mine.id}`, 'ana', { remarks: 'x' })).status).toBe(404);
    expect((await call('PATCH', `/tickets/${mine.id}`, 'bogdan', { remarks: 'x' })).json().remarks).toBe('x');
    expect((await call('POST', '/tickets', 'bogdan', { ...base, takenBy: uid.ana })).json().error).toMatchObject({ field: 'takenBy' });
    expect((await call('POST', '/tickets', 'alex', base)).status).toBe(403);
    expect((await call('PATCH', `/tickets/${mine.id}`, 'alex', { remarks: 'y' })).status).toBe(403);
    expect((await call('GET', '/tickets', 'tv')).status).toBe(403);
    expect((await call('GET', `/tickets/${mine.id}`, 'tv')).status).toBe(403);
    // a stale revision is refused
    expect((await call('PATCH', `/tickets/${mine.id}`, 'bogdan', { remarks: 'z', revision: mine.revision })).status).toBe(409);
  });

  it('views - each user saves their list views', async () => {
    const views = { views: [{ name: 'Open by handler', columns: ['id', 'client', 'status'], groupBy: 'handler', filters: { open: 'true' } }] };
    expect((await call('PUT', '/tickets/views', 'ana', views)).json()).toEqual(views);
    expect((await call('GET', '/tickets/views', 'ana')).json()).toEqual(views);
    expect((await call('GET', '/tickets/views', 'bogdan')).json()).toEqual({ views: [] });
  });
});
