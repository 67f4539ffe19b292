/** Wallboards: list, read, create, replace (CAS on revision), duplicate, archive, delete, export/import, widget history. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InvalidMetricError, UnknownMetricError } from '@callboard/metrics';
import { WallboardExport, WallboardId, WallboardInput, WidgetId, type Wallboard } from '@callboard/widgets';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { QueryError } from '../../query/query-parser.ts';
import { CustomMetricStore } from '../../wallboards/custom-metric-store.ts';
import { DEFAULT_WALLBOARD } from '../../wallboards/default-board.ts';
import { WallboardConflictError, WallboardNotFoundError } from '../../wallboards/errors.ts';
import { TenantNotConfiguredError, widgetHistory } from '../../wallboards/history.ts';
import { WallboardStore } from '../../wallboards/wallboard-store.ts';

const Write = { access: Access.reports };
const Params = z.object({ id: WallboardId });
const Replace = z.object({ revision: z.number().int().min(0), wallboard: WallboardInput });

/** A display token sees only the wallboards it is bound to. */
const mayRead = (req: FastifyRequest, id: string) => {
  const p = principal(req);
  return p.role !== 'display' || (p.wallboards ?? []).includes(id);
};

function fail(reply: FastifyReply, err: unknown) {
  if (err instanceof WallboardNotFoundError || err instanceof TenantNotConfiguredError) return reply.code(404).send({ error: 'not_found', message: err.message });
  if (err instanceof WallboardConflictError) return reply.code(409).send({ error: 'conflict', message: err.message });
  if (err instanceof QueryError) return reply.code(400).send({ error: err.code, message: err.message });
  if (err instanceof InvalidMetricError || err instanceof UnknownMetricError) return reply.code(400).send({ error: err.code, message: err.message });
  throw err;
}

export default async function wallboardRoutes(app: FastifyInstance) {
  const boards = await WallboardStore.open(app.services.bus);
  const customs = await CustomMetricStore.open(app.services.bus);
  const { config } = app.services;
  await boards.once(config.CALLBOARD_BOOTSTRAP_TENANT, 'default', () => boards.create(config.CALLBOARD_BOOTSTRAP_TENANT, DEFAULT_WALLBOARD, 'system', 'overview'));
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/wallboards', {
    config: { access: Access.live }, schema: { summary: 'Wallboards of the tenant (a display token: only its own)' },
  }, async (req) => ({ wallboards: (await boards.list(principal(req).tenant)).filter((b) => mayRead(req, b.id)) }));

  r.get('/api/v1/wallboards/:id', {
    config: { access: Access.live }, schema: { summary: 'One wallboard with its widgets and revision', params: Params },
  }, async (req, reply) => {
    if (!mayRead(req, req.params.id)) return reply.code(403).send({ error: 'forbidden', message: 'this display may not show that wallboard' });
    return boards.get(principal(req).tenant, req.params.id).catch((e) => fail(reply, e));
  });

  r.post('/api/v1/wallboards', {
    config: Write, schema: { summary: 'Create a wallboard', body: WallboardInput },
  }, async (req, reply) => {
    const p = principal(req);
    return boards.create(p.tenant, req.body, p.subject).then((b) => reply.code(201).send(b), (e) => fail(reply, e));
  });

  r.put('/api/v1/wallboards/:id', {
    config: Write,
    schema: { summary: 'Replace a wallboard; 409 if it changed since `revision`', params: Params, body: Replace },
  }, async (req, reply) => {
    const p = principal(req);
    return boards.replace(p.tenant, req.params.id, req.body.wallboard, req.body.revision, p.subject).catch((e) => fail(reply, e));
  });

  r.post('/api/v1/wallboards/:id/duplicate', {
    config: Write, schema: { summary: 'Copy a wallboard', params: Params },
  }, async (req, reply) => {
    const p = principal(req);
    return boards.duplicate(p.tenant, req.params.id, p.subject).then((b) => reply.code(201).send(b), (e) => fail(reply, e));
  });

  r.post('/api/v1/wallboards/:id/archive', {
    config: Write, schema: { summary: 'Archive or restore a wallboard', params: Params, body: z.object({ archived: z.boolean() }) },
  }, async (req, reply) => {
    const p = principal(req);
    return boards.setArchived(p.tenant, req.params.id, req.body.archived, p.subject).catch((e) => fail(reply, e));
  });

  r.delete('/api/v1/wallboards/:id', {
    config: Write, schema: { summary: 'Delete a wallboard', params: Params },
  }, async (req, reply) => {
    return boards.remove(principal(req).tenant, req.params.id).then(() => reply.code(204).send(), (e) => fail(reply, e));
  });

  r.get('/api/v1/wallboards/:id/export', {
    config: Write, schema: { summary: 'The wallboard as a JSON file, with the custom metrics it uses', params: Params },
  }, async (req, reply) => {
    const p = principal(req);
    const b: Wallboard | void = await boards.get(p.tenant, req.params.id).catch((e) => fail(reply, e));
    if (!b) return;
    const used = new Set(b.widgets.flatMap((w) => w.metrics));
    const { name, description, columns, rows, staleAfterSeconds, widgets } = b;
    reply.header('content-disposition', `attachment; filename="wallboard-${b.id}.json"`);
    return {
      format: 'callboard.wallboard', version: 1, wallboard: { name, description, columns, rows, staleAfterSeconds, widgets },
      customMetrics: (await customs.list(p.tenant)).filter((m) => used.has(m.id)),
    } satisfies WallboardExport;
  });

  r.post('/api/v1/wallboards/import', {
    config: Write, schema: { summary: 'Create a wallboard from an export file (and the custom metrics it brings)', body: WallboardExport },
  }, async (req, reply) => {
    const p = principal(req);
    const existing = new Map((await customs.list(p.tenant)).map((m) => [m.id, m]));
    for (const m of req.body.customMetrics) {
      const have = existing.get(m.id);
      if (have && have.formula !== m.formula) {
        return reply.code(409).send({ error: 'conflict', message: `custom metric ${m.id} already exists with a different formula (${have.formula}); rename it in the file` });
      }
    }
    try {
      for (const m of req.body.customMetrics) if (!existing.has(m.id)) await customs.put(p.tenant, m);
      return reply.code(201).send(await boards.create(p.tenant, req.body.wallboard, p.subject));
    } catch (e) {
      return fail(reply, e);
    }
  });

  r.get('/api/v1/wallboards/:id/widgets/:widget/history', {
    config: { access: Access.live },
    schema: { summary: 'History behind one widget of a stored wallboard (its metrics, filters, window, grouping)', params: Params.extend({ widget: WidgetId }) },
  }, async (req, reply) => {
    if (!mayRead(req, req.params.id)) return reply.code(403).send({ error: 'forbidden', message: 'this display may not show that wallboard' });
    const p = principal(req);
    try {
      const board = await boards.get(p.tenant, req.params.id);
      const widget = board.widgets.find((w) => w.id === req.params.widget);
      if (!widget) return reply.code(404).send({ error: 'not_found', message: `wallboard ${board.id} has no widget ${req.params.widget}` });
      return await widgetHistory(app.services, customs, p.tenant, widget);
    } catch (e) {
      return fail(reply, e);
    }
  });
}
