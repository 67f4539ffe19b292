-- Daily pre-aggregate of call facts for the by-day report tables and the totals over whole days (queue, service,
-- historic, missed): call_waits_hourly's measures and 5-s wait keys (migration 011), keyed on the tenant-local day the
-- fact stored at insert (call_facts.day) instead of the UTC hour. At high volume a day's histogram saturates (a few
-- thousand rows a day whatever the number of calls), so 13 months are ~1 M rows where the hourly table holds tens of millions.
-- first_at / last_at, the earliest and latest offered_at of the row, prove at query time that the stored day is still the
-- local day in the tenant's current zone (facts-source.ts dailyRows): `day` is fixed at insert, the zone can change.
-- The projection `days` holds them per day, so that check reads ~400 rows for 13 months.
-- No agent or campaign: a report filtered on either reads call_facts.
-- :NOTE: like call_waits_hourly, the view fires on every insert into call_facts (the engine never inserts a fact twice).
-- :TRICKY: the backfill (INSERT … SELECT below) runs before the view exists, and a rerun of this file (a crash before
-- schema_migrations recorded it) drops the view and empties the table first: every run rebuilds it whole from
-- call_facts, never twice. Migrations run at start-up under the owner lease, before the engine stores anything.

DROP VIEW IF EXISTS call_waits_daily_mv;

CREATE TABLE IF NOT EXISTS call_waits_daily
(
    tenant       LowCardinality(String),
    day          Date COMMENT 'call_facts.day: the local day of offered_at in the tenant zone at insert',
    queue        LowCardinality(String),
    channel      LowCardinality(String),
    outcome      LowCardinality(String),
    exit_reason  LowCardinality(String),
    finished     UInt8,
    wait_key     UInt32 COMMENT 'wait_ms if a multiple of 5 s, else 5000 * intDiv(wait_ms, 5000) + 1',
    calls        SimpleAggregateFunction(sum, UInt64),
    wait_ms      SimpleAggregateFunction(sum, UInt64),
    talk_ms      SimpleAggregateFunction(sum, UInt64),
    wrap_ms      SimpleAggregateFunction(sum, UInt64),
    transferred  SimpleAggregateFunction(sum, UInt64),
    max_wait_ms  SimpleAggregateFunction(max, UInt32),
    first_at     SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_at      SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    retain_until SimpleAggregateFunction(max, Date),
    -- the zone check reads a few hundred rows, not the table's
    PROJECTION days (SELECT tenant, day, min(first_at), max(last_at) GROUP BY tenant, day)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, day, queue, channel, outcome, exit_reason, finished, wait_key)
TTL retain_until
-- :NOTE: ClickHouse refuses projections on an AggregatingMergeTree unless told what merges do with them: rebuild.
SETTINGS deduplicate_merge_projection_mode = 'rebuild';

TRUNCATE TABLE IF EXISTS call_waits_daily;

INSERT INTO call_waits_daily
SELECT
    tenant, d AS day, queue, channel, outcome, exit_reason, finished, k AS wait_key,
    count() AS calls,
    sum(w) AS wait_ms,
    sum(t) AS talk_ms,
    sum(wr) AS wrap_ms,
    sum(tr) AS transferred,
    max(w) AS max_wait_ms,
    min(o) AS first_at,
    max(o) AS last_at,
    max(r) AS retain_until
FROM
(
    SELECT tenant, day AS d, queue, channel, outcome, exit_reason, toUInt8(1) AS finished,
           wait_ms AS w, talk_ms AS t, wrap_ms AS wr, toUInt64(transferred) AS tr, offered_at AS o, retain_until AS r,
           toUInt32(if(wait_ms % 5000 = 0, wait_ms, wait_ms - wait_ms % 5000 + 1)) AS k
    FROM call_facts FINAL
)
GROUP BY tenant, d, queue, channel, outcome, exit_reason, finished, k;

CREATE MATERIALIZED VIEW IF NOT EXISTS call_waits_daily_mv TO call_waits_daily AS
SELECT
    tenant, d AS day, queue, channel, outcome, exit_reason, finished, k AS wait_key,
    count() AS calls,
    sum(w) AS wait_ms,
    sum(t) AS talk_ms,
    sum(wr) AS wrap_ms,
    sum(tr) AS transferred,
    max(w) AS max_wait_ms,
    min(o) AS first_at,
    max(o) AS last_at,
    max(r) AS retain_until
FROM
(
    SELECT tenant, day AS d, queue, channel, outcome, exit_reason, toUInt8(1) AS finished,
           wait_ms AS w, talk_ms AS t, wrap_ms AS wr, toUInt64(transferred) AS tr, offered_at AS o, retain_until AS r,
           toUInt32(if(wait_ms % 5000 = 0, wait_ms, wait_ms - wait_ms % 5000 + 1)) AS k
    FROM call_facts
)
GROUP BY tenant, d, queue, channel, outcome, exit_reason, finished, k;
