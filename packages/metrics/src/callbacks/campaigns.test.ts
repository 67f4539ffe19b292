import { describe, expect, it } from 'vitest';
import { normaliseCaller } from './caller.ts';
import { campaignEntryId, campaignOfEntry, campaignProgress, ImportChecker, type ImportLine } from './campaigns.ts';
import { applyStep, type Actor, type CallbackStep, type CampaignContext } from './reducer.ts';
import { DEFAULT_CALLBACK_SETTINGS as S } from './settings.ts';
import { callbackFigures } from './metrics.ts';
import type { CallbackRequest } from './types.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const anna: Actor = { id: 'u-anna', name: 'Anna', supervisor: false };
const bruno: Actor = { id: 'u-bruno', name: 'Bruno', supervisor: false };
const sara: Actor = { id: 'u-sara', name: 'Sara', supervisor: true };
const CID = 'abcde12345';

describe('campaigns - CSV import check', () => {
  it('campaigns - a file with good, bad and duplicate numbers: every rejected line with its exact reason', () => {
    const already = normaliseCaller('+48 22 111 22 33', 'PL').key;
    const checker = new ImportChecker('PL', (key) => key === already);
    const lines: ImportLine[] = [
      { line: 2, raw: '601 234 567,Anna', phone: '601 234 567' },
      { line: 3, raw: '+48 (22) 123-45-67,Bruno', phone: '+48 (22) 123-45-67' },
      { line: 4, raw: ',Carla', phone: '' },
      { line: 5, raw: '601-234-x67,Dario', phone: '601-234-x67' },
      { line: 6, raw: '12345,Ezio', phone: '12345' },
      { line: 7, raw: '+48601234567,Anna again', phone: '+48601234567' },
      { line: 8, raw: '22.111.22.33,Franca', phone: '22.111.22.33' },
      { line: 9, raw: '0048 22 123 45 67,Bruno again', phone: '0048 22 123 45 67' },
      { line: 10, raw: 'tel: 601#234*567;x', phone: 'tel: 601#234*567;x' },
    ];
    const verdicts = lines.map((l) => checker.check(l));
    expect(verdicts.filter((v) => v.ok).map((v) => v.ok && [v.line, v.caller.caller])).toEqual([[2, '+48601234567'], [3, '+48221234567']]);
    expect(verdicts.filter((v) => !v.ok)).toEqual([
      { ok: false, line: 4, raw: ',Carla', reason: 'empty', message: 'no phone number', duplicateOf: null },
      { ok: false, line: 5, raw: '601-234-x67,Dario', reason: 'illegal_characters', message: 'illegal characters "x": only digits and ( ) + - . are accepted', duplicateOf: null },
      { ok: false, line: 6, raw: '12345,Ezio', reason: 'invalid_number', message: 'not a valid phone number (national numbers are read as PL)', duplicateOf: null },
      { ok: false, line: 7, raw: '+48601234567,Anna again', reason: 'duplicate', message: 'duplicate of line 2', duplicateOf: 2 },
      { ok: false, line: 8, raw: '22.111.22.33,Franca', reason: 'in_campaign', message: 'already in this campaign', duplicateOf: null },
      { ok: false, line: 9, raw: '0048 22 123 45 67,Bruno again', reason: 'duplicate', message: 'duplicate of line 3', duplicateOf: 3 },
      { ok: false, line: 10, raw: 'tel: 601#234*567;x', reason: 'illegal_characters', message: 'illegal characters "t" "e" "l" ":" "#" "*" ";" "x": only digits and ( ) + - . are accepted', duplicateOf: null },
    ]);
  });

  it('campaigns - a number already in the campaign counts once as "in campaign", its repeat as a duplicate of that line', () => {
    const key = normaliseCaller('0612345678', 'IT').key;
    const checker = new ImportChecker('IT', (k) => k === key);
    expect(checker.check({ line: 1, raw: '06 1234 5678', phone: '06 1234 5678' })).toMatchObject({ ok: false, reason: 'in_campaign' });
    expect(checker.check({ line: 2, raw: '+390612345678', phone: '+390612345678' })).toMatchObject({ ok: false, reason: 'duplicate', duplicateOf: 1 });
  });
});

describe('campaigns - entry ids', () => {
  it('campaigns - an entry id names its campaign; a queue request id names none', () => {
    const id = campaignEntryId(CID, 'e164-48601234567');
    expect(id).toBe('c-abcde12345-e164-48601234567');
    expect(campaignOfEntry(id)).toBe(CID);
    expect(campaignOfEntry('e164-48601234567')).toBeNull();
  });
});

const caller = normaliseCaller('601 234 567', 'PL');
const add = (at: number, by: Actor = sara): CallbackStep => ({ kind: 'add', at, by, tenant: 't1', campaign: CID, caller, queue: '', note: 'imported' });
const ctx = (over: Partial<CampaignContext> = {}): CampaignContext => ({ name: 'Winter', paused: false, agents: [{ id: anna.id, name: anna.name }], ...over });

function ok(r: CallbackRequest | null, step: CallbackStep, c = ctx()): CallbackRequest {
  const out = applyStep(r, step, S, 'Europe/Warsaw', c);
  if (!out.ok) throw new Error(`${step.kind} refused: ${out.message}`);
  if (!out.changed) throw new Error(`${step.kind} changed nothing`);
  return out.request;
}

