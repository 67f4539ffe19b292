/** History rows: a step's entries with the request's state after it (the callback_history table, migration 005). */
import type { CallbackHistoryEntry, CallbackRequest } from './types.ts';

/** One row of callback_history, times in epoch ms (the store formats them). */
export interface CallbackHistoryRow {
  tenant: string;
  requestId: string;
  cycle: number;
  /** revision × 16 + position in the step. */
  seq: number;
  ts: number;
  caller: string;
  action: CallbackHistoryEntry['action'];
  actor: string;
  actorName: string;
  reason: string;
  outcome: string;
  note: string;
  tags: string[];
  queue: string;
  callId: string;
  target: string;
  statusAfter: CallbackRequest['status'];
  hiddenAfter: boolean;
  queueAfter: string;
  firstCallAfter: number;
  /** 0 when not booked. */
  bookedUntilAfter: number;
  closeReasonAfter: string;
}

/** Steps per KV write never exceed this (a write yields at most 2 entries; 16 leaves room). */
export const SEQ_PER_REVISION = 16;

export function historyRows(after: CallbackRequest, entries: CallbackHistoryEntry[], revision: number): CallbackHistoryRow[] {
  return entries.map((e, i) => ({
    tenant: after.tenant, requestId: after.id, cycle: e.cycle, seq: revision * SEQ_PER_REVISION + i, ts: e.at, caller: after.caller,
    action: e.action, actor: e.actor, actorName: e.actorName, reason: e.reason ?? '', outcome: e.outcome ?? '', note: e.note ?? '',
    tags: e.tags, queue: e.queue ?? '', callId: e.callId ?? '', target: e.target ?? '',
    statusAfter: after.status, hiddenAfter: after.hidden, queueAfter: after.queue, firstCallAfter: after.firstCall,
    bookedUntilAfter: after.bookedBy !== null && after.bookingExpiresAt !== null ? after.bookingExpiresAt : 0,
    closeReasonAfter: after.closeReason ?? '',
  }));
}

/** A stored row back as the API's history entry. */
export function historyEntry(row: CallbackHistoryRow): CallbackHistoryEntry {
  const orNull = (s: string) => (s === '' ? null : s);
  return {
    at: row.ts, requestId: row.requestId, cycle: row.cycle, action: row.action, actor: row.actor, actorName: row.actorName,
    reason: orNull(row.reason), outcome: orNull(row.outcome) as CallbackHistoryEntry['outcome'], note: orNull(row.note), tags: row.tags,
    queue: orNull(row.queue), callId: orNull(row.callId), target: orNull(row.target),
  };
}
