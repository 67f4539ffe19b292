/** Runs a report table: its rows, totals and the previous period's totals as JSON; its rows as CSV; its SELECT for the export path. */
import type { ClickHouseClient } from '@clickhouse/client';
import { sqlSettings, type TenantSettings } from '@callboard/metrics';
import type { ReportQuery, ReportResult, ReportRow } from '@callboard/api';
import { REPORTS, type ReportContext, type ReportDefinition } from './definitions.ts';
import type { OpenLeg } from './facts-source.ts';
import { QueryError } from '../query/query-parser.ts';
import { parseReportQuery, type ReportParams } from './params.ts';

/** What a report reads of its tenant: its settings and the legs its live state holds (facts-source.ts). */
export interface ReportTenant {
  id: string;
  settings: TenantSettings;
  open: OpenLeg[];
}

export class UnknownReportError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(readonly report: string) {
    super(`no report ${JSON.stringify(report)}`);
    this.name = 'UnknownReportError';
  }
}

export const NOTE_TODAY = 'Today is counted as on the wallboard: every call that has left the queue counts, a call is answered the moment it is answered, and its talk, wrap-up and handling time count once it is finished. Callers still waiting are not counted yet. Earlier days are the stored calls.';

export function reportDefinition(id: string): ReportDefinition {
  const def = (REPORTS as Record<string, ReportDefinition | undefined>)[id];
  if (!def || !Object.hasOwn(REPORTS, id)) throw new UnknownReportError(id);
  return def;
}

/** The query's parameters for this table: a time grouping it does not offer is a 400. */
function paramsFor(def: ReportDefinition, qs: ReportQuery, t: ReportTenant, now: number): ReportParams {
  const p = parseReportQuery(qs, t.id, t.settings.timezone, now);
  if (qs.groupBy !== undefined && def.groups.length && !def.groups.includes(p.groupBy)) {
    throw new QueryError('INVALID_GROUP', `groupBy: the ${def.title.toLowerCase()} is by ${def.groups.join(' or ')}, not ${p.groupBy}`);
  }
  return p;
}

/** How a report reads: `rawFacts` reads call_facts even where a pre-aggregated table gives the same answer (for tests and benchmarks). */
export interface ReportOptions {
  rawFacts?: boolean;
}

function context(p: ReportParams, t: ReportTenant, o: ReportOptions = {}): ReportContext {
  return { p, settings: t.settings, sql: sqlSettings(t.settings), open: t.open, rawFacts: o.rawFacts };
}

/** ClickHouse numbers come as numbers or (64-bit) strings: columns of type number are made numbers. */
function normalise(def: ReportDefinition, p: ReportParams, r: Record<string, unknown>): ReportRow {
  const out: ReportRow = {};
  for (const c of def.columns(p)) {
    const v = r[c.key];
    out[c.key] = v === null || v === undefined ? null : c.type === 'number' && v !== 'Total' ? Number(v) : String(v);
  }
  return out;
}

async function select(ch: ClickHouseClient, sql: string, params: Record<string, unknown>) {
  return (await ch.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json<Record<string, unknown>>();
}

export async function runReport(ch: ClickHouseClient, id: string, qs: ReportQuery, t: ReportTenant, now = Date.now(), o: ReportOptions = {}): Promise<ReportResult> {
  const def = reportDefinition(id);
  const p = paramsFor(def, qs, t, now);
  const c = context(p, t, o);
  const rows = def.rows(c);
  const total = def.totals?.(c);
  const before = p.previous && def.totals ? def.totals(context({ ...p, ...p.previous }, t, o)) : undefined;
  const [data, totals, previous] = await Promise.all([
    select(ch, rows.sql, rows.params),
    total ? select(ch, total.sql, total.params) : null,
    before ? select(ch, before.sql, before.params) : null,
  ]);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: def.id, title: def.title, from: iso(p.from), to: iso(p.to), timezone: p.timezone,
    groupBy: def.groups.length ? p.groupBy : null,
    columns: def.columns(p),
    rows: data.map((r) => normalise(def, p, r)),
    totals: totals?.[0] ? normalise(def, p, totals[0]) : null,
    previous: previous?.[0] && p.previous ? { from: iso(p.previous.from), to: iso(p.previous.to), totals: normalise(def, p, previous[0]) } : null,
    note: NOTE_TODAY,
    limit: def.limit ?? null,
  };
}

/** What the export path streams: the table's one SELECT, whose result columns are the table's columns in order. */
export interface ExportSource {
  name: string;
  columns: { key: string; label: string; type: 'string' | 'number' | 'datetime' | 'date' }[];
  query: string;
  query_params: Record<string, unknown>;
}

/** A report table as an export source (throws QueryError for a bad query, UnknownReportError for an unknown report). */
export function toExportSource(report: string, params: ReportQuery, tenant: ReportTenant, now = Date.now(), o: ReportOptions = {}): ExportSource {
  const def = reportDefinition(report);
  const p = paramsFor(def, params, tenant, now);
  const st = def.rows(context(p, tenant, o));
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    name: `${def.id}-${day(p.from)}-${day(p.to - 1)}`,
    columns: def.columns(p).map(({ key, label, type }) => ({ key, label, type })),
    query: st.sql, query_params: st.params,
  };
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * The table as CSV: a header of the columns' labels, then ClickHouse's own CSV of the SELECT (empty for no value).
 * :NOTE: a report table is bounded (≤ 400 days of hours, lists cut at their limit): the body is read whole; the
 * export path streams large ones.
 */
export async function reportCsv(ch: ClickHouseClient, report: string, params: ReportQuery, tenant: ReportTenant, now = Date.now()): Promise<{ name: string; body: string }> {
  const src = toExportSource(report, params, tenant, now);
  const rs = await ch.query({ query: src.query, query_params: src.query_params, format: 'CSV', clickhouse_settings: { format_csv_null_representation: '' } });
  return { name: `${src.name}.csv`, body: `${src.columns.map((c) => csvCell(c.label)).join(',')}\n${await rs.text()}` };
}
