/**
 * Every change to a ticket as a pure function: create, edit fields, move along the flow, add a note or an
 * attachment. Each returns the ticket after it and the operation-log lines it makes (field, old, new),
 * or a refusal (409 for the flow, 400 for a field). The log level decides which lines are kept (logLines).
 */
import { allocationMissing, checkTransition, isOpen } from './flow.ts';
import { STATUS_LABELS, type LogLevel, type Person, type Ticket, type TicketAttachment, type TicketField, type TicketFields, type TicketSource, type TicketStatus } from './types.ts';
import { checkSchedule } from './validation.ts';

/** One line of the operation log before it is stored (the engine adds ticket, seq and time). */
export interface LogLine {
  action: 'created' | 'changed' | 'status' | 'note' | 'attachment';
  field: string;
  oldValue: string;
  newValue: string;
}

export type TicketStepResult = { ok: true; ticket: Ticket; lines: LogLine[] } | { ok: false; code: 'CONFLICT' | 'VALIDATION_FAILED'; message: string; field?: string };

/** Fields the advanced log keeps besides creation, status and notes (the planning of the work). */
export const ADVANCED_FIELDS: readonly TicketField[] = ['client', 'type', 'priority', 'confirmed', 'takenBy', 'verifiedBy', 'team', 'scheduledStart', 'scheduledEnd'];

/** The lines a log level keeps. */
export function logLines(lines: readonly LogLine[], level: LogLevel): LogLine[] {
  if (level === 'detailed') return [...lines];
  return lines.filter((l) => l.action !== 'changed' || (level === 'advanced' && (ADVANCED_FIELDS as readonly string[]).includes(l.field)));
}

/** A field's value as the log writes it. */
export function logValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(logValue).join(', ');
  if (typeof v === 'object' && v && 'name' in v) return String((v as Person).name);
  return String(v);
}

const TIME_FIELDS: readonly TicketField[] = ['scheduledStart', 'scheduledEnd'];
const fieldValue = (f: TicketField, v: unknown) => (TIME_FIELDS.includes(f) && typeof v === 'number' ? new Date(v).toISOString() : logValue(v));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface NewTicket {
  id: string;
  tenant: string;
  series: string;
  number: number;
  fields: TicketFields;
  source: TicketSource | null;
  at: number;
  by: Person;
}

export function createTicket(n: NewTicket): { ticket: Ticket; lines: LogLine[] } {
  const ticket: Ticket = {
    ...n.fields, id: n.id, tenant: n.tenant, series: n.series, number: n.number, status: 'taken', source: n.source, notes: [], attachments: [],
    createdAt: n.at, createdBy: n.by.id, updatedAt: n.at, allocatedAt: null, confirmedAt: null, finalisedAt: null, cancelledAt: null,
  };
  const lines: LogLine[] = [{ action: 'created', field: 'status', oldValue: '', newValue: STATUS_LABELS.taken }];
  for (const [f, v] of Object.entries(n.fields) as [TicketField, unknown][]) {
    if (logValue(v) !== '') lines.push({ action: 'changed', field: f, oldValue: '', newValue: fieldValue(f, v) });
  }
  return { ticket, lines };
}

/** Changes fields; a final ticket (finalised, cancelled) is not edited; an allocated one keeps what allocation needs. */
export function editTicket(t: Ticket, patch: Partial<TicketFields>, at: number): TicketStepResult {
  if (!isOpen(t.status)) return { ok: false, code: 'CONFLICT', message: `this ticket is ${STATUS_LABELS[t.status]}: it can no longer be changed` };
  const next: Ticket = { ...t, ...patch };
  const bad = checkSchedule(next.scheduledStart, next.scheduledEnd);
  if (bad) return { ok: false, code: 'VALIDATION_FAILED', ...bad };
  if (t.status !== 'taken') {
    const missing = allocationMissing(next);
    if (missing) return { ok: false, code: 'CONFLICT', message: `an ${STATUS_LABELS[t.status]} ticket keeps its schedule and team: ${missing.message}`, field: missing.field };
  }
  const lines: LogLine[] = [];
  for (const f of Object.keys(patch) as TicketField[]) {
    if (!same(t[f], next[f])) lines.push({ action: 'changed', field: f, oldValue: fieldValue(f, t[f]), newValue: fieldValue(f, next[f]) });
  }
  if (lines.length) next.updatedAt = at;
  return { ok: true, ticket: lines.length ? next : t, lines };
}

