/**
 * The sources a tenant may export by name: the raw-history sources, and whatever providers are added (the
 * reports, at merge). A provider answers the names it knows and builds a source for a tenant and range.
 */
import type { ExportFilters } from '@callboard/api';
import { InvalidRequestError } from '../errors/http-errors.ts';
import { RAW_SOURCES, isRawSource, rawSource, type ExportColumn, type ExportRange, type ExportSource } from './source.ts';

export interface SourceProvider {
  /** Names and columns of the sources it builds. */
  list(): { name: string; columns: ExportColumn[] }[];
  /**
   * The source `name` over a range, narrowed by a report's grouping and filters; null when it does not know the
   * name. A provider whose sources take no filters refuses them (InvalidRequestError), never drops them.
   */
  build(name: string, range: ExportRange, filters?: ExportFilters): ExportSource | null;
}

/** Whether any filter is set. */
export const hasFilters = (f: ExportFilters | undefined | null): f is ExportFilters =>
  !!f && Object.values(f).some((v) => v !== undefined && v !== '');

/** The refusal of a source that takes no filters. */
export function noFilters(name: string, filters: ExportFilters | undefined): void {
  if (hasFilters(filters)) {
    throw new InvalidRequestError(`filters: ${name} is exported whole over its range; grouping and filters (${Object.keys(filters).join(', ')}) apply to the report sources (report:…)`, 'filters');
  }
}

const rawProvider: SourceProvider = {
  list: () => RAW_SOURCES.map((name) => ({ name, columns: rawSource(name, { tenant: '', fromDay: '2000-01-01', toDay: '2000-01-01', from: 0, to: 0 }).columns })),
  build: (name, range, filters) => {
    if (!isRawSource(name)) return null;
    noFilters(name, filters);
    return rawSource(name, range);
  },
};

export class SourceCatalogue {
  private readonly providers: SourceProvider[] = [rawProvider];

  add(provider: SourceProvider): void {
    this.providers.push(provider);
  }

  list(): { name: string; columns: ExportColumn[] }[] {
    return this.providers.flatMap((p) => p.list());
  }

  has(name: string): boolean {
    return this.list().some((s) => s.name === name);
  }

  build(name: string, range: ExportRange, filters?: ExportFilters): ExportSource | null {
    for (const p of this.providers) {
      const s = p.build(name, range, filters);
      if (s) return s;
    }
    return null;
  }
}
