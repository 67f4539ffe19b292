/**
 * Seed 003's period reports as export sources (`tickets:<report>`): background exports (CSV, Excel, Parquet,
 * Arrow) and scheduled e-mails stream the same SELECT the printable ticket report shows, in the tenant's zone.
 */
import { noFilters, type SourceProvider } from '../exports/catalogue.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import { ticketReport } from './reports.ts';

const PREFIX = 'tickets:';
/** The evolution sheet is one ticket's, not a period's: it stays on the ticket page. */
const PERIOD_REPORTS = ['tickets', 'objects', 'products'] as const;
type PeriodReport = (typeof PERIOD_REPORTS)[number];

export function ticketReportSources(tenants: TenantRegistry): SourceProvider {
  // The columns do not depend on the tenant or range: built once (the catalogue is asked on every export request).
  let listed: ReturnType<SourceProvider['list']> | null = null;
  return {
    list: () => (listed ??= PERIOD_REPORTS.map((r) => ({ name: `${PREFIX}${r}`, columns: ticketReport(r, { tenant: '', timezone: 'UTC', from: '2000-01-01', to: '2000-01-01' }).columns }))),
    build: (name, range, filters) => {
      const r = name.startsWith(PREFIX) ? name.slice(PREFIX.length) : '';
      if (!(PERIOD_REPORTS as readonly string[]).includes(r)) return null;
      noFilters(name, filters);
      const timezone = tenants.get(range.tenant)?.settings.timezone ?? 'UTC';
      const spec = ticketReport(r as PeriodReport, { tenant: range.tenant, timezone, from: range.fromDay, to: range.toDay });
      return { name: `tickets-${r}-${range.fromDay}-${range.toDay}`, columns: spec.columns, query: spec.query, query_params: spec.query_params };
    },
  };
}
