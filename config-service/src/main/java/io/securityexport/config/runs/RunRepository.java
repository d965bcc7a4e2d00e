package io.securityexport.config.runs;

import io.r2dbc.spi.Readable;
import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class RunRepository {

    private final DatabaseClient database;

    RunRepository(DatabaseClient database) {
        this.database = database;
    }

    /** The run is also the outbox entry: published_at stays NULL until the relay has sent the job. */
    Mono<Void> requested(ExportJob job) {
        return database.sql("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(0, job.jobId())
                .bind(1, job.companyId())
                .bind(2, job.day())
                .bind(3, job.trigger().name())
                .bind(4, ExportRun.REQUESTED)
                .bind(5, job.requestedAt())
                .then();
    }

    /** Records a worker's result; the company must match the job's, so a result cannot touch another tenant's run. */
    Mono<Long> finished(ExportResult result) {
        return database.sql("UPDATE config.export_runs SET status=$3, bucket=$4, object_key=$5, rows=$6, bytes=$7,"
                        + " sha256=$8, started_at=$9, finished_at=$10, error_code=$11, error_message=$12,"
                        // a success (also one arriving after the NO_RESULT sweep gave the run up) needs no retry
                        + " next_retry_at = CASE WHEN $3 = 'SUCCEEDED' THEN NULL ELSE next_retry_at END"
                        + " WHERE job_id=$1 AND company_id=$2"
                        // the first success stands: a duplicate delivery's late failure never hides it, and its
                        // report of the object already written never rewrites when that was done
                        + " AND status <> 'SUCCEEDED'")
                .bind(0, result.jobId())
                .bind(1, result.companyId())
                .bind(2, result.status().name())
                .bind(3, orNull(result.bucket()))
                .bind(4, orNull(result.objectKey()))
                .bind(5, result.rows())
                .bind(6, result.bytes())
                .bind(7, orNull(result.sha256()))
                .bind(8, orNull(result.startedAt()))
                .bind(9, orNull(result.finishedAt()))
                .bind(10, orNull(result.errorCode()))
                .bind(11, orNull(result.errorMessage()))
                .fetch()
                .rowsUpdated();
    }

    Flux<ExportRun> history(String companyId, int limit, HistoryCursor after) {
        if (after == null) {
            return database.sql("SELECT * FROM config.export_runs WHERE company_id = $1"
                            + " ORDER BY day DESC, requested_at DESC, job_id DESC LIMIT $2")
                    .bind(0, companyId)
                    .bind(1, limit)
                    .map(RunRepository::run)
                    .all();
        }
        return database.sql("SELECT * FROM config.export_runs WHERE company_id = $1"
                        + " AND (day, requested_at, job_id) < ($3, $4, $5)"
                        + " ORDER BY day DESC, requested_at DESC, job_id DESC LIMIT $2")
                .bind(0, companyId)
                .bind(1, limit)
                .bind(2, after.day())
                .bind(3, after.requestedAt())
                .bind(4, after.jobId())
                .map(RunRepository::run)
                .all();
    }

    /**
     * Every run of the days from {@code from} on, oldest first, and the company's newest success whatever its day,
     * so that a company failing for longer than the retention still shows when it last delivered.
     */
    Flux<ExportRun> since(String companyId, LocalDate from) {
        return database.sql("SELECT * FROM config.export_runs WHERE company_id = $1 AND (day >= $2 OR job_id ="
                        + " (SELECT job_id FROM config.export_runs WHERE company_id = $1 AND status = 'SUCCEEDED'"
                        + " ORDER BY day DESC, finished_at DESC LIMIT 1)) ORDER BY requested_at")
                .bind(0, companyId)
                .bind(1, from)
                .map(RunRepository::run)
                .all();
    }

    private static Object orNull(Object value) {
        return value == null ? org.springframework.r2dbc.core.Parameter.empty(Object.class) : value;
    }

    private static ExportRun run(Readable row) {
        return new ExportRun(
                row.get("job_id", UUID.class),
                row.get("company_id", String.class),
                row.get("day", LocalDate.class),
                row.get("trigger", String.class),
                row.get("status", String.class),
                row.get("requested_at", Instant.class),
                row.get("bucket", String.class),
                row.get("object_key", String.class),
                row.get("rows", Long.class),
                row.get("bytes", Long.class),
                row.get("sha256", String.class),
                row.get("started_at", Instant.class),
                row.get("finished_at", Instant.class),
                row.get("error_code", String.class),
                row.get("error_message", String.class),
                row.get("attempt", Integer.class),
                row.get("next_retry_at", Instant.class),
                duration(row.get("started_at", Instant.class), row.get("finished_at", Instant.class)));
    }

    private static Long duration(Instant started, Instant finished) {
        return started == null || finished == null
                ? null
                : java.time.Duration.between(started, finished).toMillis();
    }
}
