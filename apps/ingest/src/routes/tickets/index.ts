/**
 * Tickets (seed 003): list, open (numbered per series, no gaps, across engines), edit, move along the flow
 * (a refused move answers 409 naming the allowed ones), notes with attachments (stored on disk, streamed back),
 * the operation log, saved list views, reports (JSON for the printable page, CSV) and the ticket metrics.
 * Agents open and work their own tickets; supervisors and admins all of the tenant; analysts read; displays
 * only the metrics.
 */
import { Readable } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AttachmentParams, AttachmentQuery, CreateTicket, MoveTicket, TicketDetail, TicketItem, TicketList, TicketListQuery, TicketMetrics, TicketMetricsQuery,
  TicketNoteBody, TicketParams, TicketPeople, TicketReport, TicketReportParams, TicketReportQuery, TicketSettings, TicketViews, UpdateTicket,
} from '@callboard/api';
import {
  addAttachment, addNote, ATTACHMENT_TYPES, checkDate, checkEmail, checkSchedule, checkSeries, checkType, editTicket, figuresFromRow, moveTicket,
  normalisePhone, TICKET_METRICS, ticketFigures, ticketFiguresSql, type Person, type TicketFields, type TicketSource,
} from '@callboard/metrics';
import { HttpError, InvalidRequestError, NotFoundError } from '../../errors/http-errors.ts';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';
import { mayWork, maySee, personOf, worksAll } from '../../tickets/access.ts';
import { listTickets } from '../../tickets/list.ts';
import { ticketReport, toCsv } from '../../tickets/reports.ts';
import type { StoredTicket } from '../../tickets/service.ts';
import { AttachmentTooLargeError } from '../../tickets/attachments.ts';
import { actorOf, maySee as maySeeCallback } from '../../callbacks/access.ts';

const Read = { access: Access.tickets };
const Work = { access: Access.ticketWork };
const item = (s: StoredTicket) => ({ ...s.ticket, revision: s.revision });
const Bytes = z.string().describe('the file, streamed');

