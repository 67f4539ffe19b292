/**
 * Outbound callback campaigns (seed 004): list with progress, create, pause / resume, assign agents; the entries:
 * list, add missed calls, import a CSV (every rejected line reported), move and remove in bulk. Supervisors and
 * admins manage; analysts read; agents read the campaigns they are assigned to. Entries are booked, attempted and
 * closed through /api/v1/callbacks/:id/… like a queue's missed calls. A campaign can be renamed, and archived when it is
 * done: its open entries are removed, it leaves the list and can no longer be changed (409), its history stays.
 */
import { Readable } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AddEntriesBody, BulkResult, CampaignAgentsBody, CampaignEntries, CampaignEntriesQuery, CampaignList, CampaignParams as Params, CampaignView,
  CampaignListQuery, CreateCampaign, EntryIdsBody, ImportQuery, ImportReport, MoveEntriesBody, RenameCampaign,
} from '@callboard/api';
import type { Campaign } from '@callboard/metrics';
import { HttpError, InvalidRequestError, NotFoundError } from '../../errors/http-errors.ts';
import { Access, type Principal } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';
import { actorOf, isCampaignAgent, isSupervisor, maySee } from '../../callbacks/access.ts';
import { addRequests, campaignView, campaignViews, entriesOf, importFile, moveEntries, removeEntries } from '../../callbacks/campaign-entries.ts';
import { readImportFile } from '../../callbacks/campaign-import.ts';

const Read = { access: Access.campaigns };
const Manage = { access: Access.callbackSupervision };
/** Content types a CSV file arrives with (browsers on Windows call .csv application/vnd.ms-excel). */
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];
/** Supervisors, admins and analysts read every campaign and entry; agents only what they are assigned to. */
const readsAll = (p: Principal) => isSupervisor(p) || (p.roles ?? [p.role]).includes('analyst');

