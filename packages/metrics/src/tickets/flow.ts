/**
 * The status flow (seed 003): taken → allocated (start, end and team set) → allocated and confirmed (the
 * team confirms) → finalised; any open status → cancelled. Nothing else: a refused transition names the
 * ones allowed from where the ticket is.
 */
import { STATUS_LABELS, type TicketStatus, type TicketFields } from './types.ts';

/** Every allowed transition, from → to. Finalised and cancelled are final. */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  taken: ['allocated', 'cancelled'],
  allocated: ['allocated_confirmed', 'cancelled'],
  allocated_confirmed: ['finalised', 'cancelled'],
  finalised: [],
  cancelled: [],
};

export type TransitionCheck = { ok: true } | { ok: false; message: string; field?: string };

const list = (ss: readonly TicketStatus[]) => ss.map((s) => `"${STATUS_LABELS[s]}"`).join(' or ');

/** May a ticket go from `from` to `to`? The refusal says which moves are allowed. */
export function checkTransition(from: TicketStatus, to: TicketStatus): TransitionCheck {
  if (TRANSITIONS[from].includes(to)) return { ok: true };
  const allowed = TRANSITIONS[from];
  const what = from === to ? `the ticket is already ${STATUS_LABELS[from]}` : `a ${STATUS_LABELS[from]} ticket cannot become ${STATUS_LABELS[to]}`;
  return { ok: false, message: allowed.length ? `${what}: from ${STATUS_LABELS[from]} it can only become ${list(allowed)}` : `${what}: ${STATUS_LABELS[from]} is final` };
}

/** What allocation needs (seed 003: start, end and the team that takes it): the first thing missing, or null. */
export function allocationMissing(f: Pick<TicketFields, 'scheduledStart' | 'scheduledEnd' | 'team'>): { message: string; field: string } | null {
  if (f.scheduledStart === null) return { message: 'allocating needs the scheduled start', field: 'scheduledStart' };
  if (f.scheduledEnd === null) return { message: 'allocating needs the scheduled end', field: 'scheduledEnd' };
  if (f.scheduledEnd <= f.scheduledStart) return { message: 'the scheduled end must be after the scheduled start', field: 'scheduledEnd' };
  if (f.team.length === 0) return { message: 'allocating needs the team that takes the work', field: 'team' };
  return null;
}

/** Open statuses: counted in the backlog. */
export function isOpen(s: TicketStatus): boolean {
  return s !== 'finalised' && s !== 'cancelled';
}
