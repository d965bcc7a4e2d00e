-- How many rows the company's last delivered day had, copied onto each new midnight run: the outbox publishes a
-- midnight's jobs smallest first, so that a large tenant's long export is taken after the small companies' jobs
-- instead of holding a job slot (and CPU) while they wait. NULL: no delivered day yet (published first).
ALTER TABLE export_runs ADD COLUMN expected_rows bigint;
DROP INDEX export_runs_unpublished;
CREATE INDEX export_runs_unpublished ON export_runs (requested_at, expected_rows NULLS FIRST, job_id)
    WHERE published_at IS NULL;
