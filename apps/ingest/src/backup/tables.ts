/** Which ClickHouse tables a backup holds: every table of the database but views, the migration ledger and materialized-view targets (rebuilt on restore). */
import type { ClickHouseClient } from '@clickhouse/client';

export interface TablePlan {
  /** Tables exported and restored row by row. */
  data: string[];
  /** Targets of materialized views: emptied on restore, then refilled by the views as the data tables are restored. */
  derived: string[];
}

export async function planTables(ch: ClickHouseClient): Promise<TablePlan> {
  const rs = await ch.query({
    query: 'SELECT name, engine, create_table_query FROM system.tables WHERE database = currentDatabase() AND NOT is_temporary ORDER BY name',
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ name: string; engine: string; create_table_query: string }>();
  const derived = rows.filter((r) => r.engine === 'MaterializedView')
    .map((r) => /\sTO\s+(?:[`"]?[\w]+[`"]?\.)?[`"]?(\w+)[`"]?/i.exec(r.create_table_query)?.[1])
    .filter((n): n is string => Boolean(n));
  const data = rows.filter((r) => !/View$/.test(r.engine) && r.name !== 'schema_migrations' && !r.name.startsWith('.inner') && !derived.includes(r.name))
    .map((r) => r.name);
  return { data, derived };
}
