/**
 * Campaigns through the HTTP API on a real engine (embedded ClickHouse, KV): create, import a CSV with good, bad and
 * duplicate numbers (the report of rejected lines is exact), assign agents (only they see and book the entries),
 * pause (booking refused with 409 and a sentence) and resume, missed calls added from Assign Call, bulk move and
 * remove, and the progress figures after each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseCaller } from '@callboard/metrics';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { bootEngine, signInPeople, type Person, type TestEngine } from './support/identity.ts';
import { eventually } from './support/wait.ts';

const TENANT = 'cmp';
let e: TestEngine;
type Who = 'anna' | 'bruno' | 'nox' | 'sara' | 'alan';
const h = {} as Record<Who, Record<string, string>>;
const uid = {} as Record<Who, string>;
const key = (phone: string) => normaliseCaller(phone, 'PL').key;
const entry = (campaign: string, phone: string) => `c-${campaign}-${key(phone)}`;

const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: Who, payload?: unknown) =>
  e.running.app.inject({ method, url: `/api/v1${url}`, headers: h[who], ...(method !== 'GET' && method !== 'DELETE' ? { payload: payload ?? {} } : {}) });
const csv = (url: string, text: string, who: Who = 'sara', type = 'text/csv') =>
  e.running.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...h[who], 'content-type': type }, payload: text });
const progress = async (id: string) => (await api('GET', `/campaigns/${id}`, 'sara')).json().progress;

let winter: string;
let spring: string;

beforeAll(async () => {
  e = await bootEngine('campaigns-api');
  const { services } = e.running;
  await services.tenants.ensure(TENANT, 'Campaign test centre');
  const t = services.tenants.get(TENANT)!;
  await services.tenants.updateSettings(TENANT, { ...t.settings, callbacks: { defaultCountry: 'PL', minAttemptDelayMs: 0 } });
  const people: Person[] = [
    ['anna', ['agent'], '201', ['sales']], ['bruno', ['agent'], '202', ['sales']], ['nox', ['agent'], null, ['sales']],
    ['sara', ['supervisor'], '300', []], ['alan', ['analyst'], null, []],
  ];
  await signInPeople(e, TENANT, people, uid, h);
});
afterAll(async () => e?.stop());

describe('campaigns - HTTP API', () => {
  it('campaigns api - supervisors create; agents and analysts may not', async () => {
    const made = await api('POST', '/campaigns', 'sara', { name: 'Winter offers' });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ name: 'Winter offers', paused: false, agents: [], progress: { total: 0, handled: 0, notCompleted: 0, remaining: 0 } });
    winter = made.json().id;
    expect((await api('POST', '/campaigns', 'anna', { name: 'x' })).statusCode).toBe(403);
    expect((await api('POST', '/campaigns', 'alan', { name: 'x' })).statusCode).toBe(403);
    const blank = await api('POST', '/campaigns', 'sara', { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toContain('a campaign needs a name');
    expect((await api('GET', '/campaigns', 'alan')).json().campaigns.map((c: { id: string }) => c.id)).toEqual([winter]);
  });

  it('campaigns api - CSV import: a file with good, bad and duplicate numbers → the exact report of rejected lines', async () => {
    const file = [
      'name;phone;note',                    // 1 header
      'Anna;601 234 567;vip',               // 2 ok
      'Bruno;+48 (22) 123-45-67;',          // 3 ok
      'Carla;;no number',                   // 4 empty
      'Dario;601-234-x67;typo',             // 5 illegal characters
      'Ezio;12345;short',                   // 6 not valid
      'Anna again;+48601234567;same',       // 7 duplicate of 2
      '',                                   // 8 empty line
      'Franca;0048 22 123 45 67;same as 3', // 9 duplicate of 3
      'Gina;(12) 345.67.89;ok',             // 10 ok
    ].join('\r\n') + '\r\n';
    const res = await csv(`/campaigns/${winter}/import?header=true`, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      column: 'phone', lines: 9, added: 3,
      rejected: [
        { line: 4, raw: 'Carla;;no number', reason: 'empty', message: 'no phone number', duplicateOf: null },
        { line: 5, raw: 'Dario;601-234-x67;typo', reason: 'illegal_characters', message: 'illegal characters "x": only digits and ( ) + - . are accepted', duplicateOf: null },
        { line: 6, raw: 'Ezio;12345;short', reason: 'invalid_number', message: 'not a valid phone number (national numbers are read as PL)', duplicateOf: null },
        { line: 7, raw: 'Anna again;+48601234567;same', reason: 'duplicate', message: 'duplicate of line 2', duplicateOf: 2 },
        { line: 8, raw: '', reason: 'empty', message: 'no phone number', duplicateOf: null },
        { line: 9, raw: 'Franca;0048 22 123 45 67;same as 3', reason: 'duplicate', message: 'duplicate of line 3', duplicateOf: 3 },
      ],
    });
    // A second file without a header: one caller already in the campaign, one new.
    const again = await csv(`/campaigns/${winter}/import?header=false&column=2`, 'x,+48 601 234 567\ny,+48 501 000 111\n', 'sara', 'text/csv; charset=utf-8');
    expect(again.json()).toEqual({
      column: 'column 2', lines: 2, added: 1,
      rejected: [{ line: 1, raw: 'x,+48 601 234 567', reason: 'in_campaign', message: 'already in this campaign', duplicateOf: null }],
    });
    expect(await progress(winter)).toEqual({ total: 4, handled: 0, notCompleted: 0, remaining: 4 });
    const entries = (await api('GET', `/campaigns/${winter}/entries`, 'sara')).json().entries.map((x: { caller: string }) => x.caller).sort();
    expect(entries).toEqual(['+48123456789', '+48221234567', '+48501000111', '+48601234567']);
  });

  it('campaigns api - bad uploads answer 4xx with a sentence', async () => {
    const json = await api('POST', `/campaigns/${winter}/import`, 'sara', { phone: '601234567' });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.message).toContain('send the CSV file itself');
    const big = await csv(`/campaigns/${winter}/import`, `${'601234567\n'.repeat(220_000)}`);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toBe('the file is larger than 2 MB: split it into smaller files');
    const noColumn = await csv(`/campaigns/${winter}/import?header=true&column=mobile`, 'name,phone\nx,601234567\n');
    expect(noColumn.statusCode).toBe(400);
    expect(noColumn.json().error.message).toBe('no column "mobile" in the header row ("name", "phone")');
    const badNumber = await csv(`/campaigns/${winter}/import?column=zero`, '601234567\n');
    expect(badNumber.statusCode).toBe(400);
    expect((await csv(`/campaigns/${winter}/import`, '601234567\n', 'anna')).statusCode).toBe(403);
    expect(await progress(winter)).toMatchObject({ total: 4 });
  });

  it('campaigns api - assigned agents (with an extension) see and book the entries; others do not', async () => {
    const nox = await api('PUT', `/campaigns/${winter}/agents`, 'sara', { userIds: [uid.nox] });
    expect(nox.statusCode).toBe(400);
    expect(nox.json().error.message).toBe('Nox has no VoIP extension: only users with one can work a campaign');
    const set = await api('PUT', `/campaigns/${winter}/agents`, 'sara', { userIds: [uid.anna] });
    expect(set.json().agents).toEqual([{ id: uid.anna, name: 'Anna' }]);
    expect((await api('GET', '/campaigns', 'anna')).json().campaigns.map((c: { id: string }) => c.id)).toEqual([winter]);
    expect((await api('GET', '/campaigns', 'bruno')).json().campaigns).toEqual([]);
    expect((await api('GET', `/campaigns/${winter}`, 'bruno')).statusCode).toBe(404);
    // The agent home's list (GET /callbacks) holds the campaign's entries for Anna, not for Bruno.
    const annas = (await api('GET', `/callbacks?source=campaign&campaign=${winter}`, 'anna')).json();
    expect(annas.total).toBe(4);
    expect((await api('GET', '/callbacks?source=campaign', 'bruno')).json().total).toBe(0);
    expect((await api('POST', `/callbacks/${entry(winter, '601234567')}/book`, 'bruno')).statusCode).toBe(404);
    // Supervisors see them in Assign Call filtered by campaign.
    expect((await api('GET', `/callbacks?campaign=${winter}`, 'sara')).json().total).toBe(4);
  });

  it('campaigns api - a paused campaign refuses bookings (409, its name in the sentence) until resumed; progress counts handled, not completed, remaining', async () => {
    const paused = await api('POST', `/campaigns/${winter}/pause`, 'sara');
    expect(paused.json().paused).toBe(true);
    const refused = await api('POST', `/callbacks/${entry(winter, '601234567')}/book`, 'anna');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('campaign "Winter offers" is paused: its entries cannot be booked until it is resumed');
    expect((await api('POST', `/campaigns/${winter}/resume`, 'anna')).statusCode).toBe(403);
    expect((await api('POST', `/campaigns/${winter}/resume`, 'sara')).json().paused).toBe(false);

    const a = entry(winter, '601234567');
    expect((await api('POST', `/callbacks/${a}/book`, 'anna')).statusCode).toBe(200);
    expect((await api('GET', `/campaigns/${winter}`, 'sara')).json().booked).toBe(1);
    expect((await api('POST', `/callbacks/${a}/attempts`, 'anna', { outcome: 'answered', note: 'interested' })).json().status).toBe('closed');
    const b = entry(winter, '221234567');
    expect((await api('POST', `/callbacks/${b}/book`, 'anna')).statusCode).toBe(200);
    // Seed 004: a campaign entry called without an answer is done ("not completed"); it is not called again.
    expect((await api('POST', `/callbacks/${b}/attempts`, 'anna', { outcome: 'no_answer' })).json()).toMatchObject({ status: 'closed', closeReason: 'not_completed', numRecalled: 1 });
    // Gone from the agents' work: a closed entry is not theirs to see (404); the supervisor's booking is refused (409).
    expect((await api('POST', `/callbacks/${b}/book`, 'anna')).statusCode).toBe(404);
    expect((await api('POST', `/callbacks/${b}/book`, 'sara')).statusCode).toBe(409);
    expect(await progress(winter)).toEqual({ total: 4, handled: 1, notCompleted: 1, remaining: 2 });
    // The entry's history is in ClickHouse, like a missed call's.
    const history = (await api('GET', `/callbacks/${a}`, 'sara')).json().history.map((x: { action: string; reason: string | null }) => [x.action, x.reason]);
    expect(history).toEqual([['added', winter], ['booked', null], ['attempt', null], ['closed', 'handled_by_callback']]);
  });

  it('campaigns api - missed calls added from Assign Call; entries moved and removed in bulk', async () => {
    const ev = eventFactory(TENANT, 'cmp-');
    const at = Date.now() - 60_000;
    await e.running.services.publisher.publish(TENANT, [ev.offered(at, 'm1', 'sales', '+48 512 345 678'), ev.abandoned(at + 30_000, 'm1', 'sales', 30_000)], 'test');
    await e.running.services.publisher.publish(TENANT, [ev.offered(at, 'm2', 'sales', 'chat-user', 'chat'), ev.abandoned(at + 30_000, 'm2', 'sales', 30_000)], 'test');
    const missed = key('+48 512 345 678');
    const chat = normaliseCaller('chat-user', 'PL', 'chat').key;
    await eventually('missed calls stored', () => (e.running.services.callbacks.get(TENANT, missed) && e.running.services.callbacks.get(TENANT, chat)) || undefined);
    const added = await api('POST', `/campaigns/${winter}/entries`, 'sara', { requestIds: [missed, chat, 'e164-48999999999'] });
    expect(added.json()).toEqual({
      done: [entry(winter, '+48 512 345 678')],
      failed: [
        { id: chat, caller: 'chat-user', message: 'a chat contact has no number to call' },
        { id: 'e164-48999999999', caller: null, message: 'no such missed call' },
      ],
    });
    // The missed call's own request stays as it was (the campaign has its own entry).
    expect(e.running.services.callbacks.get(TENANT, missed)!.request.status).toBe('open');
    expect(await progress(winter)).toEqual({ total: 5, handled: 1, notCompleted: 1, remaining: 3 });

    spring = (await api('POST', '/campaigns', 'sara', { name: 'Spring' })).json().id;
    await csv(`/campaigns/${spring}/import`, '501 000 111\n');
    const moved = await api('POST', `/campaigns/${winter}/entries/move`, 'sara', {
      to: spring, entryIds: [entry(winter, '123456789'), entry(winter, '501000111'), entry(winter, '601234567')],
    });
    expect(moved.json()).toEqual({
      done: [entry(spring, '123456789')],
      failed: [
        { id: entry(winter, '501000111'), caller: '+48501000111', message: 'already in campaign "Spring"' },
        { id: entry(winter, '601234567'), caller: '+48601234567', message: 'closed (handled by callback): only open entries move' },
      ],
    });
    const removed = await api('POST', `/campaigns/${winter}/entries/remove`, 'sara', { entryIds: [entry(winter, '501000111'), entry(winter, '123456789')] });
    expect(removed.json()).toEqual({
      done: [entry(winter, '501000111')],
      failed: [{ id: entry(winter, '123456789'), caller: '+48123456789', message: 'not an entry of campaign "Winter offers"' }],
    });
    expect(await progress(winter)).toEqual({ total: 3, handled: 1, notCompleted: 1, remaining: 1 });
    expect(await progress(spring)).toEqual({ total: 2, handled: 0, notCompleted: 0, remaining: 2 });
    // A removed caller may be imported again: a new cycle of the same entry.
    expect((await csv(`/campaigns/${winter}/import`, '501000111\n')).json()).toMatchObject({ added: 1, rejected: [] });
    expect(e.running.services.callbacks.get(TENANT, entry(winter, '501000111'))!.request).toMatchObject({ status: 'open', cycle: 2 });
    // Campaign entries never count as a queue's missed calls.
    expect((await api('GET', '/callbacks/summary', 'sara')).json().total.open).toBe(2);
  });

  it('campaigns api - the callback dashboard filters by type (queue / campaign) and campaign; removed entries are left out', async () => {
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const dash = async (q: string) => (await api('GET', `/callbacks/dashboard?from=${day(-1)}&to=${day(1)}${q}`, 'alan')).json().totals;
    // Winter: handled (601…), attempted without answer and closed (221…), never attempted (512… from a missed call, 501… imported again); 501…'s first cycle and 123… (moved) were removed.
    expect(await dash(`&type=campaign&campaign=${winter}`)).toEqual({
      total: 4, servedInbound: 0, handledByCallback: 1, callbacksWithoutAnswer: 1, notHandled: 2, forcedClose: 0, expired: 0, open: 2,
    });
    expect(await dash(`&type=campaign&campaign=${spring}`)).toMatchObject({ total: 2, notHandled: 2, open: 2 });
    expect(await dash('&type=campaign')).toMatchObject({ total: 6 });
    // The queues' missed calls, as before campaigns existed: the two missed calls only.
    expect(await dash('')).toMatchObject({ total: 2, notHandled: 2, open: 2 });
    expect(await dash('&type=queue&queue=sales')).toMatchObject({ total: 2 });
  });

  it('campaigns api - renamed, then archived: open entries removed, bookings and changes refused (409), left out of the list, history kept', async () => {
    expect((await api('PATCH', `/campaigns/${spring}`, 'anna', { name: 'x' })).statusCode).toBe(403);
    expect((await api('PATCH', `/campaigns/${spring}`, 'sara', { name: ' ' })).json().error.message).toContain('a campaign needs a name');
    const renamed = await api('PATCH', `/campaigns/${spring}`, 'sara', { name: 'Spring offers' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: spring, name: 'Spring offers', archivedAt: null, progress: { total: 2, remaining: 2 } });
    const springEntry = entry(spring, '123456789');
    expect(e.running.services.callbacks.get(TENANT, springEntry)!.request).toMatchObject({ campaign: spring, status: 'open' });

    expect((await api('DELETE', `/campaigns/${spring}`, 'alan')).statusCode).toBe(403);
    const archived = await api('DELETE', `/campaigns/${spring}`, 'sara');
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json()).toMatchObject({ name: 'Spring offers', paused: true, progress: { total: 0 } });
    expect(archived.json().archivedAt).toBeGreaterThan(0);
    // Its open entries were removed (history stays: the request is closed as removed, not deleted).
    expect(e.running.services.callbacks.get(TENANT, springEntry)!.request).toMatchObject({ status: 'closed', closeReason: 'removed' });
    expect((await api('GET', '/campaigns', 'sara')).json().campaigns.map((c: { id: string }) => c.id)).toEqual([winter]);
    expect((await api('GET', '/campaigns?archived=include', 'alan')).json().campaigns.map((c: { id: string }) => c.id)).toEqual([winter, spring]);
    expect((await api('GET', `/campaigns/${spring}`, 'sara')).json().name).toBe('Spring offers');
    // Nothing changes an archived campaign: each refusal names it.
    for (const [method, url, body] of [
      ['PATCH', `/campaigns/${spring}`, { name: 'again' }], ['POST', `/campaigns/${spring}/resume`, {}], ['DELETE', `/campaigns/${spring}`, undefined],
      ['PUT', `/campaigns/${spring}/agents`, { userIds: [] }], ['POST', `/campaigns/${spring}/entries/remove`, { entryIds: [springEntry] }],
    ] as const) {
      const res = await api(method, url, 'sara', body);
      expect(res.statusCode, `${method} ${url}`).toBe(409);
      expect(res.json().error.message).toBe('campaign "Spring offers" is archived: it can no longer be changed');
    }
    expect((await csv(`/campaigns/${spring}/import`, '601999888\n')).statusCode).toBe(409);
    const moveIn = await api('POST', `/campaigns/${winter}/entries/move`, 'sara', { to: spring, entryIds: [entry(winter, '501000111')] });
    expect(moveIn.statusCode).toBe(400);
    expect(moveIn.json().error.message).toContain('campaign "Spring offers" is archived');
    // Its removed entry cannot be booked; the audit log has the rename and the archive with what it removed.
    expect((await api('POST', `/callbacks/${springEntry}/book`, 'sara')).statusCode).toBe(409);
    const log = await eventually('the archive in the audit log', async () => {
      const rows = await e.running.services.identity.audit.query(TENANT, { action: 'campaign.', limit: 50 });
      return rows.some((x) => x.action === 'campaign.archive') ? rows : undefined;
    });
    expect(log.find((x) => x.action === 'campaign.rename')).toMatchObject({ target: spring, detail: { name: 'Spring offers', from: 'Spring' } });
    expect(log.find((x) => x.action === 'campaign.archive')).toMatchObject({ target: spring, detail: { removed: 2, notRemoved: [] } });
  });
});
