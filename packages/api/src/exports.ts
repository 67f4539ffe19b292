/** Exports of raw history and reports (`/api/v1/exports`): background jobs with progress, files kept 7 days. */
import { z } from 'zod';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'parquet', 'arrow'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

export const ExportColumn = z.object({ key: z.string(), label: z.string(), type: z.enum(['string', 'number', 'datetime', 'date']) });

export const ExportSourceList = z.object({
  sources: z.array(z.object({ name: z.string(), columns: z.array(ExportColumn) })),
  retentionDays: z.number().int().describe('days of history this call centre keeps; a range reaching further back is refused (400 INVALID_RANGE)'),
  oldestDay: z.string().describe('the oldest local day still kept'),
});
export type ExportSourceList = z.infer<typeof ExportSourceList>;

/** A report's own parameters, as on its page: they narrow a `report:<id>` export (raw-history sources take none). */
export const ExportFilters = z.object({
  groupBy: z.enum(['day', 'hour']).optional().describe('day or hour (time reports)'),
  queue: z.string().max(2000).optional().describe('comma-separated queue names'),
  agent: z.string().max(2000).optional().describe('comma-separated agent names'),
  channel: z.string().max(200).optional().describe('voice, chat'),
  campaign: z.string().max(2000).optional().describe('comma-separated campaigns'),
}).strict();
export type ExportFilters = z.infer<typeof ExportFilters>;

export const CreateExport = z.object({
  source: z.string().min(1).max(100).describe('a source of GET /exports/sources: calls, events, agent_states, callbacks (and the reports)'),
  from: Day.describe('first local day, in the call centre\'s timezone'),
  to: Day.describe('last local day (inclusive)'),
  format: ExportFormat,
  filters: ExportFilters.optional().describe('a report\'s grouping and filters, as on its page (report sources only)'),
});
export type CreateExport = z.infer<typeof CreateExport>;

export const ExportJobView = z.object({
  id: z.string(),
  source: z.string(),
  format: ExportFormat,
  from: z.string(),
  to: z.string(),
  filters: ExportFilters.nullable().describe('the report\'s grouping and filters the export applies (null: none)'),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  rows: z.number().int().describe('rows written so far'),
  total: z.number().int().nullable().describe('rows the export will have, once known'),
  progress: z.number().min(0).max(1),
  bytes: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().describe('when the job and its file are removed (7 days after it was started)'),
  fileName: z.string(),
});
export type ExportJobView = z.infer<typeof ExportJobView>;

export const ExportJobList = z.object({ jobs: z.array(ExportJobView) });
export type ExportJobList = z.infer<typeof ExportJobList>;
