/**
 * /api/v1/exports: start an export of raw history (or a report) over local days in a format, list my jobs with
 * their progress, download a finished file. A job is its starter's alone: anyone else (another user, another
 * tenant) gets 404.
 */
import fp from 'fastify-plugin';
import { createReadStream, statSync } from 'node:fs';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreateExport, ExportJobList, ExportJobView, ExportSourceList, IdParams } from '@callboard/api';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';
import { ConflictError, NotFoundError, InvalidRequestError } from '../../errors/http-errors.ts';
import { exportFileName, FORMAT_INFO } from '../../exports/formats.ts';
import { oldestKeptDay, resolveRange } from '../../exports/range.ts';
import type { ExportJob } from '../../exports/jobs.ts';
import { hasFilters } from '../../exports/catalogue.ts';

/** Exports one user may have waiting or running at once (they run one at a time, for everyone). */
const MAX_PENDING = 5;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function fileName(j: Pick<ExportJob, 'source' | 'from' | 'to' | 'format' | 'filters'>): string {
  return exportFileName(j.source, j.from, j.to, j.format, j.filters);
}

function view(j: ExportJob): ExportJobView {
  const progress = j.status === 'done' ? 1 : j.total ? Math.min(1, j.rows / j.total) : 0;
  return {
    id: j.id, source: j.source, format: j.format, from: j.from, to: j.to, filters: j.filters ?? null, status: j.status, rows: j.rows, total: j.total, progress, bytes: j.bytes,
    error: j.error, createdAt: iso(j.createdAt)!, finishedAt: iso(j.finishedAt), expiresAt: iso(j.expiresAt)!, fileName: fileName(j),
  };
}

async function exportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const settingsOf = (tenant: string) => app.tenants.get(tenant)!.settings;

  r.get('/api/v1/exports/sources', {
    config: { access: Access.reports },
    schema: { summary: 'What can be exported, and how far back this call centre keeps history', response: replies({ 200: ExportSourceList }) },
  }, async (req) => {
    const s = settingsOf(principal(req).tenant);
    return { sources: app.exports.catalogue.list(), retentionDays: s.retentionDays, oldestDay: oldestKeptDay(s.timezone, s.retentionDays, app.exports.now()) };
  });

  r.get('/api/v1/exports', {
    config: { access: Access.reports },
    schema: { summary: 'My export jobs, newest first, with their progress', response: replies({ 200: ExportJobList }) },
  }, async (req) => {
    const p = principal(req);
    return { jobs: app.exports.list(p.tenant, p.subject).map(view) };
  });

  r.post('/api/v1/exports', {
    config: { access: Access.reports },
    schema: {
      summary: 'Start an export in the background',
      description: 'Local days in the call centre\'s timezone, both inclusive. A range reaching past the retention is refused: 400 INVALID_RANGE names the oldest day kept. A report source takes its page\'s grouping and filters (`filters`); a raw-history source refuses them (400).',
      body: CreateExport, response: replies({ 202: ExportJobView }),
    },
  }, async (req, reply) => {
    const p = principal(req);
    const { source: name, from, to, format } = req.body;
    const filters = hasFilters(req.body.filters) ? Object.fromEntries(Object.entries(req.body.filters).filter(([, v]) => v !== undefined && v !== '')) : null;
    if (!app.exports.catalogue.has(name)) {
      throw new InvalidRequestError(`source: unknown source ${JSON.stringify(name)}; expected one of ${app.exports.catalogue.list().map((s) => s.name).join(', ')}`, 'source');
    }
    const pending = app.exports.list(p.tenant, p.subject).filter((j) => j.status === 'queued' || j.status === 'running').length;
    if (pending >= MAX_PENDING) throw new ConflictError(`you have ${pending} exports waiting or running: start another when one has finished`);
    const range = resolveRange(p.tenant, from, to, settingsOf(p.tenant), app.exports.now());
    const source = app.exports.catalogue.build(name, range, filters ?? undefined)!;
    return reply.code(202).send(view(app.exports.start(p.tenant, p.subject, source, format, range, filters)));
  });

  r.get('/api/v1/exports/:id', {
    config: { access: Access.reports },
    schema: { summary: 'One of my export jobs', params: IdParams, response: replies({ 200: ExportJobView }) },
  }, async (req) => {
    const p = principal(req);
    const job = app.exports.get(p.tenant, p.subject, req.params.id);
    if (!job) throw new NotFoundError(`no export ${req.params.id}`);
    return view(job);
  });

  r.get('/api/v1/exports/:id/file', {
    config: { access: Access.reports },
    schema: { summary: 'Download the file of one of my finished exports', params: IdParams, response: replies({ 200: z.unknown().describe('the file, in its format') }) },
  }, async (req, reply) => {
    const p = principal(req);
    const job = app.exports.get(p.tenant, p.subject, req.params.id);
    if (!job) throw new NotFoundError(`no export ${req.params.id}`);
    if (job.status !== 'done') throw new ConflictError(job.status === 'failed' ? `export ${job.id} failed: ${job.error}` : `export ${job.id} is not finished yet (${job.status})`);
    reply.header('content-type', FORMAT_INFO[job.format].mime).header('content-disposition', `attachment; filename="${fileName(job)}"`).header('content-length', statSync(app.exports.filePath(job)).size);
    return reply.send(createReadStream(app.exports.filePath(job)));
  });
}

export default fp(exportRoutes, { name: 'routes/exports', dependencies: ['exports', 'tenants'], encapsulate: true });
