-- Tickets (seed 003; apps/ingest/src/tickets/). Two tables, both written by the instance that stored a change:
-- ticket_log, the operation log: one row per changed field (old and new value), status move, note or attachment,
-- who and when, at the tenant's log level (basic / advanced / detailed). seq = KV revision × 256 + position in
-- the change: unique per row, ordered per ticket; a retried insert of the same rows is collapsed.
-- tickets: a snapshot of each ticket after every change (ReplacingMergeTree on the KV revision: FINAL gives the
-- current one). Reports, exports and the ticket metrics' SQL read it. Unset times are 1970 (0).

CREATE TABLE IF NOT EXISTS ticket_log
(
    tenant     LowCardinality(String),
    ticket_id  String COMMENT '<series>-<number>',
    seq        UInt64,
    ts         DateTime64(3, 'UTC'),
    actor      String COMMENT 'user id',
    actor_name String,
    action     LowCardinality(String) COMMENT 'created, changed, status, note, attachment',
    field      LowCardinality(String),
    old_value  String,
    new_value  String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ticket_id, seq);

CREATE TABLE IF NOT EXISTS tickets
(
    tenant           LowCardinality(String),
    id               String,
    version          UInt64 COMMENT 'KV revision of the ticket',
    series           LowCardinality(String),
    number           UInt32,
    date             Date COMMENT 'document date (tenant timezone)',
    created_at       DateTime64(3, 'UTC'),
    updated_at       DateTime64(3, 'UTC'),
    client           String,
    contact_person   String,
    type             LowCardinality(String),
    subject          String,
    product          String,
    serial_lot       String,
    priority         LowCardinality(String),
    status           LowCardinality(String),
    confirmed        UInt8,
    taken_by         String,
    taken_by_name    String,
    verified_by      String,
    verified_by_name String,
    handler          String COMMENT 'first member of the team',
    handler_name     String,
    team             Array(String),
    team_names       Array(String),
    scheduled_start  DateTime64(3, 'UTC'),
    scheduled_end    DateTime64(3, 'UTC'),
    allocated_at     DateTime64(3, 'UTC'),
    finalised_at     DateTime64(3, 'UTC'),
    cancelled_at     DateTime64(3, 'UTC'),
    phone            String,
    email            String,
    address          String,
    locality         String,
    region           String,
    country          String,
    contract         String,
    estimate         String,
    remarks          String,
    source_kind      LowCardinality(String),
    source_call_id   String,
    source_queue     String,
    source_callback  String,
    notes            UInt32,
    attachments      UInt32
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant, id);
