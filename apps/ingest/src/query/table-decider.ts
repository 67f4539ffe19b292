/**
 * Chooses the table a call metrics query reads: the hourly rollup when it gives the same answer
 * (every metric is threshold-free, the range is whole hours, the timezone's offset is whole hours),
 * else call_facts. Same result, much less to scan over long ranges.
 */
import { DateTime } from 'luxon';
import { metricRollupSql, type CompiledMetric } from '@callboard/metrics';
import type { Query } from './query-parser.ts';

const HOUR = 3600_000;

export type CallTable = 'call_facts' | 'call_rollup_hourly';

const wholeHourOffset = (ms: number, tz: string) => DateTime.fromMillis(ms, { zone: tz }).offset % 60 === 0;

/** Whether [from, to) is whole hours and the zone's offset is whole hours at both ends (hourly tables are exact). */
export function wholeHours(from: number, to: number, tz: string): boolean {
  return from % HOUR === 0 && to % HOUR === 0 && wholeHourOffset(from, tz) && wholeHourOffset(to, tz);
}

export function decideCallTable(q: Query, metrics: CompiledMetric[], prefer?: CallTable): CallTable {
  if (prefer === 'call_facts') return 'call_facts';
  const usable = metrics.every((m) => metricRollupSql(m) !== null)
    && wholeHours(q.from, q.to, q.timezone);
  return usable ? 'call_rollup_hourly' : 'call_facts';
}
