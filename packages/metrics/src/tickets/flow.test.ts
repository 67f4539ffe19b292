import { describe, expect, it } from 'vitest';
import { checkTransition, TRANSITIONS } from './flow.ts';
import { moveTicket } from './steps.ts';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from './types.ts';

/** Every pair of statuses, allowed or refused, with the message a refusal gives. */
const TABLE: [TicketStatus, TicketStatus, true | string][] = [
  ['taken', 'taken', 'the ticket is already taken: from taken it can only become "allocated" or "cancelled"'],
  ['taken', 'allocated', true],
  ['taken', 'allocated_confirmed', 'a taken ticket cannot become allocated and confirmed: from taken it can only become "allocated" or "cancelled"'],
  ['taken', 'finalised', 'a taken ticket cannot become finalised: from taken it can only become "allocated" or "cancelled"'],
  ['taken', 'cancelled', true],
  ['allocated', 'taken', 'a allocated ticket cannot become taken: from allocated it can only become "allocated and confirmed" or "cancelled"'],
  ['allocated', 'allocated', 'the ticket is already allocated: from allocated it can only become "allocated and confirmed" or "cancelled"'],
  ['allocated', 'allocated_confirmed', true],
  ['allocated', 'finalised', 'a allocated ticket cannot become finalised: from allocated it can only become "allocated and confirmed" or "cancelled"'],
  ['allocated', 'cancelled', true],
  ['allocated_confirmed', 'taken', 'a allocated and confirmed ticket cannot become taken: from allocated and confirmed it can only become "finalised" or "cancelled"'],
  ['allocated_confirmed', 'allocated', 'a allocated and confirmed ticket cannot become allocated: from allocated and confirmed it can only become "finalised" or "cancelled"'],
  ['allocated_confirmed', 'allocated_confirmed', 'the ticket is already allocated and confirmed: from allocated and confirmed it can only become "finalised" or "cancelled"'],
  ['allocated_confirmed', 'finalised', true],
  ['allocated_confirmed', 'cancelled', true],
  ...(['taken', 'allocated', 'allocated_confirmed', 'finalised', 'cancelled'] as const).map((to): [TicketStatus, TicketStatus, string] =>
    ['finalised', to, `${to === 'finalised' ? 'the ticket is already finalised' : `a finalised ticket cannot become ${to === 'allocated_confirmed' ? 'allocated and confirmed' : to}`}: finalised is final`]),
  ...(['taken', 'allocated', 'allocated_confirmed', 'finalised', 'cancelled'] as const).map((to): [TicketStatus, TicketStatus, string] =>
    ['cancelled', to, `${to === 'cancelled' ? 'the ticket is already cancelled' : `a cancelled ticket cannot become ${to === 'allocated_confirmed' ? 'allocated and confirmed' : to}`}: cancelled is final`]),
];

const ticket = (status: TicketStatus): Ticket => ({
  id: 'INT-1', tenant: 't', series: 'INT', number: 1, status, source: null, notes: [], attachments: [], createdAt: 0, createdBy: 'u', updatedAt: 0,
  allocatedAt: null, confirmedAt: null, finalisedAt: null, cancelledAt: null, date: '2026-12-01', client: 'Acme', contactPerson: '', type: 'fault',
  subject: 's', product: '', serialLot: '', priority: 'medium', confirmed: false, takenBy: { id: 'u', name: 'U' }, verifiedBy: null,
  team: [{ id: 'h', name: 'H' }], scheduledStart: 1000, scheduledEnd: 2000, phone: '', email: '', address: '', locality: '', region: '', country: '',
  contract: '', estimate: '', remarks: '',
});

describe('ticket status flow', () => {
  it('flow - the table covers every pair of statuses exactly once', () => {
    const pairs = TABLE.map(([a, b]) => `${a}>${b}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.length).toBe(TICKET_STATUSES.length ** 2);
  });

  it.each(TABLE)('flow - %s → %s', (from, to, want) => {
    const got = checkTransition(from, to);
    if (want === true) expect(got).toEqual({ ok: true });
    else expect(got).toEqual({ ok: false, message: want });
    // the step agrees with the rule, and refuses with 409 naming the allowed moves
    const moved = moveTicket(ticket(from), to, {}, 5000);
    if (want === true) expect(moved.ok && moved.ticket.status).toBe(to);
    else expect(moved).toEqual({ ok: false, code: 'CONFLICT', message: want });
    expect(TRANSITIONS[from].includes(to)).toBe(want === true);
  });

  it('flow - allocation needs start, end (after start) and a team', () => {
    const t = { ...ticket('taken'), team: [], scheduledStart: null, scheduledEnd: null };
    expect(moveTicket(t, 'allocated', {}, 1)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', field: 'scheduledStart' });
    expect(moveTicket(t, 'allocated', { scheduledStart: 10 }, 1)).toMatchObject({ ok: false, field: 'scheduledEnd' });
    expect(moveTicket(t, 'allocated', { scheduledStart: 10, scheduledEnd: 5 }, 1)).toMatchObject({ ok: false, field: 'scheduledEnd' });
    expect(moveTicket(t, 'allocated', { scheduledStart: 10, scheduledEnd: 20 }, 1)).toMatchObject({ ok: false, field: 'team' });
    const ok = moveTicket(t, 'allocated', { scheduledStart: 10, scheduledEnd: 20, team: [{ id: 'a', name: 'Ana' }] }, 1);
    expect(ok.ok && ok.ticket).toMatchObject({ status: 'allocated', allocatedAt: 1, team: [{ id: 'a', name: 'Ana' }] });
    expect(ok.ok && ok.lines.map((l) => `${l.action}:${l.field}:${l.oldValue}>${l.newValue}`)).toEqual([
      'changed:scheduledStart:>1970-01-01T00:00:00.010Z', 'changed:scheduledEnd:>1970-01-01T00:00:00.020Z', 'changed:team:>Ana', 'status:status:taken>allocated',
    ]);
  });

  it('flow - confirming sets the confirmed (real) flag; final tickets are not edited', () => {
    const c = moveTicket(ticket('allocated'), 'allocated_confirmed', {}, 7);
    expect(c.ok && c.ticket).toMatchObject({ confirmed: true, confirmedAt: 7 });
    const f = moveTicket(ticket('allocated_confirmed'), 'finalised', {}, 9);
    expect(f.ok && f.ticket.finalisedAt).toBe(9);
  });
});
