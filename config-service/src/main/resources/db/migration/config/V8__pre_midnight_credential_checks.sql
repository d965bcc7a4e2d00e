-- The check of every enabled company's saved credentials before a day's file is due: one row per company and day,
-- planned once (the first replica to plan wins, ON CONFLICT DO NOTHING), claimed once (FOR UPDATE SKIP LOCKED), so
-- each company is checked exactly once per day however many config-service replicas run. due_at spreads the
-- companies over the check window, so that they do not all reach STS and S3 in the same second.
CREATE TABLE credential_checks (
    company_id  text        NOT NULL,
    day         date        NOT NULL,
    due_at      timestamptz NOT NULL,
    claimed_at  timestamptz,
    checked_at  timestamptz,
    passed      boolean,
    failed_check text,
    error_code  text,
    message     text,
    PRIMARY KEY (company_id, day)
);
CREATE INDEX credential_checks_due ON credential_checks (due_at) WHERE claimed_at IS NULL;
