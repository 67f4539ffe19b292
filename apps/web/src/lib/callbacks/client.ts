// Typed calls to /api/v1/callbacks (contract: @callboard/api callbacks.ts); every path the screens use is written here once.
import type {
  AssignBody, AttemptBody, CallbackDashboard, CallbackDashboardQuery, CallbackDetail, CallbackPreferences, CommandReply, CallbackItem, CallbackList, CallbackListQuery, CallbackSummary, EligibleAgents, FlushBody, FlushResult, NoteBody,
} from '@callboard/api';
import { api } from '$lib/api';

/** The list's query as the browser sends it: every field optional, numbers as numbers (the server coerces). */
export type ListQuery = Partial<Omit<CallbackListQuery, 'mine'>> & { mine?: boolean };

const one = (id: string, step?: string) => `callbacks/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;
const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });

export const callbacks = {
  list: (q: ListQuery, signal?: AbortSignal) =>
    api<CallbackList>('callbacks', { query: { ...q, mine: q.mine === undefined ? undefined : String(q.mine) } as Record<string, string | number | undefined>, signal }),
  detail: (id: string) => api<CallbackDetail>(one(id)),
  summary: () => api<CallbackSummary>('callbacks/summary'),
  eligible: () => api<EligibleAgents>('callbacks/eligible-agents'),
  /** Seed 000's dashboard and seed 001's statistics for days from..to (tenant timezone). */
  dashboard: (q: CallbackDashboardQuery, signal?: AbortSignal) => api<CallbackDashboard>('callbacks/dashboard', { query: { ...q }, signal }),

  /** Agent steps. A refusal (already booked, too soon, too many attempts) is a 409 whose message says why. */
  book: (id: string) => post<CallbackItem>(one(id, 'book')),
  release: (id: string) => post<CallbackItem>(one(id, 'release')),
  /** An originate command to the PBX adapter (the request must be booked by me): `ok`, `failed`, or `unanswered` with the reason. */
  call: (id: string) => post<CommandReply>(one(id, 'call')),
  attempt: (id: string, body: AttemptBody) => post<CallbackItem>(one(id, 'attempts'), body),
  note: (id: string, body: NoteBody) => post<CallbackItem>(one(id, 'notes'), body),

  preferences: () => api<CallbackPreferences>('callbacks/preferences'),
  setPreferences: (body: CallbackPreferences) => api<CallbackPreferences>('callbacks/preferences', { method: 'PUT', body }),

  /** Supervisor steps (Assign Call). */
  assign: (id: string, body: AssignBody) => post<CallbackItem>(one(id, 'assign'), body),
  unassign: (id: string) => post<CallbackItem>(one(id, 'unassign')),
  cancelBooking: (id: string, reason?: string) => post<CallbackItem>(one(id, 'cancel-booking'), reason ? { reason } : {}),
  close: (id: string, reason: string) => post<CallbackItem>(one(id, 'close'), { reason }),
  hide: (id: string, reason?: string) => post<CallbackItem>(one(id, 'hide'), reason ? { reason } : {}),
  restore: (id: string) => post<CallbackItem>(one(id, 'restore')),
  flush: (body: FlushBody) => post<FlushResult>('callbacks/flush', body),
};
