// A report table's "Export": downloads the table as the engine produces it (the same SELECT as the table on screen).
import type { ReportId } from '@callboard/api';
import { queryString, type ReportParams } from './client';

export type ExportFormat = 'csv';

/** Starts the download of report `reportId` with `params` as `format` (today CSV, streamed by GET /api/v1/reports/:id.csv). */
export function exportTable(reportId: ReportId, params: ReportParams, format: ExportFormat = 'csv'): void {
  const a = document.createElement('a');
  a.href = `/api/v1/reports/${reportId}.${format}?${queryString(params)}`;
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}
