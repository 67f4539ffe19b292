-- Callback history: every step of every missed-call callback request (missed call, booking, expiry,
-- assignment, attempt, note, hide, restore, close), who took it, when and why (apps/ingest/src/callbacks/).
-- Each row also carries the request's state right after the step (*_after columns), so the state at
-- any moment is argMax(…, seq) over the rows up to it: the live callback metrics' SQL reads that.
-- seq = KV revision × 16 + position in the step: unique per row, ordered per request; a retried
-- insert of the same rows is collapsed by ReplacingMergeTree.

CREATE TABLE IF NOT EXISTS callback_history
(
    tenant             LowCardinality(String),
    request_id         String COMMENT 'caller key: e164-<digits> or h-<hex>',
    cycle              UInt32 COMMENT '1, then +1 each time a closed request is reopened by a new missed call',
    seq                UInt64,
    ts                 DateTime64(3, 'UTC'),
    caller             String,
    action             LowCardinality(String) COMMENT 'missed, reopened, booked, released, booking_expired, booking_cancelled, assigned, unassigned, attempt, note, hidden, restored, closed',
    actor              String COMMENT 'user id, or system',
    actor_name         String,
    reason             String COMMENT 'close reason (served_inbound, handled_by_callback, expired, forced, flushed), hide reason, …',
    outcome            LowCardinality(String) COMMENT 'attempt outcome, empty for other actions',
    note               String,
    tags               Array(String),
    queue              LowCardinality(String) COMMENT 'queue of the missed or answered call the step is about',
    call_id            String,
    target             String COMMENT 'user the step names (assigned, unassigned, booking of)',
    status_after       LowCardinality(String) COMMENT 'open or closed',
    hidden_after       UInt8,
    queue_after        LowCardinality(String) COMMENT 'the queue of the last missed call',
    first_call_after   DateTime64(3, 'UTC'),
    booked_until_after DateTime64(3, 'UTC') COMMENT '1970 when not booked',
    close_reason_after LowCardinality(String),
    retain_until       Date
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, request_id, seq)
TTL retain_until;
