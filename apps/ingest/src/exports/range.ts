/**
 * A requested date range (local days of the tenant, inclusive) resolved and checked against the tenant's
 * retention: a range that reaches past the oldest day still kept is refused with 400 INVALID_RANGE naming that
 * day, rather than exported silently short (the rows are gone, a file would look complete and not be).
 */
import { windowOfDay, dayWindow } from '@callboard/metrics';
import { HttpError } from '../errors/http-errors.ts';
import type { ExportRange } from './source.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The longest range one export covers, days. */
export const MAX_EXPORT_DAYS = 800;

export class ExportRangeError extends HttpError {
  constructor(code: 'INVALID_DATE' | 'INVALID_RANGE', message: string, field: string) {
    super(400, code, message, { field });
    this.name = 'ExportRangeError';
  }
}

/** The oldest local day a tenant still keeps (retention counts whole days back from today). */
export function oldestKeptDay(timezone: string, retentionDays: number, now: number): string {
  const today = dayWindow(now, timezone);
  return dayWindow(today.start - (retentionDays - 1) * 86_400_000 + 43_200_000, timezone).day;
}

export function resolveRange(
  tenant: string, fromDay: string, toDay: string,
  settings: { timezone: string; retentionDays: number }, now: number,
): ExportRange {
  const window = (field: 'from' | 'to', day: string) => {
    if (!DATE.test(day)) throw new ExportRangeError('INVALID_DATE', `${field}: ${JSON.stringify(day)} is not a date (YYYY-MM-DD)`, field);
    try {
      return windowOfDay(day, settings.timezone);
    } catch {
      throw new ExportRangeError('INVALID_DATE', `${field}: ${JSON.stringify(day)} is not a valid date`, field);
    }
  };
  const from = window('from', fromDay);
  const to = window('to', toDay);
  if (to.start < from.start) throw new ExportRangeError('INVALID_RANGE', `to (${toDay}) is before from (${fromDay})`, 'to');
  if (to.end - from.start > MAX_EXPORT_DAYS * 86_400_000 + 7_200_000) throw new ExportRangeError('INVALID_RANGE', `a range may span at most ${MAX_EXPORT_DAYS} days`, 'to');
  const oldest = oldestKeptDay(settings.timezone, settings.retentionDays, now);
  if (fromDay < oldest) {
    throw new ExportRangeError('INVALID_RANGE',
      `from (${fromDay}) reaches past this call centre's retention: history is kept ${settings.retentionDays} days, so the oldest day kept is ${oldest}`, 'from');
  }
  return { tenant, fromDay: from.day, toDay: to.day, from: from.start, to: to.end };
}
