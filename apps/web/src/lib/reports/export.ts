// A report table's Export: CSV of the table on screen straight from the engine, or a background export job in any format.
import type { ExportFormat, ReportId } from '@callboard/api';
import { queryString, type ReportParams } from './client';

/** The formats offered, CSV first (it alone downloads at once; the others run as export jobs over the report's days). */
export const EXPORT_FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'csv', label: 'CSV' }, { value: 'xlsx', label: 'Excel (.xlsx)' }, { value: 'parquet', label: 'Parquet' }, { value: 'arrow', label: 'Arrow' },
];

/** Starts the download of report `reportId` with `params` as CSV, streamed by GET /api/v1/reports/:id.csv (the table on screen). */
export function exportTable(reportId: ReportId, params: ReportParams, format: 'csv' = 'csv'): void {
  const a = document.createElement('a');
  a.href = `/api/v1/reports/${reportId}.${format}?${queryString(params)}`;
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}