/** What a transition may set at the same time (allocation: the schedule and the team). */
export type TransitionExtras = Partial<Pick<TicketFields, 'scheduledStart' | 'scheduledEnd' | 'team'>>;

/** Moves the ticket along the flow; allocation needs start, end and team (given here or already set). */
export function moveTicket(t: Ticket, to: TicketStatus, extras: TransitionExtras, at: number): TicketStepResult {
  const check = checkTransition(t.status, to);
  if (!check.ok) return { ok: false, code: 'CONFLICT', message: check.message };
  let next: Ticket = t;
  let lines: LogLine[] = [];
  if (Object.keys(extras).length) {
    // The extras are an edit made with the move: same rules, and logged the same way.
    const edited = editTicket({ ...t, status: 'taken' }, extras, at);
    if (!edited.ok) return edited;
    next = { ...edited.ticket, status: t.status };
    lines = edited.lines;
  }
  if (to === 'allocated') {
    const missing = allocationMissing(next);
    if (missing) return { ok: false, code: 'VALIDATION_FAILED', ...missing };
  }
  next = {
    ...next, status: to, updatedAt: at,
    allocatedAt: to === 'allocated' ? at : next.allocatedAt,
    confirmedAt: to === 'allocated_confirmed' ? at : next.confirmedAt,
    confirmed: to === 'allocated_confirmed' ? true : next.confirmed,
    finalisedAt: to === 'finalised' ? at : next.finalisedAt,
    cancelledAt: to === 'cancelled' ? at : next.cancelledAt,
  };
  lines.push({ action: 'status', field: 'status', oldValue: STATUS_LABELS[t.status], newValue: STATUS_LABELS[to] });
  if (next.confirmed !== t.confirmed) lines.push({ action: 'changed', field: 'confirmed', oldValue: logValue(t.confirmed), newValue: logValue(next.confirmed) });
  return { ok: true, ticket: next, lines };
}

/** Adds a note to the timeline, with attachments already uploaded to this ticket and not yet on a note. */
export function addNote(t: Ticket, text: string, attachmentIds: readonly string[], at: number, by: Person): TicketStepResult {
  const known = new Set(t.attachments.map((a) => a.id));
  const used = new Set(t.notes.flatMap((n) => n.attachments));
  for (const id of attachmentIds) {
    if (!known.has(id)) return { ok: false, code: 'VALIDATION_FAILED', message: `no attachment ${id} on this ticket: upload the file first`, field: 'attachments' };
    if (used.has(id)) return { ok: false, code: 'VALIDATION_FAILED', message: `attachment ${id} is already on a note`, field: 'attachments' };
  }
  if (text.trim() === '' && attachmentIds.length === 0) return { ok: false, code: 'VALIDATION_FAILED', message: 'a note needs text or a file', field: 'text' };
  const note = { id: t.notes.length + 1, at, by: by.id, byName: by.name, text: text.trim(), attachments: [...attachmentIds] };
  const names = attachmentIds.map((id) => t.attachments.find((a) => a.id === id)!.name);
  return {
    ok: true, ticket: { ...t, notes: [...t.notes, note], updatedAt: at },
    lines: [{ action: 'note', field: 'notes', oldValue: '', newValue: names.length ? `${note.text}${note.text ? ' ' : ''}[${names.join(', ')}]` : note.text }],
  };
}

/** Records an uploaded file on the ticket (stored on disk by the engine before this step). */
export function addAttachment(t: Ticket, a: TicketAttachment): TicketStepResult {
  if (t.attachments.length >= 200) return { ok: false, code: 'CONFLICT', message: 'this ticket already has 200 attachments' };
  return { ok: true, ticket: { ...t, attachments: [...t.attachments, a], updatedAt: a.at }, lines: [{ action: 'attachment', field: 'attachments', oldValue: '', newValue: `${a.name} (${a.type}, ${a.size} bytes)` }] };
}
