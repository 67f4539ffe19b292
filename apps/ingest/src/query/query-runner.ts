/** Runs a Query's statements and merges their rows by group key into one result. */
import type { ClickHouseClient } from '@clickhouse/client';
import { figuresFromRow, liveValue, noCallbackFigures, noTicketFigures, type TenantSettings } from '@callboard/metrics';
import { buildCallbackStatement, buildStatements, buildTicketStatement } from './query-builder.ts';
import type { CallTable } from './table-decider.ts';
import type { Group, Query } from './query-parser.ts';

export interface ResultRow {
  key: Partial<Record<Group, string>>;
  /** What people read for a handler's row (its key is a user id). */
  label?: string;
  metrics: Record<string, number | null>;
}

export interface QueryResult {
  from: string;
  to: string;
  timezone: string;
  groupBy: Group[];
  metrics: string[];
  rows: ResultRow[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** `prefer: 'call_facts'` bypasses the rollup (tests compare both paths); `now` bounds the moment callback states are taken at. */
export async function runQuery(ch: ClickHouseClient, q: Query, settings: TenantSettings, prefer?: CallTable, now = Date.now()): Promise<QueryResult> {
  const merged = new Map<string, ResultRow>();
  const cb = buildCallbackStatement(q, now);
  const tk = buildTicketStatement(q, now);
  // A group missing from one table has that table's metrics over no rows: counts 0, ratios null; no open callback request: 0, null.
  const empty = {
    ...Object.fromEntries(q.metrics.map((m) => [m.id, liveValue(m, () => 0)])),
    ...(cb ? Object.fromEntries(q.callbackMetrics.map((m) => [m.id, m.live(noCallbackFigures(), now)])) : {}),
    ...(tk ? Object.fromEntries(q.ticketMetrics.map((m) => [m.id, m.value(noTicketFigures())])) : {}),
  };
  for (const st of buildStatements(q, settings, prefer)) {
    const rs = await ch.query({ query: st.sql, query_params: st.params, format: 'JSONEachRow' });
    for (const r of await rs.json<Record<string, unknown>>()) {
      const key: ResultRow['key'] = {};
      for (const g of q.groupBy) key[g] = String(r[`g_${g}`]);
      const k = JSON.stringify(key);
      let row = merged.get(k);
      if (!row) merged.set(k, (row = { key, metrics: { ...empty } }));
      for (const m of st.metrics) row.metrics[m.id] = num(r[`m_${m.id}`]);
    }
  }
  if (cb) {
    const rs = await ch.query({ query: cb.sql, query_params: cb.params, format: 'JSONEachRow' });
    for (const r of await rs.json<Record<string, unknown>>()) {
      const key: ResultRow['key'] = q.groupBy.includes('queue') ? { queue: String(r.queue) } : {};
      const k = JSON.stringify(key);
      let row = merged.get(k);
      if (!row) merged.set(k, (row = { key, metrics: { ...empty } }));
      for (const m of q.callbackMetrics) row.metrics[m.id] = num(r[m.column]);
    }
  }
  if (tk) {
    const rs = await ch.query({ query: tk.sql, query_params: tk.params, format: 'JSONEachRow' });
    const all = (await rs.json<Record<string, unknown>>()).map(figuresFromRow);
    if (tk.by === 'none') {
      // In total: one row, the ticket values joined to it.
      const figures = all[0] ?? noTicketFigures();
      let row = merged.get('{}');
      if (!row) merged.set('{}', (row = { key: {}, metrics: { ...empty } }));
      for (const m of q.ticketMetrics) row.metrics[m.id] = m.value(figures);
    } else {
      // By ticket type or handler (ticket metrics alone): a row per group with any ticket; a handler's row names them.
      for (const f of all) {
        const row: ResultRow = tk.by === 'type' ? { key: { ticketType: f.key }, metrics: {} } : { key: { handler: f.key }, label: f.label, metrics: {} };
        for (const m of q.ticketMetrics) row.metrics[m.id] = m.value(f);
        merged.set(JSON.stringify(row.key), row);
      }
    }
  }
  const rows = [...merged.values()];
  return {
    from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString(), timezone: q.timezone,
    groupBy: q.groupBy, metrics: [...q.metrics.map((m) => m.id), ...q.callbackMetrics.map((m) => m.id), ...q.ticketMetrics.map((m) => m.id)], rows,
  };
}
