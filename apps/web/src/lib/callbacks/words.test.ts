import { describe, expect, it } from 'vitest';
import type { CallbackItem } from '@callboard/api';
import { callerText, countdown, statusOf } from './words';

const r = (over: Partial<CallbackItem>): CallbackItem => ({
  id: 'e164-39021234', tenant: 'demo', campaign: null, caller: '+39021234', callerKind: 'e164', channel: 'voice', cycle: 1, status: 'open', hidden: false,
  closeReason: null, closedAt: null, closedBy: null, numCalls: 1, firstCall: 1, lastCall: 1, queue: 'sales', queues: ['sales'],
  numRecalled: 0, lastRecalled: null, lastOutcome: null, bookedBy: null, bookedByName: null, bookingExpiresAt: null,
  assignedTo: null, assignedToName: null, tags: [], notes: [], attempts: [], callIds: [], updatedAt: 1, revision: 1, ...over,
});

describe('callback words', () => {
  it.each([
    { name: 'open', over: {}, want: 'Open' },
    { name: 'booked wins over assigned', over: { bookedBy: 'u1', assignedTo: 'u2' }, want: 'Booked' },
    { name: 'assigned', over: { assignedTo: 'u2' }, want: 'Assigned' },
    { name: 'hidden', over: { hidden: true, bookedBy: 'u1' }, want: 'Hidden' },
    { name: 'closed says how', over: { status: 'closed' as const, closeReason: 'served_inbound' as const }, want: 'Served inbound' },
  ])('status - $name', ({ over, want }) => expect(statusOf(r(over))).toBe(want));

  it.each([[0, '0:00'], [59_400, '0:59'], [61_000, '1:01'], [15 * 60_000, '15:00'], [-5, '0:00']])('countdown %d ms → %s', (ms, want) => {
    expect(countdown(ms)).toBe(want);
  });

  it.each([
    { caller: '+390255501234', kind: 'e164' as const, want: '+39 02 5550 1234' },
    { caller: '+48221234567', kind: 'e164' as const, want: '+48 22 123 45 67' },
    { caller: 'whatsapp:anna', kind: 'handle' as const, want: 'whatsapp:anna' },
    { caller: '12ab', kind: 'invalid' as const, want: '12ab' },
  ])('callerText $caller → $want', ({ caller, kind, want }) => expect(callerText({ caller, callerKind: kind })).toBe(want));
});
