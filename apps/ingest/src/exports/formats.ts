/** The export formats: how ClickHouse writes each, the file's extension and its media type. */

import type { ExportFormat } from '@callboard/api';

export type { ExportFormat };

export const FORMAT_INFO: Record<ExportFormat, { ext: string; mime: string; clickhouse: string | null }> = {
  csv: { ext: 'csv', mime: 'text/csv; charset=utf-8', clickhouse: 'CSVWithNames' },
  // xlsx is written by exceljs' streaming writer from rows ClickHouse sends as JSONCompactEachRow.
  xlsx: { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', clickhouse: null },
  parquet: { ext: 'parquet', mime: 'application/vnd.apache.parquet', clickhouse: 'Parquet' },
  arrow: { ext: 'arrows', mime: 'application/vnd.apache.arrow.stream', clickhouse: 'ArrowStream' },
};
