-- Where a company wants to hear about its export: webhooks (secret sealed like the AWS secret, never in plain text)
-- and e-mail lists. A channel that keeps failing is set FAILING and no longer gets alerts until a test succeeds.
CREATE TABLE alert_channels (
    id                   uuid        PRIMARY KEY,
    company_id           text        NOT NULL,
    kind                 text        NOT NULL CHECK (kind IN ('webhook', 'email')),
    url                  text,
    addresses            text[],
    secret_key_version   integer,
    secret_ciphertext    bytea,
    status               text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'FAILING')),
    consecutive_failures integer     NOT NULL DEFAULT 0,
    failing_since        timestamptz,
    created_at           timestamptz NOT NULL
);
CREATE INDEX alert_channels_company ON alert_channels (company_id);

-- The delivery outbox: one row per alert and channel, retried with back-off by whichever replica claims it first
-- (FOR UPDATE SKIP LOCKED). The row is also the delivery log the API shows.
CREATE TABLE alert_deliveries (
    id               uuid        PRIMARY KEY,
    alert_id         uuid        NOT NULL,
    channel_id       uuid        NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
    company_id       text        NOT NULL,
    kind             text        NOT NULL,
    payload          text        NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING'
                                 CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'ABANDONED')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_response    varchar(200),
    last_error       varchar(500),
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX alert_deliveries_channel ON alert_deliveries (channel_id, created_at DESC);

-- "Once per problem": whether a company's exports are failing right now, so retries of a failing day alert nobody
-- again and the first success after them alerts "recovered" once.
CREATE TABLE alert_state (
    company_id        text        PRIMARY KEY,
    failing_since     timestamptz,
    last_alerted_kind text,
    last_alerted_at   timestamptz
);