describe('campaigns - entries in the callback reducer', () => {
  it('campaigns - seed 004: one attempt without an answer closes an entry as not completed (never retried); an SMS does not; a queue request stays open', () => {
    const e = ok(null, add(T0));
    for (const outcome of ['no_answer', 'busy', 'voicemail', 'failed'] as const) {
      const tried = ok(ok(e, { kind: 'book', at: T0 + 1, by: anna }), { kind: 'attempt', at: T0 + 2, by: anna, outcome });
      expect(tried, outcome).toMatchObject({ status: 'closed', closeReason: 'not_completed', numRecalled: 1, bookedBy: null });
      expect(campaignProgress([tried])).toEqual({ total: 1, handled: 0, notCompleted: 1, remaining: 0 });
    }
    // The PBX's own outbound call (call.outbound with the entry's id) closes it the same way.
    expect(ok(e, { kind: 'outbound', at: T0 + 3, callId: 'o1', agent: 'a1', outcome: 'busy' })).toMatchObject({ status: 'closed', closeReason: 'not_completed' });
    expect(ok(e, { kind: 'attempt', at: T0 + 3, by: sara, outcome: 'sms_sent' })).toMatchObject({ status: 'open', numRecalled: 1 });
    const queued = ok({ ...e, campaign: null, id: `e164-${caller.key}` }, { kind: 'attempt', at: T0 + 4, by: sara, outcome: 'no_answer' }, undefined);
    expect(queued).toMatchObject({ status: 'open', numRecalled: 1 });
  });

  it('campaigns - add opens an entry; adding it again is refused; a removed entry comes back as a new cycle', () => {
    const e = ok(null, add(T0));
    expect(e).toMatchObject({ id: `c-${CID}-${caller.key}`, campaign: CID, status: 'open', cycle: 1, numCalls: 0, caller: '+48601234567' });
    expect(applyStep(e, add(T0 + 1), S)).toEqual({ ok: false, code: 'in_campaign', message: 'already in this campaign' });
    const removed = ok(e, { kind: 'remove', at: T0 + 2, by: sara, note: 'moved to Spring' });
    expect(removed).toMatchObject({ status: 'closed', closeReason: 'removed' });
    expect(ok(removed, add(T0 + 3))).toMatchObject({ status: 'open', cycle: 2 });
    const handled = ok(ok(e, { kind: 'book', at: T0 + 5, by: anna }), { kind: 'attempt', at: T0 + 6, by: anna, outcome: 'answered' });
    expect(applyStep(handled, add(T0 + 7), S)).toMatchObject({ ok: false, code: 'in_campaign' });
  });

  it.each([
    ['paused, agent', ctx({ paused: true }), anna, 'paused', 'campaign "Winter" is paused: its entries cannot be booked until it is resumed'],
    ['paused, supervisor', ctx({ paused: true }), sara, 'paused', 'campaign "Winter" is paused: its entries cannot be booked until it is resumed'],
    ['agent not assigned', ctx(), bruno, 'not_in_campaign', 'you are not assigned to campaign "Winter"'],
  ] as const)('campaigns - booking refused: %s', (_what, c, by, code, message) => {
    const e = ok(null, add(T0));
    expect(applyStep(e, { kind: 'book', at: T0 + 1, by }, S, 'UTC', c)).toEqual({ ok: false, code, message });
  });

  it('campaigns - an assigned agent books; a supervisor books without being assigned; remove of a queue request is refused', () => {
    const e = ok(null, add(T0));
    expect(ok(e, { kind: 'book', at: T0 + 1, by: anna })).toMatchObject({ bookedBy: anna.id });
    expect(ok(e, { kind: 'book', at: T0 + 1, by: sara })).toMatchObject({ bookedBy: sara.id });
    const queueRequest = { ...e, id: caller.key, campaign: null };
    expect(applyStep(queueRequest, { kind: 'remove', at: T0, by: sara, note: 'x' }, S)).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('campaigns - entries are not counted in the queues\' callback figures', () => {
    const e = ok(null, add(T0));
    expect(callbackFigures([e], T0 + 1).get('')).toEqual({ open: 0, booked: 0, oldestOpenSince: null });
  });
});

describe('campaigns - progress', () => {
  const entry = (status: 'open' | 'closed', closeReason: CallbackRequest['closeReason'], attempts: number) =>
    ({ status, closeReason, attempts: Array.from({ length: attempts }, () => ({})) as CallbackRequest['attempts'] });
  it.each([
    ['open, never attempted', entry('open', null, 0), 'remaining'],
    ['open, attempted without answer', entry('open', null, 2), 'notCompleted'],
    ['closed handled by callback', entry('closed', 'handled_by_callback', 1), 'handled'],
    ['closed served inbound', entry('closed', 'served_inbound', 0), 'handled'],
    ['force-closed without attempt', entry('closed', 'forced', 0), 'notCompleted'],
    ['flushed after an attempt', entry('closed', 'flushed', 1), 'notCompleted'],
    ['expired', entry('closed', 'expired', 0), 'notCompleted'],
  ] as const)('campaigns - %s counts as %s', (_what, e, bucket) => {
    expect(campaignProgress([e])).toEqual({ total: 1, handled: 0, notCompleted: 0, remaining: 0, [bucket]: 1 });
  });

  it('campaigns - removed (or moved away) entries do not count; the three figures add up to the total', () => {
    const all = [entry('open', null, 0), entry('open', null, 0), entry('closed', 'removed', 0), entry('closed', 'handled_by_callback', 1), entry('open', null, 1)];
    const p = campaignProgress(all);
    expect(p).toEqual({ total: 4, handled: 1, notCompleted: 1, remaining: 2 });
    expect(p.handled + p.notCompleted + p.remaining).toBe(p.total);
  });
});
