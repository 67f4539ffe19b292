-- Raw events, call facts, agent-state intervals and dead letters.
-- Every table carries retain_until (per-tenant retention, computed at insert) and a TTL on it.

CREATE TABLE IF NOT EXISTS events
(
    tenant       LowCardinality(String),
    id           String,
    seq          UInt64 COMMENT 'processing order (µs, monotonic): the engine replays events in this order at start-up',
    ts           DateTime64(3, 'UTC'),
    type         LowCardinality(String),
    call_id      String,
    queue        LowCardinality(String),
    agent        LowCardinality(String),
    payload      String COMMENT 'the validated event as JSON',
    ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3),
    retain_until Date
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, toDate(ts), id)
TTL retain_until;

CREATE TABLE IF NOT EXISTS call_facts
(
    tenant       LowCardinality(String),
    fact_id      String COMMENT 'callId|queue: one row per call leg',
    call_id      String,
    queue        LowCardinality(String),
    caller       String,
    channel      LowCardinality(String),
    campaign     LowCardinality(String),
    day          Date COMMENT 'local day of offered_at in the tenant timezone',
    offered_at   DateTime64(3, 'UTC'),
    answered_at  Nullable(DateTime64(3, 'UTC')),
    ended_at     DateTime64(3, 'UTC'),
    agent        LowCardinality(String),
    wait_ms      UInt32,
    talk_ms      UInt32,
    wrap_ms      UInt32,
    outcome      LowCardinality(String),
    exit_reason  LowCardinality(String),
    ended_by     LowCardinality(String),
    transferred  UInt8,
    retain_until Date
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, day, queue, fact_id)
TTL retain_until;

CREATE TABLE IF NOT EXISTS agent_states
(
    tenant       LowCardinality(String),
    agent        LowCardinality(String),
    state        LowCardinality(String),
    reason       String,
    queue        LowCardinality(String),
    day          Date,
    start_at     DateTime64(3, 'UTC'),
    end_at       DateTime64(3, 'UTC'),
    duration_ms  UInt32,
    retain_until Date
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, day, agent, start_at, state)
TTL retain_until;

CREATE TABLE IF NOT EXISTS dead_letters
(
    tenant      LowCardinality(String),
    received_at DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    reason      String,
    payload     String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (tenant, received_at)
TTL toDateTime(received_at) + INTERVAL 30 DAY;
