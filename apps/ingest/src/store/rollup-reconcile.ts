/**
 * The statements that top the hourly rollup up to the call facts, derived from its declaration
 * (ROLLUP_KEYS / ROLLUP_MEASURES in @callboard/metrics). The rollup view's insert is not atomic
 * with the call_facts insert that fires it: a kill -9 between the two leaves facts the rollup
 * never saw. Per key, what the facts give minus what the rollup holds is inserted (summed
 * measures as the difference, max measures as they are: max merges idempotently).
 */
import { ROLLUP_KEYS, ROLLUP_MEASURES, ROLLUP_TABLE } from '@callboard/metrics';

const keys = ROLLUP_KEYS.map((k) => k.name).join(', ');
/** The facts' keys, computed where a key is not a call_facts column (`toStartOfHour(offered_at) AS hour`). */
const factKeys = ROLLUP_KEYS.map((k) => (k.fromFacts === k.name ? k.name : `${k.fromFacts} AS ${k.name}`)).join(', ');
// :TRICKY: measures get aliases of their own (m_<name>): `max(wait_ms)` beside `sum(wait_ms) AS wait_ms` would nest aggregates.
const alias = (name: string) => `m_${name}`;
const sums = ROLLUP_MEASURES.filter((m) => m.combine === 'sum');
const calls = alias('calls');

/** The facts of a tenant since a day, aggregated per rollup key. Params: tenant, day. */
const fromFacts = `SELECT ${factKeys}, ${ROLLUP_MEASURES.map((m) => `${m.fromFacts} AS ${alias(m.name)}`).join(', ')}
  FROM call_facts WHERE tenant = {tenant:String} AND day >= {day:Date}
  GROUP BY ${keys}`;
/** What the rollup holds for the same keys (from the day before: a local day starts up to 14 h before its UTC date). */
const fromRollup = `SELECT ${keys}, ${sums.map((m) => `sum(${m.name}) AS ${alias(m.name)}`).join(', ')}
  FROM ${ROLLUP_TABLE} WHERE tenant = {tenant:String} AND hour >= toDateTime({day:Date}) - INTERVAL 1 DAY
  GROUP BY ${keys}`;
const joined = `FROM (${fromFacts}) AS f LEFT JOIN (${fromRollup}) AS r USING (${keys}) WHERE f.${calls} > r.${calls}`;

/** How many rollup keys lack facts. Params: tenant, day. */
export const ROLLUP_MISSING_SQL = `SELECT count() AS n ${joined}`;

/** Inserts what the rollup lacks, per key. Params: tenant, day. */
export const ROLLUP_TOP_UP_SQL = `INSERT INTO ${ROLLUP_TABLE} (${keys}, ${ROLLUP_MEASURES.map((m) => m.name).join(', ')})
  SELECT ${keys}, ${ROLLUP_MEASURES.map((m) => (m.combine === 'sum' ? `f.${alias(m.name)} - r.${alias(m.name)}` : `f.${alias(m.name)}`)).join(', ')}
  ${joined}`;

/**
 * The same for the hourly wait histogram (call_waits_hourly, migration 011), written out as its migration declares it:
 * a key the view never saw is topped up to the facts like the rollup's.
 */
const WAIT_KEYS = 'tenant, hour, queue, channel, outcome, exit_reason, finished, wait_key';
const waitsFromFacts = `SELECT tenant, toStartOfHour(offered_at) AS hour, queue, channel, outcome, exit_reason, toUInt8(1) AS finished,
    toUInt32(if(wait_ms % 5000 = 0, wait_ms, wait_ms - wait_ms % 5000 + 1)) AS wait_key,
    count() AS m_calls, sum(wait_ms) AS m_wait_ms, sum(talk_ms) AS m_talk_ms, sum(wrap_ms) AS m_wrap_ms, sum(toUInt64(transferred)) AS m_transferred,
    max(wait_ms) AS m_max_wait_ms, max(retain_until) AS m_retain_until
  FROM call_facts WHERE tenant = {tenant:String} AND day >= {day:Date}
  GROUP BY ${WAIT_KEYS}`;
