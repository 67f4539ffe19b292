import { describe, expect, it } from 'vitest';
import { addAttachment, addNote, createTicket, editTicket, logLines } from './steps.ts';
import { checkDate, normalisePhone, checkEmail } from './validation.ts';
import { numberingProblems, parseTicketId, ticketId } from './numbering.ts';
import type { TicketFields } from './types.ts';

const fields: TicketFields = {
  date: '2026-12-01', client: 'Acme', contactPerson: 'Ion', type: 'fault', subject: 'Boiler down', product: 'Boiler X', serialLot: 'SN1', priority: 'high',
  confirmed: false, takenBy: { id: 'u1', name: 'Ana' }, verifiedBy: null, team: [], scheduledStart: null, scheduledEnd: null, phone: '+40211234567',
  email: '', address: '', locality: '', region: '', country: '', contract: '', estimate: '', remarks: '',
};
const made = () => createTicket({ id: 'INT-1', tenant: 't', series: 'INT', number: 1, fields, source: null, at: 100, by: { id: 'u1', name: 'Ana' } });

describe('ticket steps', () => {
  it('steps - an edit logs each changed field with its old and new value; the level filters', () => {
    const out = editTicket(made().ticket, { priority: 'low', remarks: 'call first', client: 'Acme' }, 200);
    expect(out.ok && out.lines).toEqual([
      { action: 'changed', field: 'priority', oldValue: 'high', newValue: 'low' },
      { action: 'changed', field: 'remarks', oldValue: '', newValue: 'call first' },
    ]);
    const lines = out.ok ? out.lines : [];
    expect(logLines(lines, 'detailed')).toHaveLength(2);
    expect(logLines(lines, 'advanced').map((l) => l.field)).toEqual(['priority']);
    expect(logLines(lines, 'basic')).toEqual([]);
    expect(logLines(made().lines, 'basic')).toEqual([{ action: 'created', field: 'status', oldValue: '', newValue: 'taken' }]);
  });

  it('steps - notes need text or a file, and only files of this ticket not yet on a note', () => {
    let t = made().ticket;
    expect(addNote(t, '  ', [], 1, { id: 'u', name: 'U' })).toMatchObject({ ok: false, field: 'text' });
    expect(addNote(t, 'x', ['abcdefgh1'], 1, { id: 'u', name: 'U' })).toMatchObject({ ok: false, field: 'attachments' });
    const a = addAttachment(t, { id: 'abcdefgh1', name: 'photo.png', type: 'image/png', size: 10, at: 2, by: 'u' });
    t = a.ok ? a.ticket : t;
    const n = addNote(t, 'see photo', ['abcdefgh1'], 3, { id: 'u', name: 'U' });
    expect(n.ok && n.ticket.notes).toEqual([{ id: 1, at: 3, by: 'u', byName: 'U', text: 'see photo', attachments: ['abcdefgh1'] }]);
    expect(n.ok && n.lines[0].newValue).toBe('see photo [photo.png]');
    expect(addNote(n.ok ? n.ticket : t, 'again', ['abcdefgh1'], 4, { id: 'u', name: 'U' })).toMatchObject({ ok: false, field: 'attachments' });
  });

  it.each([
    ['0721 123 456', 'RO', '+40721123456'], ['+39 02 5550 1234', 'RO', '+390255501234'], ['0040 21 123 4567', 'RO', '+40211234567'], ['', 'RO', ''],
  ])('validation - phone %s (%s) → %s', (raw, country, want) => expect(normalisePhone(raw, country)).toEqual({ ok: true, value: want }));

  it.each(['12', 'call me', '+40 1'])('validation - phone %s is refused with a sentence', (raw) => {
    expect(normalisePhone(raw, 'RO')).toMatchObject({ ok: false, problem: { field: 'phone' } });
  });

  it('validation - e-mail and date within the open period', () => {
    expect(checkEmail('ion@example.ro')).toEqual({ ok: true, value: 'ion@example.ro' });
    expect(checkEmail('ion@')).toMatchObject({ ok: false });
    expect(checkDate('2026-12-01', { openPeriodFrom: null }, '2026-12-05')).toBeNull();
    expect(checkDate('2026-12-06', { openPeriodFrom: null }, '2026-12-05')?.message).toBe('the date 2026-12-06 is in the future (today is 2026-12-05)');
    expect(checkDate('2026-11-30', { openPeriodFrom: null }, '2026-12-05')?.message).toBe('the date 2026-11-30 is before the open period, which starts on 2026-12-01');
    expect(checkDate('2026-11-30', { openPeriodFrom: '2026-11-01' }, '2026-12-05')).toBeNull();
  });

  it('numbering - ids, and the gap/duplicate check', () => {
    expect(ticketId('INT', 42)).toBe('INT-42');
    expect(parseTicketId('INT-42')).toEqual({ series: 'INT', number: 42 });
    expect(parseTicketId('int-42')).toBeNull();
    expect(parseTicketId('INT-042')).toBeNull();
    expect(numberingProblems([3, 1, 2])).toEqual({ gaps: [], duplicates: [] });
    expect(numberingProblems([1, 3, 3])).toEqual({ gaps: [2], duplicates: [3] });
  });
});
