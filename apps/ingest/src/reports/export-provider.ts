/**
 * The reports as export sources (`report:<id>`): background exports and scheduled e-mails stream the same
 * SELECT a report page shows, over the range they are given, with the page's grouping and filters when given.
 */
import { REPORT_IDS } from '@callboard/api';
import { defaultTenantSettings } from '@callboard/metrics';
import type { SourceProvider } from '../exports/catalogue.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import type { Engine } from '../engine/engine.ts';
import { InvalidRequestError } from '../errors/http-errors.ts';
import { reportDefinition, toExportSource } from './run.ts';
import { reportTenant } from './tenant.ts';

const PREFIX = 'report:';

export function reportSources(sources: { tenants: TenantRegistry; engine: Engine }): SourceProvider {
  // Columns do not depend on the tenant or range: one day of a tenant with default settings gives them, once
  // (the catalogue is asked on every export request).
  let listed: ReturnType<SourceProvider['list']> | null = null;
  return {
    list: () => (listed ??= REPORT_IDS.map((id) => {
      const s = toExportSource(id, { from: '2000-01-01' }, { id: 'columns', settings: defaultTenantSettings(), open: [] });
      return { name: `${PREFIX}${id}`, columns: s.columns };
    })),
    build: (name, range, filters) => {
      if (!name.startsWith(PREFIX)) return null;
      const id = name.slice(PREFIX.length);
      if (!(REPORT_IDS as readonly string[]).includes(id)) return null;
      if (filters?.groupBy && !reportDefinition(id).groups.length) {
        throw new InvalidRequestError(`filters: groupBy: the ${reportDefinition(id).title.toLowerCase()} is not by day or hour`, 'filters');
      }
      const make = () => toExportSource(id, { ...filters, from: range.fromDay, to: range.toDay }, reportTenant(sources, range.tenant));
      // built once now (a bad query is refused at once), again when it is read (source.ts `live`)
      return { ...make(), live: (read) => sources.engine.holdingFacts(() => read(make())) };
    },
  };
}
