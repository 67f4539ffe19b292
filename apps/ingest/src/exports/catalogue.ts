/**
 * The sources a tenant may export by name: the raw-history sources, and whatever providers are added (the
 * reports, at merge). A provider answers the names it knows and builds a source for a tenant and range.
 */
import { RAW_SOURCES, isRawSource, rawSource, type ExportColumn, type ExportRange, type ExportSource } from './source.ts';

export interface SourceProvider {
  /** Names and columns of the sources it builds. */
  list(): { name: string; columns: ExportColumn[] }[];
  /** The source `name` over a range; null when it does not know the name. */
  build(name: string, range: ExportRange): ExportSource | null;
}

const rawProvider: SourceProvider = {
  list: () => RAW_SOURCES.map((name) => ({ name, columns: rawSource(name, { tenant: '', fromDay: '2000-01-01', toDay: '2000-01-01', from: 0, to: 0 }).columns })),
  build: (name, range) => (isRawSource(name) ? rawSource(name, range) : null),
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

  build(name: string, range: ExportRange): ExportSource | null {
    for (const p of this.providers) {
      const s = p.build(name, range);
      if (s) return s;
    }
    return null;
  }
}