async function ticketRoutes(app: FastifyInstance) {
  const { tickets, identity } = app;
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Attachments arrive as the file's own bytes with its type: every type without a parser reaches the route as a stream.
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  /** The ticket as the caller may see it, or 404 (another tenant's id, or an agent's view of someone else's, is not found alike). */
  const visible = (req: FastifyRequest, id: string): StoredTicket => {
    const p = principal(req);
    const s = tickets.get(p.tenant, id);
    if (!s || !maySee(p, s.ticket)) throw new NotFoundError(`no ticket ${id}`);
    return s;
  };
  const workable = (req: FastifyRequest, id: string): StoredTicket => {
    const s = visible(req, id);
    if (!mayWork(principal(req), s.ticket)) throw new HttpError(403, 'FORBIDDEN', `ticket ${id} is not yours to work: agents work the tickets they took, verify or are in the team of`);
    return s;
  };
  /** A user of the tenant named on a ticket, or 400 naming the field. */
  const person = async (tenant: string, id: string, field: string): Promise<Person> => {
    const u = await identity.users.get(tenant, id);
    if (!u || u.disabled) throw new InvalidRequestError(`no user ${id} in this call centre`, field);
    return { id: u.id, name: u.name };
  };
  /** Field rules beyond the schema; returns the fields with people resolved and the phone in E.164. */
  const checked = async (tenant: string, b: Partial<z.output<typeof CreateTicket>>): Promise<Partial<TicketFields>> => {
    const settings = tickets.settings(tenant);
    const out: Partial<TicketFields> = {};
    for (const [k, v] of Object.entries(b)) if (v !== undefined && !['series', 'source', 'revision', 'takenBy', 'verifiedBy', 'team', 'phone', 'email'].includes(k)) (out as Record<string, unknown>)[k] = v;
    const fail = (x: { field: string; message: string } | null) => { if (x) throw new InvalidRequestError(x.message, x.field); };
    if (b.type !== undefined) fail(checkType(b.type, settings));
    if (b.date !== undefined) fail(checkDate(b.date, settings, tickets.today(tenant)));
    fail(checkSchedule(b.scheduledStart ?? null, b.scheduledEnd ?? null));
    if (b.phone !== undefined) {
      const ph = normalisePhone(b.phone, settings.defaultCountry);
      if (!ph.ok) fail(ph.problem); else out.phone = ph.value;
    }
    if (b.email !== undefined) {
      const em = checkEmail(b.email);
      if (!em.ok) fail(em.problem); else out.email = em.value;
    }
    if (b.takenBy !== undefined) out.takenBy = await person(tenant, b.takenBy, 'takenBy');
    if (b.verifiedBy !== undefined) out.verifiedBy = b.verifiedBy === null ? null : await person(tenant, b.verifiedBy, 'verifiedBy');
    if (b.team !== undefined) out.team = await Promise.all([...new Set(b.team)].map((id) => person(tenant, id, 'team')));
    return out;
  };

  r.get('/api/v1/tickets', {
    config: Read, schema: { summary: 'Tickets, filtered and paged (agents: the ones they took, verify or work in)', querystring: TicketListQuery, response: replies({ 200: TicketList }) },
  }, async (req) => {
    const p = principal(req);
    const { page, total } = listTickets(tickets.list(p.tenant), req.query, p);
    return { tickets: page.map(item), total, limit: req.query.limit, offset: req.query.offset };
  });

  r.post('/api/v1/tickets', {
    config: Work, schema: { summary: 'Open a ticket: numbered in its series with no gap and no duplicate', body: CreateTicket, response: replies({ 201: TicketItem }) },
  }, async (req, reply) => {
    const p = principal(req);
    const settings = tickets.settings(p.tenant);
    const series = req.body.series ?? settings.series[0];
    const bad = checkSeries(series, settings);
    if (bad) throw new InvalidRequestError(bad.message, bad.field);
    const me = personOf(p);
    if (!worksAll(p) && req.body.takenBy !== undefined && req.body.takenBy !== p.subject) throw new InvalidRequestError('agents open tickets taken by themselves', 'takenBy');
    const fields = await checked(p.tenant, req.body);
    const s = req.body.source;
    const source: TicketSource | null = s ? { kind: s.kind, callId: s.callId ?? null, queue: s.queue ?? null, caller: s.caller ?? null, callbackId: s.callbackId ?? null } : null;
    const all: TicketFields = {
      date: tickets.today(p.tenant), contactPerson: '', product: '', serialLot: '', priority: 'medium', confirmed: false, verifiedBy: null, team: [],
      scheduledStart: null, scheduledEnd: null, phone: '', email: '', address: '', locality: '', region: '', country: '', contract: '', estimate: '', remarks: '',
      client: req.body.client, type: req.body.type, subject: req.body.subject, takenBy: p.user ? { id: p.subject, name: p.user.name } : me, ...fields,
    };
    const callback = source?.callbackId ? app.callbacks.get(p.tenant, source.callbackId) : undefined;
    if (source?.callbackId && (!callback || !maySeeCallback(p, callback.request, app.callbacks.campaigns))) throw new InvalidRequestError(`no callback request ${source.callbackId}`, 'source.callbackId');
    const created = await tickets.create(p.tenant, series, () => ({ tenant: p.tenant, series, fields: all, source, by: me }), me);
    // Linked both ways: the callback request's history names the ticket opened from it.
    if (callback) {
      await app.callbacks.step(p.tenant, callback.request.id, (at) => ({ kind: 'note', at, by: actorOf(p), note: `Ticket ${created.ticket.id} opened: ${created.ticket.subject}` }))
        .catch((err: unknown) => req.log.warn({ err, ticket: created.ticket.id }, 'the callback request could not note its ticket'));
    }
    return reply.code(201).send(item(created));
  });

  r.get('/api/v1/tickets/settings', {
    config: Read, schema: { summary: "The tenant's effective ticket settings (series, types, log level, e-mail to the client); change them in PUT /tenant/settings (settings.tickets)", response: replies({ 200: TicketSettings }) },
  }, async (req) => tickets.settings(principal(req).tenant));

  r.get('/api/v1/tickets/people', {
    config: Read, schema: { summary: 'Users a ticket may name (taken by, verified by, team)', response: replies({ 200: TicketPeople }) },
  }, async (req) => {
    const users = (await identity.users.list(principal(req).tenant)).filter((u) => !u.disabled && u.roles.some((x) => x !== 'display'));
    return { people: users.map((u) => ({ id: u.id, name: u.name, email: u.email ?? null, roles: u.roles })).sort((a, b) => a.name.localeCompare(b.name)) };
  });

  r.get('/api/v1/tickets/views', {
    config: Read, schema: { summary: 'Your saved views of the ticket list (columns, grouping, filters)', response: replies({ 200: TicketViews }) },
  }, async (req) => tickets.savedViews(principal(req).tenant, principal(req).subject));

  r.put('/api/v1/tickets/views', {
    config: Read, schema: { summary: 'Replace your saved views of the ticket list', body: TicketViews, response: replies({ 200: TicketViews }) },
  }, async (req) => {
    const p = principal(req);
    if (!p.user) throw new InvalidRequestError('saved views belong to people signed in, not to tokens');
    const names = req.body.views.map((v) => v.name);
    if (new Set(names).size !== names.length) throw new InvalidRequestError('two saved views have the same name', 'views');
    return tickets.saveViews(p.tenant, p.subject, req.body);
  });

  r.get('/api/v1/tickets/metrics', {
    config: { access: Access.ticketMetrics },
    schema: { summary: 'Ticket metrics over [from, to): opened, finalised, open backlog, mean time to finalise, overdue — in total, by type or by handler; live or from ClickHouse (the same numbers)', querystring: TicketMetricsQuery, response: replies({ 200: TicketMetrics }) },
  }, async (req) => {
    const p = principal(req);
    const { from, to, groupBy, source } = req.query;
    if (to <= from) throw new InvalidRequestError('`to` must be after `from`', 'to');
    let figures;
    if (source === 'live') figures = ticketFigures(tickets.list(p.tenant).map((s) => s.ticket), from, to, groupBy);
    else {
      await tickets.history.flush();
      const res = await app.clickhouse.query({ query: ticketFiguresSql(groupBy), query_params: { tenant: p.tenant, from, to }, format: 'JSONEachRow' });
      figures = (await res.json<Record<string, unknown>>()).map(figuresFromRow);
    }
    return {
      metrics: TICKET_METRICS.map(({ id, label, unit, description, higherIsBetter }) => ({ id, label, unit, description, higherIsBetter })),
      rows: figures.map((f) => ({ key: f.key, label: f.label, values: Object.fromEntries(TICKET_METRICS.map((m) => [m.id, m.value(f)])) })),
    };
  });

  r.get('/api/v1/tickets/reports/:report', {
    config: { access: Access.reports },
    schema: { summary: 'Seed 003 reports: all tickets, objects in detail, products, the evolution sheet of one ticket; JSON (printable) or CSV', params: TicketReportParams, querystring: TicketReportQuery, response: replies({ 200: TicketReport }) },
  }, async (req, reply) => {
    const p = principal(req);
    const { report } = req.params;
    const today = tickets.today(p.tenant);
    const from = req.query.from ?? new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
    const to = req.query.to ?? today;
    if (to < from) throw new InvalidRequestError('`to` is before `from`', 'to');
    if (report === 'evolution') {
      if (!req.query.ticket) throw new InvalidRequestError('the evolution sheet is of one ticket: give ?ticket=<series>-<number>', 'ticket');
      visible(req, req.query.ticket);
    }
    const spec = ticketReport(report, { tenant: p.tenant, timezone: tickets.timezone(p.tenant), from, to, ticket: req.query.ticket });
    await tickets.history.flush();
    const res = await app.clickhouse.query({ query: spec.query, query_params: spec.query_params, format: 'JSONEachRow' });
    const rows = await res.json<Record<string, string | number | null>>();
    if (req.query.format === 'csv') {
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${report}-${from}-${to}.csv"`)
        .send(Buffer.from(toCsv(spec.columns, rows)) as never); // :NOTE: bytes are sent as they are, never through the JSON schema
    }
    return { name: spec.name, title: spec.title, columns: spec.columns, rows: rows.map((x) => Object.fromEntries(spec.columns.map((c) => [c.key, c.type === 'number' ? Number(x[c.key]) : (x[c.key] ?? null)]))) };
  });

  r.get('/api/v1/tickets/:id', {
    config: Read, schema: { summary: 'One ticket with its operation log', params: TicketParams, response: replies({ 200: TicketDetail }) },
  }, async (req) => {
    const s = visible(req, req.params.id);
    return { ticket: item(s), log: await tickets.history.read(principal(req).tenant, req.params.id) };
  });

  r.patch('/api/v1/tickets/:id', {
    config: Work, schema: { summary: 'Change fields of an open ticket (each change is logged); `revision` refuses it if the ticket changed since', params: TicketParams, body: UpdateTicket, response: replies({ 200: TicketItem }) },
  }, async (req) => {
    const p = principal(req);
    const s = workable(req, req.params.id);
    const { revision, ...rest } = req.body;
    if (!worksAll(p) && rest.takenBy !== undefined && rest.takenBy !== s.ticket.takenBy.id) throw new InvalidRequestError('only supervisors hand a ticket to someone else', 'takenBy');
    const patch = await checked(p.tenant, rest as Partial<z.output<typeof CreateTicket>>);
    return item(await tickets.change(p.tenant, req.params.id, (t, at) => editTicket(t, patch, at), personOf(p), revision));
  });

  r.post('/api/v1/tickets/:id/status', {
    config: Work, schema: { summary: 'Move a ticket along the flow: taken → allocated (start, end, team) → allocated and confirmed (the team) → finalised; or cancelled. 409 names the allowed moves', params: TicketParams, body: MoveTicket, response: replies({ 200: TicketItem }) },
  }, async (req) => {
    const p = principal(req);
    const s = workable(req, req.params.id);
    if (req.body.to === 'allocated_confirmed' && !worksAll(p) && !s.ticket.team.some((m) => m.id === p.subject)) {
      throw new HttpError(409, 'CONFLICT', 'the team the work is allocated to confirms it (or a supervisor)');
    }
    const extras: Partial<TicketFields> = {};
    if (req.body.scheduledStart !== undefined) extras.scheduledStart = req.body.scheduledStart;
    if (req.body.scheduledEnd !== undefined) extras.scheduledEnd = req.body.scheduledEnd;
    if (req.body.team !== undefined) extras.team = await Promise.all([...new Set(req.body.team)].map((id) => person(p.tenant, id, 'team')));
    return item(await tickets.change(p.tenant, req.params.id, (t, at) => moveTicket(t, req.body.to, extras, at), personOf(p)));
  });

  r.post('/api/v1/tickets/:id/notes', {
    config: Work, schema: { summary: 'Add a note to the timeline, with files uploaded to this ticket', params: TicketParams, body: TicketNoteBody, response: replies({ 200: TicketItem }) },
  }, async (req) => {
    const p = principal(req);
    workable(req, req.params.id);
    const me = personOf(p);
    return item(await tickets.change(p.tenant, req.params.id, (t, at) => addNote(t, req.body.text, req.body.attachments, at, me), me));
  });

  r.post('/api/v1/tickets/:id/attachments', {
    config: Work,
    schema: { summary: "Upload a file for a note: the body is the file's bytes with its Content-Type (PDF, images, text, office documents, zip); limited in size", params: TicketParams, querystring: AttachmentQuery, response: replies({ 201: TicketItem }) },
  }, async (req, reply) => {
    const p = principal(req);
    workable(req, req.params.id);
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `files of type ${type || '(none)'} are not accepted: send PDF, images, text, CSV, office documents or zip with their Content-Type`);
    }
    const body = req.body as unknown;
    const stream = body instanceof Readable ? body : Readable.from([Buffer.from(typeof body === 'string' ? body : Buffer.isBuffer(body) ? body : '')]);
    const max = tickets.settings(p.tenant).maxAttachmentBytes;
    let saved: { id: string; size: number };
    try {
      saved = await tickets.attachments.save(p.tenant, req.params.id, stream, max);
    } catch (err) {
      if (err instanceof AttachmentTooLargeError) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', err.message);
      throw err;
    }
    const meta = { id: saved.id, name: req.query.name, type, size: saved.size, at: Date.now(), by: p.subject };
    try {
      const out = await tickets.change(p.tenant, req.params.id, (t) => addAttachment(t, meta), personOf(p));
      return reply.code(201).send(item(out));
    } catch (err) {
      await tickets.attachments.remove(p.tenant, req.params.id, saved.id);
      throw err;
    }
  });

  r.get('/api/v1/tickets/:id/attachments/:attachmentId', {
    config: Read, schema: { summary: 'Download an attachment (streamed)', params: AttachmentParams, response: replies({ 200: Bytes }) },
  }, async (req, reply) => {
    const s = visible(req, req.params.id);
    const a = s.ticket.attachments.find((x) => x.id === req.params.attachmentId);
    const file = a ? await tickets.attachments.open(principal(req).tenant, s.ticket.id, a.id) : null;
    if (!a || !file) throw new NotFoundError(`no attachment ${req.params.attachmentId} on ticket ${s.ticket.id}`);
    return reply.header('content-type', a.type).header('content-length', String(a.size))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`).send(file as never); // streamed, not serialised
  });
}

export default fp(ticketRoutes, { name: 'routes/tickets', dependencies: ['tickets', 'callbacks', 'identity', 'tenants', 'clickhouse'], encapsulate: true });
