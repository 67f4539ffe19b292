/** Runs a history query for a tenant with its custom metrics resolvable by id (the same path for /metrics and widgets). */
import { dayWindow } from '@callboard/metrics';
import { historyParams, LIVE_METRIC_IDS, type Widget } from '@callboard/widgets';
import type { ClickHouseClient } from '@clickhouse/client';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import { parseQuery, type QueryString } from '../query/query-parser.ts';
import { runQuery, type QueryResult } from '../query/query-runner.ts';
import type { CustomMetricStore } from './custom-metric-store.ts';

/** What a history query reads: the tenant's settings and ClickHouse (the app instance has both). */
export interface HistorySources {
  tenants: TenantRegistry;
  clickhouse: ClickHouseClient;
  /** The ticket service: its snapshots still queued are written before ticket metrics are read (absent: none queued). */
  tickets?: { history: { flush(): Promise<void> } };
}

export class TenantNotConfiguredError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(tenant: string) {
    super(`tenant ${tenant} is not configured`);
    this.name = 'TenantNotConfiguredError';
  }
}

/**
 * The one history query path: GET /api/v1/metrics and every widget's history run through it.
 * Throws QueryError (400) for a bad query, TenantNotConfiguredError (404).
 */
export async function runHistory(sources: HistorySources, customs: CustomMetricStore, tenant: string, qs: QueryString): Promise<QueryResult> {
  const t = sources.tenants.get(tenant);
  if (!t) throw new TenantNotConfiguredError(tenant);
  const compiled = await customs.compiled(tenant);
  const q = parseQuery(qs, tenant, t.settings.timezone, (id) => compiled.get(id));
  if (q.ticketMetrics.length) await sources.tickets?.history.flush();
  return runQuery(sources.clickhouse, q, t.settings);
}

/** The history behind one stored widget: a TV reads only what its wallboard shows. */
export async function widgetHistory(sources: HistorySources, customs: CustomMetricStore, tenant: string, widget: Widget): Promise<QueryResult> {
  const t = sources.tenants.get(tenant);
  if (!t) throw new TenantNotConfiguredError(tenant);
  const now = Date.now();
  const metrics = widget.metrics.filter((m) => !LIVE_METRIC_IDS.has(m));
  if (metrics.length === 0) return { from: '', to: '', timezone: t.settings.timezone, groupBy: [], metrics: [], rows: [] };
  return runHistory(sources, customs, tenant, { ...historyParams(widget, dayWindow(now, t.settings.timezone).day, now, metrics) });
}
