/** Wallboards: list, read, create, replace (CAS on revision), duplicate, archive, delete, export/import, widget history. */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ArchiveWallboard, HistoryResult, ReplaceWallboard, Wallboard, WallboardExport, WallboardInput, WallboardList, WallboardParams as Params, WidgetParams,
} from '@callboard/api';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/http-errors.ts';
import { Access, type Principal } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';
import { widgetHistory } from '../../wallboards/history.ts';

const Write = { access: Access.reports };

/** A display token sees only the wallboards it is bound to. */
const mayRead = (p: Principal, id: string) => p.role !== 'display' || (p.wallboards ?? []).includes(id);

/**
 * :NOTE: the store's own errors (WallboardNotFoundError, WallboardConflictError, TenantNotConfiguredError,
 * QueryError, metric errors) carry codes from @callboard/api's list: the app's error handler answers them.
 */
function assertMayRead(req: FastifyRequest, id: string): void {
  if (!mayRead(principal(req), id)) throw new ForbiddenError('this display may not show that wallboard');
}

async function wallboardRoutes(app: FastifyInstance) {
  const { wallboards: boards, customMetrics: customs } = app;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/wallboards', {
    config: { access: Access.live }, schema: { summary: 'Wallboards of the tenant (a display token: only its own)', response: replies({ 200: WallboardList }) },
  }, async (req) => {
    const p = principal(req);
    return { wallboards: (await boards.list(p.tenant)).filter((b) => mayRead(p, b.id)) };
  });

  r.get('/api/v1/wallboards/:id', {
    config: { access: Access.live }, schema: { summary: 'One wallboard with its widgets and revision', params: Params, response: replies({ 200: Wallboard }) },
  }, async (req) => {
    assertMayRead(req, req.params.id);
    return boards.get(principal(req).tenant, req.params.id);
  });

  r.post('/api/v1/wallboards', {
    config: Write, schema: { summary: 'Create a wallboard', body: WallboardInput, response: replies({ 201: Wallboard }) },
  }, async (req, reply) => {
    const p = principal(req);
    return reply.code(201).send(await boards.create(p.tenant, req.body, p.subject));
  });

  r.put('/api/v1/wallboards/:id', {
    config: Write,
    schema: { summary: 'Replace a wallboard; 409 if it changed since `revision`', params: Params, body: ReplaceWallboard, response: replies({ 200: Wallboard }) },
  }, async (req) => {
    const p = principal(req);
    return boards.replace(p.tenant, req.params.id, req.body.wallboard, req.body.revision, p.subject);
  });

  r.post('/api/v1/wallboards/:id/duplicate', {
    config: Write, schema: { summary: 'Copy a wallboard', params: Params, response: replies({ 201: Wallboard }) },
  }, async (req, reply) => {
    const p = principal(req);
    return reply.code(201).send(await boards.duplicate(p.tenant, req.params.id, p.subject));
  });

  r.post('/api/v1/wallboards/:id/archive', {
    config: Write, schema: { summary: 'Archive or restore a wallboard', params: Params, body: ArchiveWallboard, response: replies({ 200: Wallboard }) },
  }, async (req) => {
    const p = principal(req);
    return boards.setArchived(p.tenant, req.params.id, req.body.archived, p.subject);
  });

  r.delete('/api/v1/wallboards/:id', {
    config: Write, schema: { summary: 'Delete a wallboard', params: Params, response: replies({ 204: z.void() }) },
  }, async (req, reply) => {
    await boards.remove(principal(req).tenant, req.params.id);
    return reply.code(204).send();
  });

  r.get('/api/v1/wallboards/:id/export', {
    config: Write, schema: { summary: 'The wallboard as a JSON file, with the custom metrics it uses', params: Params, response: replies({ 200: WallboardExport }) },
  }, async (req, reply) => {
    const p = principal(req);
    const b = await boards.get(p.tenant, req.params.id);
    const used = new Set(b.widgets.flatMap((w) => w.metrics));
    const { name, description, columns, rows, staleAfterSeconds, widgets } = b;
    reply.header('content-disposition', `attachment; filename="wallboard-${b.id}.json"`);
    return {
      format: 'callboard.wallboard', version: 1, wallboard: { name, description, columns, rows, staleAfterSeconds, widgets },
      customMetrics: (await customs.list(p.tenant)).filter((m) => used.has(m.id)),
    } satisfies WallboardExport;
  });

  r.post('/api/v1/wallboards/import', {
    config: Write, schema: { summary: 'Create a wallboard from an export file (and the custom metrics it brings)', body: WallboardExport, response: replies({ 201: Wallboard }) },
  }, async (req, reply) => {
    const p = principal(req);
    const existing = new Map((await customs.list(p.tenant)).map((m) => [m.id, m]));
    for (const m of req.body.customMetrics) {
      const have = existing.get(m.id);
      if (have && have.formula !== m.formula) throw new ConflictError(`custom metric ${m.id} already exists with a different formula (${have.formula}); rename it in the file`);
    }
    for (const m of req.body.customMetrics) if (!existing.has(m.id)) await customs.put(p.tenant, m);
    return reply.code(201).send(await boards.create(p.tenant, req.body.wallboard, p.subject));
  });

  r.get('/api/v1/wallboards/:id/widgets/:widget/history', {
    config: { access: Access.live },
    schema: { summary: 'History behind one widget of a stored wallboard (its metrics, filters, window, grouping)', params: WidgetParams, response: replies({ 200: HistoryResult }) },
  }, async (req) => {
    assertMayRead(req, req.params.id);
    const p = principal(req);
    const board = await boards.get(p.tenant, req.params.id);
    const widget = board.widgets.find((w) => w.id === req.params.widget);
    if (!widget) throw new NotFoundError(`wallboard ${board.id} has no widget ${req.params.widget}`);
    return widgetHistory(app, customs, p.tenant, widget);
  });
}

export default fp(wallboardRoutes, { name: 'routes/wallboards', dependencies: ['wallboards', 'tenants', 'clickhouse'], encapsulate: true });