async function campaignRoutes(app: FastifyInstance) {
  const { callbacks, identity } = app;
  const { campaigns } = callbacks;
  const r = app.withTypeProvider<ZodTypeProvider>();
  // :NOTE: the upload is handed over as the request stream; readImportFile caps its size while csv-parse reads it.
  app.addContentTypeParser(CSV_TYPES, (_req, payload, done) => done(null, payload));

  /** The campaign as the caller may see it, or 404 (another tenant's, or one an agent is not assigned to, alike). */
  const visible = (req: FastifyRequest, id: string): Campaign => {
    const p = principal(req);
    const c = campaigns.get(p.tenant, id);
    if (!c || !(readsAll(p) || isCampaignAgent(p, c))) throw new NotFoundError(`no campaign ${id}`);
    return c;
  };
  /** The campaign, visible and not archived: what every change needs (an archived one answers 409). */
  const changeable = (req: FastifyRequest, id: string): Campaign => {
    const c = visible(req, id);
    if (c.archivedAt !== null) throw new HttpError(409, 'CONFLICT', `campaign "${c.name}" is archived: it can no longer be changed`);
    return c;
  };
  const audit = (req: FastifyRequest, action: string, c: Campaign, detail: Record<string, unknown> = {}) =>
    identity.audit.record(c.tenant, principal(req), { ip: req.ip }, { action: `campaign.${action}`, target: c.id, detail: { name: c.name, ...detail } });
  const changed = async (req: FastifyRequest, id: string, change: (c: Campaign) => Campaign, action: string, detail?: Record<string, unknown>) => {
    changeable(req, id);
    const c = await campaigns.update(principal(req).tenant, id, change);
    if (!c) throw new NotFoundError(`no campaign ${id}`);
    await audit(req, action, c, detail);
    return campaignView(callbacks, c);
  };

  r.get('/api/v1/campaigns', {
    config: Read,
    schema: { summary: 'Outbound callback campaigns with their progress (agents: those they are assigned to; archived ones only when asked for)', querystring: CampaignListQuery, response: replies({ 200: CampaignList }) },
  }, async (req) => {
    const p = principal(req);
    const archived = req.query.archived === 'include';
    const shown = campaigns.list(p.tenant).filter((c) => (archived || c.archivedAt === null) && (readsAll(p) || isCampaignAgent(p, c)));
    return { campaigns: campaignViews(callbacks, p.tenant, shown) };
  });

  r.post('/api/v1/campaigns', {
    config: Manage, schema: { summary: 'Create a campaign (running, no agents, no entries)', body: CreateCampaign, response: replies({ 201: CampaignView }) },
  }, async (req, reply) => {
    const p = principal(req);
    const c = await campaigns.create(p.tenant, req.body.name, p.subject);
    await audit(req, 'create', c);
    return reply.code(201).send(campaignView(callbacks, c));
  });

  r.get('/api/v1/campaigns/:id', {
    config: Read, schema: { summary: 'One campaign with its progress', params: Params, response: replies({ 200: CampaignView }) },
  }, async (req) => campaignView(callbacks, visible(req, req.params.id)));

  r.patch('/api/v1/campaigns/:id', {
    config: Manage, schema: { summary: 'Rename a campaign (its entries, agents and history stay with it)', params: Params, body: RenameCampaign, response: replies({ 200: CampaignView }) },
  }, async (req) => {
    const before = changeable(req, req.params.id).name;
    return changed(req, req.params.id, (c) => ({ ...c, name: req.body.name }), 'rename', { from: before });
  });

  r.delete('/api/v1/campaigns/:id', {
    config: Manage,
    schema: {
      summary: 'Archive a campaign: booking is refused at once, its open entries are removed (their history stays), it leaves the list and can no longer be changed',
      params: Params, response: replies({ 200: CampaignView }),
    },
  }, async (req) => {
    const p = principal(req);
    changeable(req, req.params.id);
    // Archived (and paused) first: from here no booking, import or move reaches it; then its open entries go.
    const c = await campaigns.update(p.tenant, req.params.id, (x) => ({ ...x, paused: true, archivedAt: Date.now() }));
    if (!c) throw new NotFoundError(`no campaign ${req.params.id}`);
    const open = entriesOf(callbacks, p.tenant, c.id).filter((s) => s.request.status === 'open').map((s) => s.request.id);
    const removed = await removeEntries(callbacks, c, open, actorOf(p));
    await audit(req, 'archive', c, { removed: removed.done.length, notRemoved: removed.failed.map((f) => `${f.id}: ${f.message}`) });
    return campaignView(callbacks, c);
  });

  r.post('/api/v1/campaigns/:id/pause', {
    config: Manage, schema: { summary: 'Pause a campaign: its entries cannot be booked (409) until it is resumed', params: Params, response: replies({ 200: CampaignView }) },
  }, async (req) => changed(req, req.params.id, (c) => ({ ...c, paused: true }), 'pause'));

  r.post('/api/v1/campaigns/:id/resume', {
    config: Manage, schema: { summary: 'Resume a paused campaign', params: Params, response: replies({ 200: CampaignView }) },
  }, async (req) => changed(req, req.params.id, (c) => ({ ...c, paused: false }), 'resume'));

  r.put('/api/v1/campaigns/:id/agents', {
    config: Manage,
    schema: { summary: 'The agents who work a campaign (users with a VoIP extension): only they, and supervisors, see and book its entries', params: Params, body: CampaignAgentsBody, response: replies({ 200: CampaignView }) },
  }, async (req) => {
    const tenant = principal(req).tenant;
    changeable(req, req.params.id);
    const agents: Campaign['agents'] = [];
    for (const id of new Set(req.body.userIds)) {
      const u = await identity.users.get(tenant, id);
      if (!u || u.disabled) throw new InvalidRequestError(`no user ${id} in this tenant`, 'userIds');
      if (!u.extension) throw new InvalidRequestError(`${u.name} has no VoIP extension: only users with one can work a campaign`, 'userIds');
      agents.push({ id: u.id, name: u.name });
    }
    return changed(req, req.params.id, (c) => ({ ...c, agents }), 'agents', { agents: agents.map((a) => a.id) });
  });

  r.get('/api/v1/campaigns/:id/entries', {
    config: Read, schema: { summary: "A campaign's entries (callback requests), newest first; removed ones left out", params: Params, querystring: CampaignEntriesQuery, response: replies({ 200: CampaignEntries }) },
  }, async (req) => {
    const p = principal(req);
    const c = visible(req, req.params.id);
    const { view, limit, offset } = req.query;
    const all = entriesOf(callbacks, p.tenant, c.id)
      .filter(({ request: x }) => x.closeReason !== 'removed' && (view === 'all' || x.status === view))
      // An agent reads what they may work (the callback rules: open entries, and their own).
      .filter(({ request: x }) => readsAll(p) || maySee(p, x, campaigns))
      .sort((a, b) => b.request.firstCall - a.request.firstCall || a.request.id.localeCompare(b.request.id));
    return { entries: all.slice(offset, offset + limit).map((s) => ({ ...s.request, revision: s.revision })), total: all.length, now: Date.now() };
  });

  r.post('/api/v1/campaigns/:id/entries', {
    config: Manage, schema: { summary: "Add missed calls' callback requests to the campaign (one entry per caller number)", params: Params, body: AddEntriesBody, response: replies({ 200: BulkResult }) },
  }, async (req) => {
    const p = principal(req);
    const c = changeable(req, req.params.id);
    const ids = req.body.requestIds;
    return addRequests(callbacks, c, ids.map((id) => callbacks.get(p.tenant, id)), ids, actorOf(p));
  });

  r.post('/api/v1/campaigns/:id/import', {
    config: Manage,
    schema: {
      summary: 'Import callers from a CSV file (body: the file, text/csv; ≤ 2 MB, ≤ 20,000 lines): only digits and ( ) + - . accepted in the phone column; the report lists every rejected line with its reason',
      params: Params, querystring: ImportQuery, response: replies({ 200: ImportReport }),
    },
  }, async (req) => {
    const p = principal(req);
    const c = changeable(req, req.params.id);
    if (!(req.body instanceof Readable)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `send the CSV file itself as the body, with Content-Type text/csv (not ${req.headers['content-type'] ?? 'nothing'})`);
    const file = await readImportFile(req.body, { header: req.query.header, column: req.query.column });
    const report = await importFile(callbacks, c, file, actorOf(p));
    await audit(req, 'import', c, { lines: report.lines, added: report.added, rejected: report.rejected.length });
    return report;
  });

  r.post('/api/v1/campaigns/:id/entries/move', {
    config: Manage, schema: { summary: 'Move open entries to another campaign (each leaves this one as removed, with a note where it went)', params: Params, body: MoveEntriesBody, response: replies({ 200: BulkResult }) },
  }, async (req) => {
    const from = changeable(req, req.params.id);
    if (req.body.to === from.id) throw new InvalidRequestError('the entries are already in this campaign: choose another one', 'to');
    const to = campaigns.get(principal(req).tenant, req.body.to);
    if (!to) throw new InvalidRequestError(`no campaign ${req.body.to}`, 'to');
    if (to.archivedAt !== null) throw new InvalidRequestError(`campaign "${to.name}" is archived: choose another one`, 'to');
    return moveEntries(callbacks, from, to, req.body.entryIds, actorOf(principal(req)));
  });

  r.post('/api/v1/campaigns/:id/entries/remove', {
    config: Manage, schema: { summary: 'Remove open entries from the campaign (closed as removed; their history stays)', params: Params, body: EntryIdsBody, response: replies({ 200: BulkResult }) },
  }, async (req) => removeEntries(callbacks, changeable(req, req.params.id), req.body.entryIds, actorOf(principal(req))));
}

export default fp(campaignRoutes, { name: 'routes/campaigns', dependencies: ['callbacks', 'identity', 'tenants'], encapsulate: true });
