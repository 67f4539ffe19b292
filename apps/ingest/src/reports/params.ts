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
}

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

/** The period just before: as many local days before when the range is whole days, else as many milliseconds. */
function previousOf(from: number, to: number, timezone: string): { from: number; to: number } {
  const a = DateTime.fromMillis(from, { zone: timezone });
  const b = DateTime.fromMillis(to, { zone: timezone });
  if (a.startOf('day').toMillis() === from && b.startOf('day').toMillis() === to) {
    const days = Math.round(b.diff(a, 'days').days);
    return { from: a.minus({ days }).toMillis(), to: from };
  }
  return { from: from - (to - from), to: from };
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
    campaigns: list(qs.campaign), previous: qs.compare === 'previous' ? previousOf(q.from, q.to, timezone) : null,
  };
}
