/**
 * The callback dashboard (seed 000: totals, daily detail, daily backlog; seed 001: statistics), in
 * ClickHouse over callback_history. The unit is a request episode: (request_id, cycle), from its
 * first missed call to its close; its day is the day of its first missed call in the tenant timezone.
 * :NOTE: toDate(ts, tz) with the tenant's zone: chdb's session timezone is UTC.
 * Seed 000's filter "type (queue / campaign), name": a queue's missed calls open an episode with `missed`, a
 * campaign's entries with `added` (their request id c-<campaign>-… names the campaign); entries removed from their
 * campaign (or moved away) are left out.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { CallbackDashboard, CallbackDashboardQuery } from '@callboard/api';

/** One row per episode of the tenant (history rows of all time: an episode opened in range may close after it). */
const EPISODES = `
  SELECT request_id, cycle,
         if(startsWith(request_id, 'c-'), substring(request_id, 3, 10), '') AS campaign,
         minIf(ts, action IN ('missed', 'added')) AS opened,
         argMinIf(queue, seq, action IN ('missed', 'added')) AS first_queue,
         countIf(action = 'closed') > 0 AS is_closed,
         maxIf(ts, action = 'closed') AS closed_at,
         argMaxIf(reason, seq, action = 'closed') AS close_reason,
         argMaxIf(actor, seq, action = 'closed') AS closed_by,
         argMaxIf(call_id, seq, action = 'closed') AS closed_call,
         countIf(action = 'attempt') AS attempts,
         countIf(action = 'attempt' AND outcome != 'sms_sent') AS call_attempts,
         argMaxIf(outcome, seq, action = 'attempt') AS last_outcome,
         argMax(hidden_after, seq) AS hidden
  FROM callback_history FINAL
  WHERE tenant = {tenant:String}
  GROUP BY request_id, cycle
  HAVING countIf(action IN ('missed', 'added')) > 0 AND close_reason != 'removed'`;

/** The query's type and name: a queue's missed calls (of one queue, or all), or a campaign's entries (of one campaign, or all). */
const filter = (e = '') => `({queue:String} = '' OR ${e}first_queue = {queue:String})
    AND if({type:String} = 'campaign', ${e}campaign != '' AND ({campaign:String} = '' OR ${e}campaign = {campaign:String}), ${e}campaign = '')`;
const QUEUE = filter();

const COUNTS = `
  count() AS total,
  countIf(close_reason = 'served_inbound') AS servedInbound,
  countIf(close_reason = 'handled_by_callback') AS handledByCallback,
  countIf(close_reason NOT IN ('served_inbound', 'handled_by_callback') AND call_attempts > 0) AS callbacksWithoutAnswer,
  countIf(close_reason NOT IN ('served_inbound', 'handled_by_callback') AND call_attempts = 0) AS notHandled,
  countIf(close_reason IN ('forced', 'flushed')) AS forcedClose,
  countIf(close_reason = 'expired') AS expired,
  countIf(NOT is_closed) AS open`;

/** One row per day of first missed call (YYYY-MM-DD string `day`): the totals table's counts and the statistics; the reports' missed-calls table joins it. */
export const DAYS = `
  SELECT toString(toDate(opened, {tz:String})) AS day, ${COUNTS},
         countIf(last_outcome = 'answered') AS calledBackOk,
         countIf(last_outcome = 'sms_sent') AS smsSent,
         countIf(attempts > 0 AND last_outcome NOT IN ('answered', 'sms_sent')) AS otherAttempt,
         countIf(attempts = 0) AS noAttempt,
         countIf(is_closed AND (closed_by = 'system' OR closed_call != '')) AS automatic,
         countIf((is_closed AND NOT (closed_by = 'system' OR closed_call != '')) OR (NOT is_closed AND hidden = 1)) AS manual,
         countIf(NOT is_closed AND hidden = 0) AS stillListed
  FROM (${EPISODES})
  WHERE toDate(opened, {tz:String}) BETWEEN toDate({from:String}) AND toDate({to:String}) AND ${QUEUE}
  GROUP BY day ORDER BY day`;

