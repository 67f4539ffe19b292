/**
 * Callback requests end to end: call events posted to a real engine open and close requests; agents
 * and supervisors act through the HTTP API; every closing path, a booking's expiry, refusals with
 * their 409 sentences, agents' visibility, and the history stored in ClickHouse (complete, and
 * agreeing with the live figures through the catalogue's SQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackFiguresSql, CALLBACK_METRICS, normaliseCaller, zonedClock, type CallbackRequest } from '@callboard/metrics';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { chTime } from '../apps/ingest/src/store/rows.ts';
import { bootEngine, openWs, signInPeople, type Person, type TestEngine } from './support/identity.ts';
import { eventually } from './support/wait.ts';

const TENANT = 'cbt';
let e: TestEngine;
const h = {} as Record<'anna' | 'bruno' | 'carl' | 'sara', Record<string, string>>;
const uid = {} as Record<'anna' | 'bruno' | 'carl' | 'sara', string>;
const ev = eventFactory(TENANT, 'cb-');
const MIN = 60_000;
const idOf = (phone: string) => normaliseCaller(phone, 'IT').key;

async function post(events: ReturnType<typeof ev.make>[]) {
  const r = await e.running.services.publisher.publish(TENANT, events, 'test');
  expect(r.rejected).toEqual([]);
}

const svc = () => e.running.services.callbacks;
const req = (id: string) => e.running.services.callbacks.get(TENANT, id)?.request;
const waitFor = (id: string, pred: (r: CallbackRequest) => boolean, what: string) => eventually(what, () => { const r = req(id); return r && pred(r) ? r : undefined; });

/** A missed call from `phone`, `ago` ms before now, waited `waitMs`. */
async function miss(phone: string, callId: string, queue = 'sales', how: 'abandoned' | 'exited' = 'abandoned', waitMs = 30_000, ago = 0) {
  const at = Date.now() - ago;
  await post([ev.offered(at - waitMs, callId, queue, phone), how === 'abandoned' ? ev.abandoned(at, callId, queue, waitMs) : ev.exited(at, callId, queue, 'timeout', waitMs)]);
}

const api = (method: 'GET' | 'POST', url: string, who: keyof typeof h, payload?: unknown) =>
  e.running.app.inject({ method, url: `/api/v1/callbacks${url}`, headers: h[who], ...(method === 'POST' ? { payload: payload ?? {} } : {}) });

beforeAll(async () => {
  e = await bootEngine('callbacks-lifecycle');
  const { services } = e.running;
  await services.tenants.ensure(TENANT, 'Callback test centre');
  const t = services.tenants.get(TENANT)!;
  await services.tenants.updateSettings(TENANT, { ...t.settings, callbacks: { maxAttempts: 3, minAttemptDelayMs: 0 } });
  const people: Person[] = [
    ['anna', ['agent'], '201', ['sales']], ['bruno', ['agent'], '202', ['sales']], ['carl', ['agent'], null, ['support']], ['sara', ['supervisor'], '300', []],
  ];
  await signInPeople(e, TENANT, people, uid, h);
});
afterAll(async () => e?.stop());

