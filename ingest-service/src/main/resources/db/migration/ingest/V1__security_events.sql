-- Every received security event, partitioned by the UTC day the platform received it (the day of its file).
CREATE TABLE security_events (
    received_day       date        NOT NULL,
    company_id         text        NOT NULL,
    event_id           text        NOT NULL,
    received_at        timestamptz NOT NULL,
    occurred_at        timestamptz NOT NULL,
    event_name         text        NOT NULL,
    actor_developer_id text        NOT NULL,
    actor_email        text        NOT NULL,
    other_account      text,
    -- compact JSON exactly as it goes into the file; text, not jsonb, so key order and bytes stay as produced
    properties         text,
    PRIMARY KEY (company_id, event_id, received_day)
) PARTITION BY RANGE (received_day);

-- The export reads one company-day in file order.
CREATE INDEX security_events_export_order ON security_events (company_id, occurred_at, event_id);

-- Current email of every dashboard user, from the compacted dashboard-users topic.
CREATE TABLE dashboard_users (
    developer_id text        PRIMARY KEY,
    company_id   text        NOT NULL,
    email        text        NOT NULL,
    deleted      boolean     NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL
);
