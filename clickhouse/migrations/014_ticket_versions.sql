-- Every version of every ticket's figure-bearing fields (apps/ingest/src/tickets/log-store.ts writes one row beside each
-- `tickets` snapshot), so that the ticket metrics' SQL (packages/metrics/src/tickets/metrics.ts ticketFiguresSql) takes
-- each ticket as it was at the end of the range — its type, handler, status and scheduled end then — not as it is now:
-- last month's backlog by handler counts the tickets each handler had then, last month's overdue the slots they had then.
-- ReplacingMergeTree on (tenant, id, version): a retried insert of the same version collapses.
-- The backfill copies the current snapshot of each ticket stored before this migration (the only version `tickets`
-- keeps) as made when the ticket was created: such a ticket counts as it is now over any range after its creation, as
-- it did before this migration; a rerun (a crash before schema_migrations recorded it) empties the table first. Migrations run at start-up
-- under the owner lease, before the engine stores anything.

CREATE TABLE IF NOT EXISTS ticket_versions
(
    tenant        LowCardinality(String),
    id            String,
    version       UInt64 COMMENT 'KV revision of the ticket',
    updated_at    DateTime64(3, 'UTC') COMMENT 'when this version was made',
    created_at    DateTime64(3, 'UTC'),
    type          LowCardinality(String),
    handler       String COMMENT 'first member of the team',
    handler_name  String,
    status        LowCardinality(String),
    scheduled_end DateTime64(3, 'UTC'),
    finalised_at  DateTime64(3, 'UTC'),
    cancelled_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (tenant, id, version);

TRUNCATE TABLE ticket_versions;

INSERT INTO ticket_versions
SELECT tenant, id, version, created_at, created_at, type, handler, handler_name, status, scheduled_end, finalised_at, cancelled_at
FROM tickets FINAL;