describe('callbacks - lifecycle through the engine', () => {
  it('with the simulator off, no demo agent books anything', () => {
    expect(e.running.demoBookings).toBeNull();
  });

  it('a missed call opens one row per caller; a short abandon does not; the caller answered later closes it as served inbound', async () => {
    await miss('06 1111 1111', 'a1');
    await miss('+39 06 1111 1111', 'a2', 'support', 'exited');
    await miss('06 2222 2222', 'short1', 'sales', 'abandoned', 2_000);
    const r = await waitFor(idOf('0611111111'), (x) => x.numCalls === 2, 'two missed calls on one row');
    expect(r).toMatchObject({ caller: '+390611111111', callerKind: 'e164', queues: ['sales', 'support'], status: 'open' });
    await e.running.services.callbacks.idle();
    expect(req(idOf('0622222222'))).toBeUndefined();
    const at = Date.now();
    await post([ev.offered(at - 3000, 'a3', 'sales', '0611111111'), ev.answered(at, 'a3', 'sales', 'agent-7', 3000)]);
    await waitFor(idOf('0611111111'), (x) => x.status === 'closed', 'closed');
    expect(req(idOf('0611111111'))).toMatchObject({ closeReason: 'served_inbound', closedBy: 'system' });
  });

  it('booking is exclusive: the second agent gets 409 with who holds it; the outbound callback answered closes it', async () => {
    await miss('06 3333 3333', 'b1', 'sales', 'exited');
    const id = idOf('0633333333');
    await waitFor(id, (x) => x.status === 'open', 'open');
    expect((await api('POST', `/${id}/call`, 'anna')).json().error.message).toBe('book this request before calling back');
    const booked = await api('POST', `/${id}/book`, 'anna');
    expect(booked.statusCode).toBe(200);
    // No PBX adapter is connected to this engine: the originate command answers at once that it was not sent.
    const call = await api('POST', `/${id}/call`, 'anna');
    expect(call.statusCode).toBe(200);
    expect(call.json()).toMatchObject({ name: 'originate', status: 'unanswered', message: expect.stringMatching(/no PBX adapter is connected/) });
    expect(booked.json()).toMatchObject({ bookedBy: uid.anna, bookedByName: 'Anna' });
    expect(booked.json().bookingExpiresAt - Date.now()).toBeGreaterThan(14 * MIN);
    const lost = await api('POST', `/${id}/book`, 'bruno');
    expect(lost.statusCode).toBe(409);
    expect(lost.json().error).toMatchObject({ code: 'CONFLICT' });
    // In the tenant's timezone, with its abbreviation or offset ("until 10:15 CET").
    expect(lost.json().error.message).toBe(`already booked by Anna until ${zonedClock(booked.json().bookingExpiresAt, e.running.services.tenants.get(TENANT)!.settings.timezone)}`);
    await post([ev.make('call.outbound', Date.now(), { callId: 'out-b1', agent: 'anna', number: '+390633333333', outcome: 'answered', callbackId: id })]);
    await waitFor(id, (x) => x.status === 'closed', 'closed by the outbound call');
    expect(req(id)).toMatchObject({ closeReason: 'handled_by_callback', numRecalled: 1, lastOutcome: 'answered', bookedBy: null });
  });

  it('attempts: no answer keeps it open, answered closes it as handled by callback; the maximum is enforced', async () => {
    await miss('06 4444 4444', 'c1');
    const id = idOf('0644444444');
    await waitFor(id, (x) => x.status === 'open', 'open');
    expect((await api('POST', `/${id}/book`, 'bruno')).statusCode).toBe(200);
    expect((await api('POST', `/${id}/attempts`, 'anna', { outcome: 'busy' })).json().error.message).toMatch(/booked by Bruno/);
    const a1 = await api('POST', `/${id}/attempts`, 'bruno', { outcome: 'no_answer', note: 'rang out', tags: ['retry'] });
    expect(a1.json()).toMatchObject({ status: 'open', numRecalled: 1, lastOutcome: 'no_answer', tags: ['retry'] });
    const a2 = await api('POST', `/${id}/attempts`, 'bruno', { outcome: 'answered', note: 'solved' });
    expect(a2.json()).toMatchObject({ status: 'closed', closeReason: 'handled_by_callback', closedBy: uid.bruno });
    await miss('06 4545 4545', 'c2');
    const id2 = idOf('0645454545');
    await waitFor(id2, (x) => x.status === 'open', 'open');
    for (const outcome of ['busy', 'no_answer', 'voicemail']) expect((await api('POST', `/${id2}/attempts`, 'anna', { outcome })).statusCode).toBe(200);
    const over = await api('POST', `/${id2}/attempts`, 'anna', { outcome: 'busy' });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.message).toMatch(/maximum of 3/);
  });

  it('a booking expires after its timeout and the request returns to the pool', async () => {
    await miss('06 5555 5555', 'd1');
    const id = idOf('0655555555');
    await waitFor(id, (x) => x.status === 'open', 'open');
    expect((await api('POST', `/${id}/book`, 'anna')).statusCode).toBe(200);
    const svc = e.running.services.callbacks;
    expect(await svc.sweep(Date.now() + 14 * MIN)).toBe(0);
    await svc.sweep(Date.now() + 15 * MIN + 1000);
    expect(req(id)).toMatchObject({ bookedBy: null, bookingExpiresAt: null, status: 'open' });
    expect((await api('POST', `/${id}/book`, 'bruno')).statusCode).toBe(200);
  });

  it('supervisors: assign only to users with an extension (cancelling the booking held), unassign, hide and restore, force-close', async () => {
    await miss('06 6666 6666', 'e1');
    const id = idOf('0666666666');
    await waitFor(id, (x) => x.status === 'open', 'open');
    expect((await api('POST', `/${id}/book`, 'anna')).statusCode).toBe(200);
    const noExt = await api('POST', `/${id}/assign`, 'sara', { userId: uid.carl });
    expect(noExt.statusCode).toBe(400);
    expect(noExt.json().error).toMatchObject({ field: 'userId', message: expect.stringMatching(/no VoIP extension/) });
    expect((await api('POST', `/${id}/assign`, 'anna', { userId: uid.anna })).statusCode).toBe(403);
    const eligible = (await api('GET', '/eligible-agents', 'sara')).json().agents.map((a: { id: string }) => a.id);
    expect(eligible).toEqual(expect.arrayContaining([uid.anna, uid.bruno, uid.sara]));
    expect(eligible).not.toContain(uid.carl);
    const assigned = await api('POST', `/${id}/assign`, 'sara', { userId: uid.bruno });
    expect(assigned.json()).toMatchObject({ assignedTo: uid.bruno, assignedToName: 'Bruno', bookedBy: null });
    expect((await api('POST', `/${id}/book`, 'anna')).json().error.message).toBe('assigned to Bruno');
    expect((await api('POST', `/${id}/book`, 'bruno')).statusCode).toBe(200);
    const mine = (await api('GET', '?mine=true', 'bruno')).json();
    expect(mine.requests.map((x: { id: string }) => x.id)).toContain(id);
    expect((await api('POST', `/${id}/unassign`, 'sara')).json()).toMatchObject({ assignedTo: null });
    expect((await api('POST', `/${id}/hide`, 'sara', { reason: 'test call' })).json()).toMatchObject({ hidden: true });
    const hidden = (await api('GET', '?view=hidden', 'sara')).json();
    expect(hidden.requests.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await api('POST', `/${id}/restore`, 'sara')).json()).toMatchObject({ hidden: false });
    const closed = await api('POST', `/${id}/close`, 'sara', { reason: 'duplicate of a ticket' });
    expect(closed.json()).toMatchObject({ status: 'closed', closeReason: 'forced', closedBy: uid.sara });
    expect((await api('POST', `/${id}/close`, 'sara', { reason: 'again' })).statusCode).toBe(409);
  });

  it('live: new missed calls an agent may see are pushed over /callbacks/ws; other queues are not', async () => {
    const out = await openWs(`${e.url}/api/v1/callbacks/ws`, h.anna);
    if (!out.open) throw new Error(`ws refused: ${out.status}`);
    expect(out.first).toMatchObject({ type: 'snapshot', snapshot: { tenant: TENANT } });
    const got: { type: string; request?: { id: string; numCalls: number } }[] = [];
    out.ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString())));
    await miss('06 1212 1212', 'ws1', 'support');
    await miss('06 1313 1313', 'ws2', 'sales');
    await eventually('a pushed missed call', () => got.find((m) => m.type === 'missed' && m.request?.id === idOf('0613131313')));
    await e.running.services.callbacks.idle();
    expect(got.some((m) => m.request?.id === idOf('0612121212'))).toBe(false);
    expect((await api('POST', `/${idOf('0613131313')}/book`, 'anna')).statusCode).toBe(200);
    await eventually('the booking pushed as a change', () => got.find((m) => m.type === 'changed' && m.request?.id === idOf('0613131313')));
    expect((await api('POST', `/${idOf('0613131313')}/release`, 'anna')).json()).toMatchObject({ bookedBy: null });
    out.ws.close();
  });

  it('agents see the pool of their queues and their own; another queue is not found', async () => {
    await miss('06 7777 7777', 'f1', 'support');
    const id = idOf('0677777777');
    await waitFor(id, (x) => x.status === 'open', 'open');
    expect((await api('GET', `/${id}`, 'anna')).statusCode).toBe(404);
    expect((await api('POST', `/${id}/book`, 'anna')).statusCode).toBe(404);
    expect((await api('GET', `/${id}`, 'carl')).statusCode).toBe(200);
    const annaList = (await api('GET', '', 'anna')).json().requests.map((x: { id: string }) => x.id);
    expect(annaList).not.toContain(id);
    expect((await api('GET', '', 'sara')).json().requests.map((x: { id: string }) => x.id)).toContain(id);
  });

  it('flush closes by filter only when the expected count matches', async () => {
    await miss('06 8888 8888', 'g1', 'flushq');
    await miss('06 8888 9999', 'g2', 'flushq');
    await waitFor(idOf('0688889999'), (x) => x.status === 'open', 'open');
    await waitFor(idOf('0688888888'), (x) => x.status === 'open', 'open');
    const wrong = await api('POST', '/flush', 'sara', { filter: { queue: 'flushq' }, reason: 'campaign over', expectedCount: 3 });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.message).toMatch(/^2 open requests match/);
    const ok = await api('POST', '/flush', 'sara', { filter: { queue: 'flushq' }, reason: 'campaign over', expectedCount: 2 });
    expect(ok.json()).toMatchObject({ closed: 2 });
    expect(req(idOf('0688888888'))).toMatchObject({ closeReason: 'flushed' });
    expect((await api('POST', '/flush', 'anna', { filter: {}, reason: 'x', expectedCount: 0 })).statusCode).toBe(403);

  });

  it('live figures equal the catalogue SQL over the history', async () => {
    const svc = e.running.services.callbacks;
    await svc.history.flush();
    // :NOTE: after the booking sweep above, which ran 15 minutes ahead of the clock.
    const now = Date.now() + 20 * MIN;
    const sql = await (await e.running.services.ch.query({ query: callbackFiguresSql(), query_params: { tenant: TENANT, at: chTime(now) }, format: 'JSONEachRow' }))
      .json<{ queue: string; open: string; booked: string; oldest_open_age: number | null }>();
    const live = svc.figures(TENANT, now);
    const liveRows = [...live].filter(([q]) => q !== '').map(([queue, f]) => ({ queue, ...Object.fromEntries(CALLBACK_METRICS.map((m) => [m.column, m.live(f, now)])) }));
    expect(liveRows.length).toBeGreaterThan(0);
    expect(sql.map((r) => ({ queue: r.queue, open: Number(r.open), booked: Number(r.booked), oldest_open_age: r.oldest_open_age })).sort((a, b) => a.queue.localeCompare(b.queue)))
      .toEqual(liveRows.sort((a, b) => a.queue.localeCompare(b.queue)));
    expect((await api('GET', '/settings', 'anna')).json()).toMatchObject({ defaultCountry: 'IT', bookingTimeoutMs: 15 * MIN, retentionDays: 7, maxAttempts: 3, minAttemptDelayMs: 0 });
    const summary = (await api('GET', '/summary', 'sara')).json();
    expect(summary.total.open).toBe(live.get('')!.open);
  });
  it('retention: an open request whose last missed call is older than 7 days expires', async () => {
    await miss('06 9999 9999', 'h1', 'sales', 'abandoned', 30_000, 60_000);
    const id = idOf('0699999999');
    await waitFor(id, (x) => x.status === 'open', 'open');
    const svc = e.running.services.callbacks;
    await svc.sweep(Date.now() + 7 * 86_400_000 - 60_000 - 60_000);
    expect(req(id)).toMatchObject({ status: 'open' });
    await svc.sweep(Date.now() + 7 * 86_400_000 - 60_000 + 1000);
    expect(req(id)).toMatchObject({ status: 'closed', closeReason: 'expired', closedBy: 'system' });
  });

  it('history: every step is in ClickHouse and in GET /callbacks/:id, who, when, why', async () => {
    const svc = e.running.services.callbacks;
    await svc.idle();
    await svc.history.flush();
    const id = idOf('0666666666');
    const detail = (await api('GET', `/${id}`, 'sara')).json();
    expect(detail.history.map((x: { action: string; actor: string }) => `${x.action}:${x.actor === 'system' ? 'system' : Object.entries(uid).find(([, v]) => v === x.actor)?.[0]}`)).toEqual([
      'missed:system', 'booked:anna', 'booking_cancelled:sara', 'assigned:sara', 'booked:bruno', 'unassigned:sara', 'hidden:sara', 'restored:sara', 'closed:sara',
    ]);
    expect(detail.history.find((x: { action: string }) => x.action === 'hidden').reason).toBe('test call');
    expect(detail.history.at(-1)).toMatchObject({ reason: 'forced', note: 'duplicate of a ticket' });
    // Stored rows: one per step, nothing queued; the closing reasons of every path are there.
    const rows = await (await e.running.services.ch.query({
      query: `SELECT request_id, groupArray(action) AS actions, argMax(close_reason_after, seq) AS reason FROM (SELECT * FROM callback_history FINAL WHERE tenant = {t:String} ORDER BY seq) GROUP BY request_id`,
      query_params: { t: TENANT }, format: 'JSONEachRow',
    })).json<{ request_id: string; actions: string[]; reason: string }>();
    const byId = new Map(rows.map((r) => [r.request_id, r]));
    expect(byId.get(idOf('0611111111'))!.actions).toEqual(['missed', 'missed', 'closed']);
    expect(byId.get(idOf('0633333333'))!.actions).toEqual(['missed', 'booked', 'attempt', 'closed']);
    expect(new Set(rows.map((r) => r.reason))).toEqual(new Set(['served_inbound', 'handled_by_callback', 'expired', 'forced', 'flushed', '']));
    for (const s of svc.list(TENANT)) {
      const stored = byId.get(s.request.id)!;
      expect(stored.reason).toBe(s.request.closeReason ?? '');
    }
  });

  it('dashboard: today\'s totals count every closing path (supervisors and analysts; agents 403)', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tz = e.running.services.tenants.get(TENANT)!.settings.timezone;
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date());
    const res = await api('GET', `/dashboard?from=${day}&to=${day}`, 'sara');
    expect(res.statusCode).toBe(200);
    const t = res.json().totals;
    expect(t).toMatchObject({ servedInbound: 1, forcedClose: 3 });
    expect(t.handledByCallback).toBe(2);
    expect(t.servedInbound + t.handledByCallback + t.callbacksWithoutAnswer + t.notHandled).toBe(t.total);
    expect(t.total).toBe(svc().list(TENANT).length);
    expect((await api('GET', `/dashboard?from=${today}&to=${today}`, 'anna')).statusCode).toBe(403);
  });

  it('archive: a request closed longer than 30 days leaves the store; the caller missing again opens the next cycle', async () => {
    const svc = e.running.services.callbacks;
    const id = idOf('0699999999');
    const closedAt = req(id)!.closedAt!;
    await svc.sweep(closedAt + 30 * 86_400_000 - 1000);
    expect(req(id)).toBeDefined();
    await svc.sweep(closedAt + 30 * 86_400_000 + 1000);
    expect(req(id)).toBeUndefined();
    expect((await api('GET', `/${id}`, 'sara')).statusCode).toBe(404);
    expect((await api('GET', '?view=closed&limit=1000', 'sara')).json().requests.map((x: { id: string }) => x.id)).not.toContain(id);
    await miss('06 9999 9999', 'h2');
    const r = await waitFor(id, (x) => x.status === 'open', 'reopened after archiving');
    expect(r).toMatchObject({ cycle: 2, numCalls: 1, attempts: [], notes: [] });
    await svc.history.flush();
    const detail = (await api('GET', `/${id}`, 'sara')).json();
    expect(detail.history.map((x: { action: string; cycle: number }) => `${x.action}#${x.cycle}`)).toEqual(['missed#1', 'closed#1', 'reopened#2', 'missed#2']);
  });
});
