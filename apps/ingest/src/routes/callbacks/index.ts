/**
 * Missed calls and callbacks: list, one request with its history, book / release (exclusive, by
 * compare-and-set), attempts, notes and tags, hide / restore; supervisors also assign / unassign,
 * cancel a booking, force-close and flush. A refused step answers 409 with a sentence for the agent.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AssignBody, AttemptBody, BookCallback, CallbackDashboard, CallbackDashboardQuery, CallbackDetail, CallbackPreferences, CallbackItem, CallbackList, CallbackListQuery, CallbackParams as Params,
  CallbackSettings, CallbackSummary, CommandReply, type CallbackWsMessage, EligibleAgents, FlushBody, FlushResult, NoteBody, OptionalReasonBody, ReasonBody,
} from '@callboard/api';
import { isBooked, type CallbackStep } from '@callboard/metrics';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../errors/http-errors.ts';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';
import { actorOf, maySee } from '../../callbacks/access.ts';
import { listRequests } from '../../callbacks/list.ts';
import { callbackDashboard } from '../../callbacks/dashboard.ts';
import { isNewMissedCall, type StoredRequest } from '../../callbacks/service.ts';

const Work = { access: Access.callbacks };
const Steer = { access: Access.callbackSupervision };
const item = (s: StoredRequest) => ({ ...s.request, revision: s.revision });

async function callbackRoutes(app: FastifyInstance) {
  const { callbacks, identity, commands } = app;
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The request as the caller may see it, or 404 (another tenant's id, or outside an agent's pool, is not found alike). */
  const visible = (req: FastifyRequest, id: string): StoredRequest => {
    const p = principal(req);
    const s = callbacks.get(p.tenant, id);
    if (!s || !maySee(p, s.request, callbacks.campaigns)) throw new NotFoundError(`no callback request ${id}`);
    return s;
  };
  /** Runs one step on a request the caller may see, and answers the request after it. */
  const act = async (req: FastifyRequest, id: string, make: (now: number) => CallbackStep) => {
    visible(req, id);
    const out = await callbacks.step(principal(req).tenant, id, make);
    if (!out) throw new NotFoundError(`no callback request ${id}`);
    return item(out);
  };

  r.get('/api/v1/callbacks', {
    config: Work, schema: { summary: 'Callback requests: open, hidden or closed, filtered and paged (agents: their pool and their own)', querystring: CallbackListQuery, response: replies({ 200: CallbackList }) },
  }, async (req) => {
    const p = principal(req);
    const { page, total } = listRequests(callbacks.list(p.tenant), req.query, p, callbacks.campaigns);
    return { requests: page.map(item), total, limit: req.query.limit, offset: req.query.offset, now: Date.now() };
  });

  const summary = (tenant: string) => {
    const now = Date.now();
    const row = (queue: string, f: { open: number; booked: number; oldestOpenSince: number | null }) =>
      ({ queue, open: f.open, booked: f.booked, oldestOpenAgeSeconds: f.oldestOpenSince === null ? null : (now - f.oldestOpenSince) / 1000 });
    const figures = callbacks.figures(tenant, now);
    return { total: row('', figures.get('')!), queues: [...figures].filter(([q]) => q !== '').map(([q, f]) => row(q, f)).sort((a, b) => a.queue.localeCompare(b.queue)), now };
  };

  r.get('/api/v1/callbacks/summary', {
    config: Work, schema: { summary: 'Live callback figures per queue: open, booked, oldest open age', response: replies({ 200: CallbackSummary }) },
  }, async (req) => summary(principal(req).tenant));

  app.get('/api/v1/callbacks/ws', {
    websocket: true,
    config: Work,
    schema: { summary: 'WebSocket: {type:"snapshot"} on connect, then {type:"missed"} per new missed call you may see, {type:"changed"} per other change, {type:"heartbeat"} every 15 s' },
  }, (socket, req) => {
    const p = principal(req);
    const send = (m: CallbackWsMessage) => {
      // :NOTE: a client that cannot keep up is dropped rather than buffered without bound.
      if (socket.bufferedAmount > 8 * 1024 * 1024) socket.close(1013, 'too slow');
      else socket.send(JSON.stringify(m));
    };
    // Missed calls only: campaign entries are outbound work, not in the header's "Missed calls" count.
    const visibleOpen = callbacks.list(p.tenant).filter((s) => s.request.status === 'open' && !s.request.hidden && s.request.campaign === null && maySee(p, s.request, callbacks.campaigns)).length;
    send({ type: 'snapshot', snapshot: { tenant: p.tenant, summary: summary(p.tenant), visibleOpen } });
    const off = callbacks.onChange((tenant, before, after) => {
      if (tenant !== p.tenant || !(maySee(p, after.request, callbacks.campaigns) || (before && maySee(p, before, callbacks.campaigns)))) return;
      send({ type: isNewMissedCall(before, after.request) ? 'missed' : 'changed', request: item(after) });
    });
    const beat = setInterval(() => send({ type: 'heartbeat', now: Date.now() }), 15_000);
    socket.on('close', () => { off(); clearInterval(beat); });
    socket.on('message', () => { /* clients only listen */ });
  });

  r.get('/api/v1/callbacks/dashboard', {
    config: { access: Access.reports },
    schema: { summary: 'Seed 000 dashboard and seed 001 statistics over the callback history: totals, per day, daily backlog', querystring: CallbackDashboardQuery, response: replies({ 200: CallbackDashboard }) },
  }, async (req) => {
    const tenant = principal(req).tenant;
    if (req.query.to < req.query.from) throw new InvalidRequestError('`to` is before `from`', 'to');
    const tz = app.tenants.get(tenant)?.settings.timezone ?? 'UTC';
    await callbacks.history.flush();
    return callbackDashboard(app.clickhouse, tenant, tz, req.query);
  });

  r.get('/api/v1/callbacks/preferences', {
    config: Work, schema: { summary: 'Your own callback preferences (e-mail per new missed call)', response: replies({ 200: CallbackPreferences }) },
  }, async (req) => callbacks.preferences.get(principal(req).tenant, principal(req).subject));

  r.put('/api/v1/callbacks/preferences', {
    config: Work, schema: { summary: 'Change your own callback preferences', body: CallbackPreferences, response: replies({ 200: CallbackPreferences }) },
  }, async (req) => {
    const p = principal(req);
    if (!p.user) throw new InvalidRequestError('preferences belong to people signed in, not to tokens');
    return callbacks.preferences.put(p.tenant, p.subject, req.body);
  });

  r.get('/api/v1/callbacks/settings', {
    config: Work, schema: { summary: "The tenant's effective callback settings (defaults filled in); change them in PUT /tenant/settings (settings.callbacks)", response: replies({ 200: CallbackSettings }) },
  }, async (req) => callbacks.settings(principal(req).tenant));

  r.get('/api/v1/callbacks/eligible-agents', {
    config: Steer, schema: { summary: 'Users a request may be assigned to: with a VoIP extension (and in the configured list, when set)', response: replies({ 200: EligibleAgents }) },
  }, async (req) => {
    const tenant = principal(req).tenant;
    const only = callbacks.settings(tenant).eligibleUsers;
    const users = (await identity.users.list(tenant)).filter((u) => !u.disabled && u.extension && (only.length === 0 || only.includes(u.id)));
    return { agents: users.map((u) => ({ id: u.id, login: u.login, name: u.name, extension: u.extension!, queues: u.queues })) };
  });

  r.get('/api/v1/callbacks/:id', {
    config: Work, schema: { summary: 'One callback request with its full history', params: Params, response: replies({ 200: CallbackDetail }) },
  }, async (req) => {
    const s = visible(req, req.params.id);
    return { request: item(s), history: await callbacks.history.read(principal(req).tenant, req.params.id), now: Date.now() };
  });

  r.post('/api/v1/callbacks/:id/book', {
    config: Work, schema: { summary: 'Book a request before calling back: exclusive; 409 if someone else holds it', params: Params, body: BookCallback, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'book', at, by: actorOf(principal(req)) })));

  r.post('/api/v1/callbacks/:id/call', {
    config: Work,
    schema: { summary: "Call the caller back: an originate command to the PBX adapter (your phone rings, then the caller's); book the request first", params: Params, response: replies({ 200: CommandReply }) },
  }, async (req) => {
    const p = principal(req);
    const { request } = visible(req, req.params.id);
    if (request.status !== 'open') throw new ConflictError('this request is closed');
    if (!isBooked(request, Date.now()) || request.bookedBy !== p.subject) throw new ConflictError('book this request before calling back');
    if (request.callerKind === 'handle') throw new ConflictError('this caller came by chat: there is no number to call');
    // The adapter puts callbackId on the call: its call.outbound records the attempt by itself.
    return commands.originate(p, { number: request.caller, callbackId: request.id }, { ip: req.ip });
  });

  r.post('/api/v1/callbacks/:id/release', {
    config: Work, schema: { summary: 'Release your booking: the request returns to the pool', params: Params, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'release', at, by: actorOf(principal(req)) })));

  r.post('/api/v1/callbacks/:id/attempts', {
    config: Work, schema: { summary: 'Record a callback attempt (answered closes the request as handled by callback)', params: Params, body: AttemptBody, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'attempt', at, by: actorOf(principal(req)), outcome: req.body.outcome, note: req.body.note, tags: req.body.tags })));

  r.post('/api/v1/callbacks/:id/notes', {
    config: Work, schema: { summary: 'Add a note and/or tags', params: Params, body: NoteBody, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'note', at, by: actorOf(principal(req)), note: req.body.note, tags: req.body.tags })));

  r.post('/api/v1/callbacks/:id/hide', {
    config: Work, schema: { summary: 'Hide a request from the open list (logged in its history)', params: Params, body: OptionalReasonBody, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'hide', at, by: actorOf(principal(req)), reason: req.body.reason })));

  r.post('/api/v1/callbacks/:id/restore', {
    config: Work, schema: { summary: 'Restore a hidden request to the open list', params: Params, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'restore', at, by: actorOf(principal(req)) })));

  r.post('/api/v1/callbacks/:id/assign', {
    config: Steer, schema: { summary: 'Assign a request to an agent with a VoIP extension (cancels a booking someone else holds)', params: Params, body: AssignBody, response: replies({ 200: CallbackItem }) },
  }, async (req) => {
    const tenant = principal(req).tenant;
    visible(req, req.params.id);
    const user = await identity.users.get(tenant, req.body.userId);
    if (!user || user.disabled) throw new InvalidRequestError(`no user ${req.body.userId} in this tenant`, 'userId');
    if (!user.extension) throw new InvalidRequestError(`${user.name} has no VoIP extension: only users with one can be assigned callbacks`, 'userId');
    const only = callbacks.settings(tenant).eligibleUsers;
    if (only.length && !only.includes(user.id)) throw new InvalidRequestError(`${user.name} is not among the operators eligible for callbacks`, 'userId');
    return act(req, req.params.id, (at) => ({ kind: 'assign', at, by: actorOf(principal(req)), to: { id: user.id, name: user.name } }));
  });

  r.post('/api/v1/callbacks/:id/unassign', {
    config: Steer, schema: { summary: 'Take a request back from the agent it was assigned to', params: Params, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'unassign', at, by: actorOf(principal(req)) })));

  r.post('/api/v1/callbacks/:id/cancel-booking', {
    config: Steer, schema: { summary: "Cancel an agent's booking: the request returns to the pool", params: Params, body: OptionalReasonBody, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'cancel_booking', at, by: actorOf(principal(req)), reason: req.body.reason })));

  r.post('/api/v1/callbacks/:id/close', {
    config: Steer, schema: { summary: 'Force-close a request, with a reason', params: Params, body: ReasonBody, response: replies({ 200: CallbackItem }) },
  }, async (req) => act(req, req.params.id, (at) => ({ kind: 'force_close', at, by: actorOf(principal(req)), reason: req.body.reason })));

  r.post('/api/v1/callbacks/flush', {
    config: Steer, schema: { summary: 'Close every open request matching a filter, with a reason; 409 unless expectedCount matches', body: FlushBody, response: replies({ 200: FlushResult }) },
  }, async (req) => {
    const p = principal(req);
    const { filter, reason, expectedCount } = req.body;
    const matching = callbacks.list(p.tenant).filter(({ request: x }) => x.status === 'open' && (filter.includeHidden || !x.hidden)
      && (filter.queue === undefined || x.queues.includes(filter.queue)) && (filter.lastCallBefore === undefined || x.lastCall < filter.lastCallBefore));
    if (matching.length !== expectedCount) {
      throw new ConflictError(`${matching.length} open requests match this filter now, not ${expectedCount}: check the list again before flushing`);
    }
    const ids: string[] = [];
    for (const { request: x } of matching) {
      try {
        if (await callbacks.step(p.tenant, x.id, (at) => ({ kind: 'flush', at, by: actorOf(p), reason }))) ids.push(x.id);
      } catch (err) {
        // Closed meanwhile (the caller was served, a callback answered): nothing left to flush there.
        if ((err as { refusal?: string }).refusal !== 'closed') throw err;
      }
    }
    return { closed: ids.length, ids };
  });
}

export default fp(callbackRoutes, { name: 'routes/callbacks', dependencies: ['callbacks', 'identity', 'tenants', 'clickhouse', 'bus', 'commands'], encapsulate: true });
