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

export function decideCallTable(q: Query, metrics: CompiledMetric[], prefer?: CallTable): CallTable {
  if (prefer === 'call_facts') return 'call_facts';
  const usable = metrics.every((m) => metricRollupSql(m) !== null)
    && q.from % HOUR === 0 && q.to % HOUR === 0
    && wholeHourOffset(q.from, q.timezone) && wholeHourOffset(q.to, q.timezone);
  return usable ? 'call_rollup_hourly' : 'call_facts';
}