const BACKLOG = `
  SELECT toString(toDate(closed_at, {tz:String})) AS day,
         countIf(close_reason = 'served_inbound') AS servedInbound,
         countIf(close_reason = 'handled_by_callback') AS handledByCallback,
         countIf(close_reason IN ('forced', 'flushed')) AS forcedClose,
         countIf(close_reason = 'expired') AS expired
  FROM (${EPISODES})
  WHERE is_closed AND toDate(closed_at, {tz:String}) BETWEEN toDate({from:String}) AND toDate({to:String})
    AND toDate(opened, {tz:String}) < toDate(closed_at, {tz:String}) AND ${QUEUE}
  GROUP BY day ORDER BY day`;

const BACKLOG_ATTEMPTS = `
  SELECT toString(toDate(a.ts, {tz:String})) AS day, count() AS callbacksWithoutAnswer
  FROM (SELECT request_id, cycle, ts FROM callback_history FINAL
        WHERE tenant = {tenant:String} AND action = 'attempt' AND outcome NOT IN ('answered', 'sms_sent')) AS a
  INNER JOIN (${EPISODES}) AS e ON a.request_id = e.request_id AND a.cycle = e.cycle
  WHERE toDate(a.ts, {tz:String}) BETWEEN toDate({from:String}) AND toDate({to:String})
    AND toDate(e.opened, {tz:String}) < toDate(a.ts, {tz:String}) AND ${filter('e.')}
  GROUP BY day ORDER BY day`;

const COUNT_KEYS = ['total', 'servedInbound', 'handledByCallback', 'callbacksWithoutAnswer', 'notHandled', 'forcedClose', 'expired', 'open'] as const;
type Row = Record<string, string | number>;

export async function callbackDashboard(ch: ClickHouseClient, tenant: string, timezone: string, q: CallbackDashboardQuery): Promise<CallbackDashboard> {
  const query_params = { tenant, tz: timezone, from: q.from, to: q.to, queue: q.queue ?? '', type: q.type ?? 'queue', campaign: q.campaign ?? '' };
  const rows = async (query: string) => (await ch.query({ query, query_params, format: 'JSONEachRow' })).json<Row>();
  const [days, backlog, attempts] = await Promise.all([rows(DAYS), rows(BACKLOG), rows(BACKLOG_ATTEMPTS)]);
  const n = (r: Row | undefined, k: string) => Number(r?.[k] ?? 0);
  const counts = (r: Row) => Object.fromEntries(COUNT_KEYS.map((k) => [k, n(r, k)])) as Record<(typeof COUNT_KEYS)[number], number>;
  const sum = (k: string) => days.reduce((s, r) => s + n(r, k), 0);
  const backlogDays = [...new Set([...backlog, ...attempts].map((r) => String(r.day)))].sort();
  return {
    from: q.from, to: q.to, timezone,
    totals: Object.fromEntries(COUNT_KEYS.map((k) => [k, sum(k)])) as ReturnType<typeof counts>,
    days: days.map((r) => ({ day: String(r.day), ...counts(r) })),
    backlog: backlogDays.map((day) => {
      const b = backlog.find((r) => r.day === day);
      return {
        day, servedInbound: n(b, 'servedInbound'), handledByCallback: n(b, 'handledByCallback'), forcedClose: n(b, 'forcedClose'), expired: n(b, 'expired'),
        callbacksWithoutAnswer: n(attempts.find((r) => r.day === day), 'callbacksWithoutAnswer'),
      };
    }),
    statistics: {
      byLastStatus: { calledBackOk: sum('calledBackOk'), smsSent: sum('smsSent'), otherAttempt: sum('otherAttempt'), noAttempt: sum('noAttempt') },
      byRemoval: { automatic: sum('automatic'), manual: sum('manual'), stillListed: sum('stillListed') },
    },
  };
}
