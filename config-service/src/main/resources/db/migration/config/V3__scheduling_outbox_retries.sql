-- The run row is also the outbox: a job is published when published_at is still NULL, so recording a run and
-- promising its publication are one insert — nothing recorded and never published.
ALTER TABLE export_runs ADD COLUMN published_at timestamptz;
ALTER TABLE export_runs ADD COLUMN attempt integer NOT NULL DEFAULT 1;
ALTER TABLE export_runs ADD COLUMN next_retry_at timestamptz;
UPDATE export_runs SET published_at = requested_at;
CREATE INDEX export_runs_unpublished ON export_runs (requested_at) WHERE published_at IS NULL;
CREATE INDEX export_runs_retry_due ON export_runs (next_retry_at) WHERE next_retry_at IS NOT NULL;

-- One midnight run per company-day, however many config-service replicas schedule at once.
CREATE UNIQUE INDEX export_runs_one_scheduled ON export_runs (company_id, day) WHERE trigger = 'SCHEDULED';

-- Days whose midnight runs were created; a gap after an outage is filled at the next start.
CREATE TABLE scheduled_days (
    day          date        PRIMARY KEY,
    scheduled_at timestamptz NOT NULL
);
