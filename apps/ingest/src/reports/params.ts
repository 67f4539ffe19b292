/** Parses a report's query string (GET /api/v1/reports/:id) into ReportParams; errors name the bad field (QueryError, 400). */
import { DateTime } from 'luxon';
import { dayWindow } from '@callboard/metrics';
import type { ReportQuery } from '@callboard/api';
import { parseQuery, QueryError } from '../query/query-parser.ts';

export interface ReportParams {
  tenant: string;
  timezone: string;
  /** Half-open range [from, to), epoch ms. */
  from: number;
  to: number;
  groupBy: 'day' | 'hour';
  queues: string[];
  agents: string[];
  channels: string[];
  campaigns: string[];
  /** The period of the same length just before [from, to), when asked for. */
  previous: { from: number; to: number } | null;
  /** When the report is read: periods after it have no row (nothing has happened in them yet). */
  now: number;
}

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

/**
 * The period just before: as many local days before when the range is whole days, else as many milliseconds. A range
 * that reaches past `now` (today so far) is compared with the period before up to the same moment — today until 11:40
 * with yesterday until 11:40, not with all of yesterday. Over more than two days that moment is taken to the start of
 * its hour, so that the hourly wait histogram still answers (reading the facts of a long range costs seconds).
 */
function previousOf(from: number, to: number, timezone: string, now: number): { from: number; to: number } {
  const a = DateTime.fromMillis(from, { zone: timezone });
  const b = DateTime.fromMillis(to, { zone: timezone });
  const whole = a.startOf('day').toMillis() === from && b.startOf('day').toMillis() === to;
  const days = whole ? Math.round(b.diff(a, 'days').days) : 0;
  const before = (t: number) => (whole ? DateTime.fromMillis(t, { zone: timezone }).minus({ days }).toMillis() : t - (to - from));
  const prev = { from: before(from), to: from };
  if (now <= from || now >= to) return prev;
  const cut = before(now);
  return { from: prev.from, to: to - from > 2 * 86_400_000 ? Math.max(prev.from, Math.floor(cut / 3_600_000) * 3_600_000) : cut };
}

export function parseReportQuery(qs: ReportQuery, tenant: string, timezone: string, now = Date.now()): ReportParams {
  const today = dayWindow(now, timezone).day;
  const from = qs.from ?? today;
  const q = parseQuery({ from, to: qs.to ?? from, queue: qs.queue, agent: qs.agent, channel: qs.channel, metrics: 'offered' }, tenant, timezone);
  const groupBy = qs.groupBy ?? 'day';
  if (groupBy !== 'day' && groupBy !== 'hour') throw new QueryError('INVALID_GROUP', `groupBy: ${JSON.stringify(groupBy)} is not day or hour`);
  if (groupBy === 'hour' && q.to - q.from > 400 * 86_400_000) throw new QueryError('INVALID_RANGE', 'by hour, the range may span at most 400 days');
  if (qs.compare !== undefined && qs.compare !== 'previous') throw new QueryError('VALIDATION_FAILED', `compare: ${JSON.stringify(qs.compare)} is not "previous"`);
  return {
    tenant, timezone, from: q.from, to: q.to, groupBy, queues: q.queues, agents: q.agents, channels: q.channels,
    campaigns: list(qs.campaign), previous: qs.compare === 'previous' ? previousOf(q.from, q.to, timezone, now) : null, now,
  };
}
