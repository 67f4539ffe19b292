/** Reports: the report tables (GET /api/v1/reports, /reports/:id, /reports/:id.csv) and one call's timeline (the drill-down's last step). */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CallTimeline, CallTimelineParams, MyReport, MyReportQuery, ReportList, ReportParams, ReportQuery, ReportResult } from '@callboard/api';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';
import { REPORTS } from '../../reports/definitions.ts';
import { reportTenant } from '../../reports/tenant.ts';
import { parseReportQuery } from '../../reports/params.ts';
import { reportCsv, runReport, type ReportTenant } from '../../reports/run.ts';
import { callTimeline } from '../../reports/timeline.ts';

const Reports = { access: Access.reports };

async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The caller's tenant as a report reads it: settings, and the legs its live state holds (so today agrees with the wallboard). */
  const tenantOf = async (req: FastifyRequest, id: string): Promise<ReportTenant> => {
    // :NOTE: missed-call figures read the callback history, written behind the engine: flushed first, as its dashboard does.
    if (id === 'missed') await app.callbacks.history.flush();
    return reportTenant(app, principal(req).tenant);
  };

  r.get('/api/v1/reports', {
    config: Reports,
    schema: { summary: 'The report tables: id, title, description, time groupings and default columns', response: replies({ 200: ReportList }) },
  }, async (req) => {
    const t = app.tenants.get(principal(req).tenant);
    const p = parseReportQuery({}, principal(req).tenant, t?.settings.timezone ?? 'UTC');
    return { reports: Object.values(REPORTS).map((d) => ({ id: d.id, title: d.title, description: d.description, groups: [...d.groups], columns: d.columns(p) })) };
  });

  r.get('/api/v1/reports/mine', {
    config: { access: Access.users },
    schema: {
      summary: 'The signed-in user\'s own figures over a range (agent home): the agent performance report cut to them — calls answered and handled, talk, wrap-up, AHT, transfers, occupancy and pauses by reason',
      description: 'The user is the agent their login names in the PBX\'s events, else their extension. No other agent\'s figures are ever answered, and no filter can be given. A bad date is a 400 (INVALID_DATE, INVALID_RANGE).',
      querystring: MyReportQuery, response: replies({ 200: MyReport }),
    },
  }, async (req) => {
    const user = principal(req).user;
    const range = { from: req.query.from, to: req.query.to };
    const tenant = await tenantOf(req, 'agents');
    const read = (agent: string) => app.engine.holdingFacts(() => runReport(app.clickhouse, 'agents', { ...range, agent }, tenant));
    // a token has no figures of its own: the table's shape, without a row
    if (!user) return { agent: null, report: { ...(await read('\u0000')), rows: [], totals: null, previous: null } };
    const byLogin = await read(user.login);
    if (byLogin.rows.length || !user.extension) return { agent: user.login, report: byLogin };
    const byExtension = await read(user.extension);
    return byExtension.rows.length ? { agent: user.extension, report: byExtension } : { agent: user.login, report: byLogin };
  });

  r.get('/api/v1/reports/:id.csv', {
    config: Reports,
    schema: {
      summary: 'A report table as CSV (header: the column labels; rows: the same SELECT as the JSON table)',
      params: ReportParams, querystring: ReportQuery, response: replies({ 200: z.string() }),
    },
  }, async (req, reply) => {
    const { name, body } = await app.engine.holdingFacts(async () => reportCsv(app.clickhouse, req.params.id, req.query, await tenantOf(req, req.params.id)));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);
  });

  r.get('/api/v1/reports/:id', {
    config: Reports,
    schema: {
      summary: 'A report table over a date range in the tenant\'s timezone: columns, rows (a row for every day or hour, even without calls), totals and the previous period\'s totals',
      description: 'Today counts the calls live state holds as the wallboard does (answered when answered; talk, wrap-up and AHT once finished). A bad field is answered 400 with its own code (INVALID_DATE, INVALID_RANGE, INVALID_GROUP, INVALID_FILTER); an unknown report 404.',
      params: ReportParams, querystring: ReportQuery, response: replies({ 200: ReportResult }),
    },
  }, async (req) => app.engine.holdingFacts(async () => runReport(app.clickhouse, req.params.id, req.query, await tenantOf(req, req.params.id))));

  r.get('/api/v1/reports/timeline/:id', {
    config: Reports,
    schema: { summary: 'One call\'s events in order (the end of a report\'s drill-down); 404 when the tenant has no such call', params: CallTimelineParams, response: replies({ 200: CallTimeline }) },
  }, async (req) => {
    const tenant = principal(req).tenant;
    return callTimeline(app.clickhouse, tenant, app.tenants.get(tenant)?.settings.timezone ?? 'UTC', req.params.id);
  });
}

export default fp(reportRoutes, { name: 'routes/reports', dependencies: ['engine', 'tenants', 'clickhouse', 'callbacks'], encapsulate: true });
