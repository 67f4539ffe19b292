/** The export formats: how ClickHouse writes each, the file's extension and its media type. */

import type { ExportFilters, ExportFormat } from '@callboard/api';

export type { ExportFormat };

export const FORMAT_INFO: Record<ExportFormat, { ext: string; mime: string; clickhouse: string | null }> = {
  csv: { ext: 'csv', mime: 'text/csv; charset=utf-8', clickhouse: 'CSVWithNames' },
  // xlsx is written by exceljs' streaming writer from rows ClickHouse sends as JSONCompactEachRow.
  xlsx: { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', clickhouse: null },
  parquet: { ext: 'parquet', mime: 'application/vnd.apache.parquet', clickhouse: 'Parquet' },
  arrow: { ext: 'arrows', mime: 'application/vnd.apache.arrow.stream', clickhouse: 'ArrowStream' },
};

/** A report's grouping and filters in words ("queue sales, by hour"); empty when there are none. */
export function filterWords(f: ExportFilters | null | undefined): string {
  if (!f) return '';
  const parts = [
    f.queue ? `queue ${f.queue}` : '', f.agent ? `agent ${f.agent}` : '', f.channel ? `channel ${f.channel}` : '',
    f.campaign ? `campaign ${f.campaign}` : '', f.groupBy ? `by ${f.groupBy}` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * The file an export or a scheduled report is saved as: its source, its filters if any, its days and its format's
 * extension ("report:queues-queue-sales-by-hour-2026-11-01-to-2026-11-30.csv"; "calls-2026-11-30.csv").
 */
export function exportFileName(source: string, from: string, to: string, format: ExportFormat, filters?: ExportFilters | null): string {
  // :NOTE: ASCII only: the name goes into a Content-Disposition header and an e-mail attachment (accents dropped)
  const words = filterWords(filters).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._+]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `${source}${words ? `-${words}` : ''}-${from}${to === from ? '' : `-to-${to}`}.${FORMAT_INFO[format].ext}`;
}