const waitsHeld = `SELECT ${WAIT_KEYS}, sum(calls) AS m_calls, sum(wait_ms) AS m_wait_ms, sum(talk_ms) AS m_talk_ms, sum(wrap_ms) AS m_wrap_ms,
    sum(transferred) AS m_transferred
  FROM call_waits_hourly WHERE tenant = {tenant:String} AND hour >= toDateTime({day:Date}) - INTERVAL 1 DAY
  GROUP BY ${WAIT_KEYS}`;
const waitsJoined = `FROM (${waitsFromFacts}) AS f LEFT JOIN (${waitsHeld}) AS r USING (${WAIT_KEYS}) WHERE f.m_calls > r.m_calls`;

/** How many wait-histogram keys lack facts. Params: tenant, day. */
export const WAITS_MISSING_SQL = `SELECT count() AS n ${waitsJoined}`;

/** Inserts what the wait histogram lacks, per key. Params: tenant, day. */
export const WAITS_TOP_UP_SQL = `INSERT INTO call_waits_hourly (${WAIT_KEYS}, calls, wait_ms, talk_ms, wrap_ms, transferred, max_wait_ms, retain_until)
  SELECT ${WAIT_KEYS}, f.m_calls - r.m_calls, f.m_wait_ms - r.m_wait_ms, f.m_talk_ms - r.m_talk_ms, f.m_wrap_ms - r.m_wrap_ms,
    f.m_transferred - r.m_transferred, f.m_max_wait_ms, f.m_retain_until
  ${waitsJoined}`;

/**
 * The same for the daily wait histogram (call_waits_daily, migration 012): keyed on the stored local day, with the
 * earliest and latest call of the key (min and max merge idempotently, as max does).
 */
const DAILY_KEYS = 'tenant, day, queue, channel, outcome, exit_reason, finished, wait_key';
const dailyFromFacts = `SELECT tenant, day, queue, channel, outcome, exit_reason, toUInt8(1) AS finished,
    toUInt32(if(wait_ms % 5000 = 0, wait_ms, wait_ms - wait_ms % 5000 + 1)) AS wait_key,
    count() AS m_calls, sum(wait_ms) AS m_wait_ms, sum(talk_ms) AS m_talk_ms, sum(wrap_ms) AS m_wrap_ms, sum(toUInt64(transferred)) AS m_transferred,
    max(wait_ms) AS m_max_wait_ms, min(offered_at) AS m_first_at, max(offered_at) AS m_last_at, max(retain_until) AS m_retain_until
  FROM call_facts WHERE tenant = {tenant:String} AND day >= {day:Date}
  GROUP BY ${DAILY_KEYS}`;
const dailyHeld = `SELECT ${DAILY_KEYS}, sum(calls) AS m_calls, sum(wait_ms) AS m_wait_ms, sum(talk_ms) AS m_talk_ms, sum(wrap_ms) AS m_wrap_ms,
    sum(transferred) AS m_transferred
  FROM call_waits_daily WHERE tenant = {tenant:String} AND day >= {day:Date}
  GROUP BY ${DAILY_KEYS}`;
const dailyJoined = `FROM (${dailyFromFacts}) AS f LEFT JOIN (${dailyHeld}) AS r USING (${DAILY_KEYS}) WHERE f.m_calls > r.m_calls`;

/** How many daily wait-histogram keys lack facts. Params: tenant, day. */
export const DAILY_MISSING_SQL = `SELECT count() AS n ${dailyJoined}`;

/** Inserts what the daily wait histogram lacks, per key. Params: tenant, day. */
export const DAILY_TOP_UP_SQL = `INSERT INTO call_waits_daily (${DAILY_KEYS}, calls, wait_ms, talk_ms, wrap_ms, transferred, max_wait_ms, first_at, last_at, retain_until)
  SELECT ${DAILY_KEYS}, f.m_calls - r.m_calls, f.m_wait_ms - r.m_wait_ms, f.m_talk_ms - r.m_talk_ms, f.m_wrap_ms - r.m_wrap_ms,
    f.m_transferred - r.m_transferred, f.m_max_wait_ms, f.m_first_at, f.m_last_at, f.m_retain_until
  ${dailyJoined}`;
