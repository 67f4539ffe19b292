// The words the callback screens use for outcomes, steps and closing reasons (one place, so the agent and the supervisor read the same).
import type { AttemptOutcome, CallbackAction, CallbackItem, CloseReason } from '@callboard/api';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Outcomes a person records (failed comes only from the PBX). */
export const RECORDABLE: readonly AttemptOutcome[] = ['answered', 'no_answer', 'busy', 'voicemail', 'sms_sent'];

export const OUTCOME: Record<AttemptOutcome, string> = {
  answered: 'Answered', no_answer: 'No answer', busy: 'Busy', voicemail: 'Voicemail', sms_sent: 'SMS sent', failed: 'Call failed',
};

export const ACTION: Record<CallbackAction, string> = {
  missed: 'Missed call', reopened: 'Reopened', booked: 'Booked', released: 'Released', booking_expired: 'Booking expired',
  booking_cancelled: 'Booking cancelled', assigned: 'Assigned', unassigned: 'Unassigned', attempt: 'Attempt', note: 'Note',
  hidden: 'Hidden', restored: 'Restored', closed: 'Closed', added: 'Added to campaign', recovered: 'Recovered after a restart',
};

export const CLOSED: Record<CloseReason, string> = {
  served_inbound: 'Served inbound', handled_by_callback: 'Handled by callback', expired: 'Expired', forced: 'Force-closed', flushed: 'Flushed', removed: 'Removed from campaign', not_completed: 'Not completed (no answer)',
};

/** One short status for a row: closed how, hidden, booked, assigned, or open. */
export function statusOf(r: CallbackItem): string {
  if (r.status === 'closed') return r.closeReason ? CLOSED[r.closeReason] : 'Closed';
  if (r.hidden) return 'Hidden';
  if (r.bookedBy) return 'Booked';
  if (r.assignedTo) return 'Assigned';
  return 'Open';
}

/** "3 min 05 s" style countdown text for a booking, from milliseconds left. */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** A caller as people read and dial it: E.164 numbers grouped internationally ("+39 02 5550 1234"), handles and unparsed text as they are. */
export function callerText(r: Pick<CallbackItem, 'caller' | 'callerKind'>): string {
  if (r.callerKind !== 'e164') return r.caller;
  return parsePhoneNumberFromString(r.caller)?.formatInternational() ?? r.caller;
}
