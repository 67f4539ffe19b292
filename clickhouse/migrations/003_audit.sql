-- Audit log: every admin action and every login, with who, when, what (identity/audit.ts).
-- Kept two years, whatever the tenant's data retention.

CREATE TABLE IF NOT EXISTS audit_log
(
    tenant      LowCardinality(String),
    at          DateTime64(3, 'UTC'),
    actor       String COMMENT 'user id or token id; empty for a failed login',
    actor_name  String COMMENT 'login or token name, as it was at the time',
    actor_kind  LowCardinality(String) COMMENT 'session, token or anonymous',
    actor_role  LowCardinality(String),
    action      LowCardinality(String) COMMENT 'e.g. user.create, token.revoke, auth.login.failed',
    target      String COMMENT 'the id of what was acted on',
    detail      String COMMENT 'JSON: the change (never a password or secret)',
    ip          String,
    outcome     LowCardinality(String) COMMENT 'ok or denied'
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (tenant, at)
TTL toDateTime(at) + INTERVAL 730 DAY;
