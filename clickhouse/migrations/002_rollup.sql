-- Hourly rollup of call facts for fast reports over long ranges. Only threshold-free components
-- live here (counts, sums, max); metrics that depend on per-queue thresholds read call_facts.
-- :NOTE: the view fires on every insert into call_facts, so the engine never inserts a fact twice.

CREATE TABLE IF NOT EXISTS call_rollup_hourly
(
    tenant       LowCardinality(String),
    hour         DateTime('UTC'),
    queue        LowCardinality(String),
    agent        LowCardinality(String),
    channel      LowCardinality(String),
    outcome      LowCardinality(String),
    exit_reason  LowCardinality(String),
    calls        SimpleAggregateFunction(sum, UInt64),
    wait_ms      SimpleAggregateFunction(sum, UInt64),
    talk_ms      SimpleAggregateFunction(sum, UInt64),
    wrap_ms      SimpleAggregateFunction(sum, UInt64),
    transferred  SimpleAggregateFunction(sum, UInt64),
    max_wait_ms  SimpleAggregateFunction(max, UInt32),
    retain_until SimpleAggregateFunction(max, Date)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant, hour, queue, agent, channel, outcome, exit_reason)
TTL retain_until;

-- :TRICKY: the inner SELECT renames the columns, or `max(wait_ms)` would resolve to the alias of sum(wait_ms).
CREATE MATERIALIZED VIEW IF NOT EXISTS call_rollup_hourly_mv TO call_rollup_hourly AS
SELECT
    tenant, hour, queue, agent, channel, outcome, exit_reason,
    count() AS calls,
    sum(w) AS wait_ms,
    sum(t) AS talk_ms,
    sum(wr) AS wrap_ms,
    sum(tr) AS transferred,
    max(w) AS max_wait_ms,
    max(r) AS retain_until
FROM
(
    SELECT tenant, toStartOfHour(offered_at) AS hour, queue, agent, channel, outcome, exit_reason,
           wait_ms AS w, talk_ms AS t, wrap_ms AS wr, toUInt64(transferred) AS tr, retain_until AS r
    FROM call_facts
)
GROUP BY tenant, hour, queue, agent, channel, outcome, exit_reason;
