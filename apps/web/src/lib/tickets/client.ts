// Typed calls to /api/v1/tickets (contract: @callboard/api tickets.ts); every path the ticket screens use is written here once.
import type {
  CreateTicket, MoveTicket, TicketDetail, TicketItem, TicketList, TicketListQuery, TicketMetrics, TicketNoteBody, TicketPeople, TicketReport, TicketSettings,
  TicketViews, UpdateTicket,
} from '@callboard/api';
import { api, ApiError } from '$lib/api';

export type ListQuery = Partial<Omit<TicketListQuery, 'open' | 'mine'>> & { open?: boolean; mine?: boolean };

const one = (id: string, step?: string) => `tickets/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;

export const tickets = {
  list: (q: ListQuery, signal?: AbortSignal) => api<TicketList>('tickets', {
    query: { ...q, open: q.open === undefined ? undefined : String(q.open), mine: q.mine === undefined ? undefined : String(q.mine) } as Record<string, string | number | undefined>, signal,
  }),
  detail: (id: string) => api<TicketDetail>(one(id)),
  create: (body: CreateTicket) => api<TicketItem>('tickets', { method: 'POST', body }),
  update: (id: string, body: UpdateTicket) => api<TicketItem>(one(id), { method: 'PATCH', body }),
  /** A move along the flow; a refused one is a 409 whose message names the allowed moves. */
  move: (id: string, body: MoveTicket) => api<TicketItem>(one(id, 'status'), { method: 'POST', body }),
  note: (id: string, body: TicketNoteBody) => api<TicketItem>(one(id, 'notes'), { method: 'POST', body }),
  settings: () => api<TicketSettings>('tickets/settings'),
  people: () => api<TicketPeople>('tickets/people'),
  views: () => api<TicketViews>('tickets/views'),
  saveViews: (v: TicketViews) => api<TicketViews>('tickets/views', { method: 'PUT', body: v }),
  metrics: (from: number, to: number, groupBy: 'none' | 'type' | 'handler') => api<TicketMetrics>('tickets/metrics', { query: { from, to, groupBy } }),
  report: (name: string, q: { from?: string; to?: string; ticket?: string }) => api<TicketReport>(`tickets/reports/${name}`, { query: q }),
  reportCsv: (name: string, q: { from?: string; to?: string; ticket?: string }) =>
    `/api/v1/tickets/reports/${name}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([, v]) => v)), format: 'csv' })}`,
  attachmentUrl: (id: string, attachmentId: string) => `/api/v1/${one(id, `attachments/${attachmentId}`)}`,
  /** Uploads a file's bytes with its type; answers the ticket with the file listed (then a note names it). */
  async upload(id: string, file: File): Promise<TicketItem> {
    const res = await fetch(`/api/v1/${one(id, 'attachments')}?name=${encodeURIComponent(file.name)}`, {
      method: 'POST', credentials: 'include', headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' }, body: file,
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(json?.error?.message ?? `the server answered ${res.status}`, res.status, json?.error?.code ?? 'NOT_JSON');
    return json as TicketItem;
  },
};
