/** Scheduled reports (`/api/v1/schedules`): a source e-mailed as CSV or Excel over a range, on a cron schedule in the call centre's timezone. */
import { z } from 'zod';
import { ExportFilters } from './exports.ts';

export const SCHEDULE_RANGES = ['yesterday', 'last_week', 'last_month'] as const;
export const ScheduleRange = z.enum(SCHEDULE_RANGES);
export type ScheduleRange = z.infer<typeof ScheduleRange>;

export const ScheduleInput = z.object({
  name: z.string().trim().min(1).max(120),
  source: z.string().min(1).max(100).describe('a source of GET /exports/sources'),
  range: ScheduleRange.describe('yesterday, last week (Monday to Sunday) or last month, in the call centre\'s timezone, before each run'),
  format: z.enum(['csv', 'xlsx']),
  filters: ExportFilters.optional().describe('a report\'s grouping and filters, as on its page (report sources only): the sales queue\'s report by hour, say'),
  recipients: z.array(z.email('each recipient is an e-mail address')).min(1, 'name at least one recipient').max(20),
  cron: z.string().min(1).max(100).describe('cron expression (minute hour day month weekday; an optional leading seconds field), in the call centre\'s timezone: "0 7 * * 1" is Mondays at 07:00'),
  enabled: z.boolean().default(true),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

export const ScheduleRun = z.object({
  slot: z.string().describe('the scheduled time of the run (or when it was started by hand)'),
  status: z.enum(['sending', 'retrying', 'sent', 'failed']),
  attempts: z.number().int(),
  error: z.string().nullable().describe('why the last attempt failed'),
  rows: z.number().int().nullable(),
  at: z.string().describe('when the status was last set'),
});
export type ScheduleRun = z.infer<typeof ScheduleRun>;

export const ScheduleView = ScheduleInput.extend({
  id: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  nextRun: z.string().nullable(),
  lastRun: ScheduleRun.nullable(),
  runs: z.array(ScheduleRun).describe('the last runs (up to 10), newest first: the first is lastRun'),
});
export type ScheduleView = z.infer<typeof ScheduleView>;

export const ScheduleList = z.object({ schedules: z.array(ScheduleView) });
export type ScheduleList = z.infer<typeof ScheduleList>;
