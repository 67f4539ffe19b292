/**
 * Reports (GET /api/v1/reports…): the report tables, their query, their result, the drill-down to one call.
 * One report definition on the engine (apps/ingest/src/reports/definitions.ts) gives a table's columns, its
 * JSON rows, its CSV and the export path's SELECT.
 */
import { z } from 'zod';

/** Every report table. A report page shows one or more (callers: heatmap and repeat callers). */
export const REPORT_IDS = ['queues', 'agents', 'callers-heatmap', 'callers-repeat', 'service', 'historic', 'missed', 'calls'] as const;
export const ReportId = z.enum(REPORT_IDS);
export type ReportId = z.infer<typeof ReportId>;

export const ReportParams = z.object({ id: z.string().describe(`a report id: ${REPORT_IDS.join(', ')}`) });

// :NOTE: free strings on purpose: the parser answers each bad value with its own code and a sentence.
export const ReportQuery = z.object({
  from: z.string().optional().describe('YYYY-MM-DD (the tenant\'s day) or an ISO-8601 instant; default today'),
  to: z.string().optional().describe('YYYY-MM-DD (inclusive) or an ISO-8601 instant (exclusive); default = from'),
  groupBy: z.string().optional().describe('day or hour (time reports; default day)'),
  queue: z.string().optional().describe('comma-separated queue names'),
  agent: z.string().optional().describe('comma-separated agent names'),
  channel: z.string().optional().describe('voice, chat'),
  campaign: z.string().optional().describe('comma-separated campaigns'),
  compare: z.string().optional().describe('"previous": also the totals of the period of the same length just before'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const COLUMN_TYPES = ['string', 'number', 'datetime', 'date'] as const;
export const ReportColumn = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(COLUMN_TYPES),
  /** Numbers: how to show them (catalogue units; `ms` for durations summed in milliseconds). */
  unit: z.enum(['count', 'percent', 'seconds', 'ms']).optional(),
  /** The catalogue metric the column is, when it is one (its definition is the column's help). */
  metric: z.string().optional(),
  description: z.string().optional(),
  /** Shown unless the reader hides it. */
  visible: z.boolean(),
});
export type ReportColumn = z.infer<typeof ReportColumn>;

export const ReportValue = z.union([z.string(), z.number(), z.null()]);
export const ReportRow = z.record(z.string(), ReportValue);
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportResult = z.object({
  id: ReportId,
  title: z.string(),
  from: z.string().describe('ISO instant, inclusive'),
  to: z.string().describe('ISO instant, exclusive'),
  timezone: z.string(),
  groupBy: z.string().nullable(),
  columns: z.array(ReportColumn),
  rows: z.array(ReportRow),
  /** The same SELECT over the whole range (ratios recomputed, not averaged); null for lists. */
  totals: ReportRow.nullable(),
  previous: z.object({ from: z.string(), to: z.string(), totals: ReportRow }).nullable(),
  /** How today is counted (finished calls plus the calls live state still holds). */
  note: z.string(),
  /** Rows cut at this many (lists). */
  limit: z.number().nullable(),
});
export type ReportResult = z.infer<typeof ReportResult>;

/** GET /reports/mine: the agent performance report cut to the signed-in user, for their own figures over any range. */
export const MyReportQuery = z.object({
  from: z.string().optional().describe('YYYY-MM-DD (the tenant\'s day); default today'),
  to: z.string().optional().describe('YYYY-MM-DD (inclusive); default = from'),
});
export const MyReport = z.object({
  agent: z.string().nullable().describe('the name the PBX gives the user (their login, else their extension, whichever has figures in the range); null for a token'),
  report: ReportResult.describe('the agent performance report over the range, of that agent only: its one row, or none without calls or states'),
});
export type MyReport = z.infer<typeof MyReport>;

export const ReportInfo = z.object({ id: ReportId, title: z.string(), description: z.string(), groups: z.array(z.string()), columns: z.array(ReportColumn) });
export const ReportList = z.object({ reports: z.array(ReportInfo) });
export type ReportList = z.infer<typeof ReportList>;

export const CallTimelineEvent = z.object({
  ts: z.string(),
  type: z.string(),
  queue: z.string(),
  agent: z.string(),
  detail: z.string().describe('the fields of the event beyond its envelope, as text'),
});
export const CallTimeline = z.object({ callId: z.string(), timezone: z.string(), events: z.array(CallTimelineEvent) });
export type CallTimeline = z.infer<typeof CallTimeline>;

/** A call id as events carry it (ids are 1–200 characters; Asterisk's contain dots). */
export const CallTimelineParams = z.object({ id: z.string().min(1).max(200).describe('the call id') });
