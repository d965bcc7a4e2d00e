package io.securityexport.export.day;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import io.securityexport.aws.AwsFailure;
import io.securityexport.common.error.Causes;
import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportObjectKey;
import io.securityexport.common.export.ExportResult;
import io.securityexport.export.WorkerProperties;
import io.securityexport.export.clients.CompanyClients;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** Exports one company-day: the rows as CSV, streamed into the company's bucket under the day's one key. */
@Service
class DayExport {

    private static final Logger log = LoggerFactory.getLogger(DayExport.class);

    private final ExportTargets targets;
    private final DayCsv csv;
    private final CompanyClients clients;
    private final DayLocks locks;
    private final WorkerProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PartBuffers buffers;

    DayExport(
            ExportTargets targets,
            DayCsv csv,
            CompanyClients clients,
            DayLocks locks,
            WorkerProperties properties,
            Clock clock,
            MeterRegistry meters,
            PartBuffers buffers) {
        this.locks = locks;
        this.targets = targets;
        this.csv = csv;
        this.clients = clients;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.buffers = buffers;
    }

    /** Failures of this worker rather than of the job: the day locked by another export, our database unreachable. */
    private static final java.util.Set<String> WORKER_SIDE = java.util.Set.of("DAY_BUSY", "STORAGE_UNAVAILABLE");

    /**
     * Whether the result is a failure of the worker rather than of the job, which a share-group slot gives back to be
     * delivered again (to any slot) instead of reporting it.
     */
    static boolean workerSide(ExportResult result) {
        return result.status() == ExportResult.Status.FAILED && WORKER_SIDE.contains(result.errorCode());
    }

    /** Never fails: every outcome, good or bad, is a result for the run history. */
    Mono<ExportResult> run(ExportJob job) {
        Instant requested = clock.instant();
        PartBuffers.Lease held = buffers.lease();
        if (job.requestedAt() != null) {
            // how long jobs wait in the queue: the fan-out's backlog as workers see it
            Duration waited = Duration.between(job.requestedAt(), requested);
            meters.timer("export.queue.wait", "trigger", job.trigger().name())
                    .record(waited.isNegative() ? Duration.ZERO : waited);
        }
        return locks.exclusively(
                        job.companyId(),
                        job.day(),
                        () -> export(job, held)
                                .timeout(
                                        properties.jobTimeout(),
                                        Mono.fromSupplier(() -> failed(
                                                job,
                                                requested,
                                                null,
                                                null,
                                                new AwsFailure(
                                                        "JOB_TIMEOUT",
                                                        "the export ran longer than " + properties.jobTimeout()
                                                                + " and was abandoned; it will be tried again",
                                                        0)))))
                .onErrorResume(
                        DayLocks.DayBusy.class,
                        busy -> Mono.just(
                                failed(job, requested, null, null, new AwsFailure("DAY_BUSY", busy.getMessage(), 0))))
                // the lock's own connection failing (PostgreSQL down or out of connections) is a failed attempt too
                .onErrorResume(error -> Mono.just(failed(job, requested, null, null, failureOf(job, error, null))))
                .doOnNext(result -> report(result, held));
    }

    /**
     * What the run history says: AWS's answer in a sentence (for a role, what its trust policy must hold); our own
     * storage failing is said in a fixed sentence, its detail (hosts, SQL) logged here and never shown to the tenant.
     */
    private static AwsFailure failureOf(ExportJob job, Throwable error, ExportTarget target) {
        if (Causes.include(error, SQLException.class, R2dbcException.class, DataAccessException.class)) {
            log.warn(
                    "export of companyId={} day={} could not read its data: {}",
                    job.companyId(),
                    job.day(),
                    error.toString());
            return new AwsFailure(
                    "STORAGE_UNAVAILABLE",
                    "the platform could not read the day's events just now; the day will be tried again",
                    0);
        }
        return target == null ? AwsFailure.of(error) : AwsFailure.of(error, target.credentials());
    }

    private Mono<ExportResult> export(ExportJob job, PartBuffers.Lease held) {
        Instant startedAt = clock.instant();
        return targets.find(job.companyId())
                .flatMap(target -> export(job, target, startedAt, held))
                .onErrorResume(ExportSwitchedOff.class, off -> Mono.just(cancelled(job, startedAt, off)))
                .onErrorResume(error -> Mono.just(failed(job, startedAt, null, null, failureOf(job, error, null))));
    }

    private Mono<ExportResult> export(ExportJob job, ExportTarget target, Instant startedAt, PartBuffers.Lease held) {
        String key = ExportObjectKey.of(target.folderPath(), job.companyId(), job.day(), target.gzip());
        return clients.s3(target.region(), target.credentials())
                .flatMap(s3 -> writeOnce(job, target, key, s3, startedAt, held))
                .onErrorResume(error ->
                        Mono.just(failed(job, startedAt, target.bucket(), key, failureOf(job, error, target))));
    }

    /** Writes the day under its key, unless this very job already did (its stamp is on the object). */
    private Mono<ExportResult> writeOnce(
            ExportJob job,
            ExportTarget target,
            String key,
            S3AsyncClient s3,
            Instant startedAt,
            PartBuffers.Lease held) {
        DayObjectUpload upload = new DayObjectUpload(
                s3,
                target.bucket(),
                key,
                target.gzip(),
                target.sseAes256(),
                properties.upload().partsInFlight(),
                held);
        return upload.writtenBy(job.jobId().toString())
                .map(written -> alreadyWritten(job, target, key, written, startedAt))
                .switchIfEmpty(Mono.defer(() -> Mono.zip(
                                upload.uploadSwept(
                                        csv.parts(job.companyId(), job.day(), parts(target)),
                                        job.jobId().toString()),
                                // asked while the day is written (the run history does not change meanwhile: this
                                // job is not in it yet), not after it
                                otherFormWritten(target, job))
                        .flatMap(written -> removeOtherForm(s3, target, job, written.getT2())
                                .then(Mono.fromSupplier(
                                        () -> succeeded(job, target, key, written.getT1(), startedAt))))));
    }

    private CsvParts parts(ExportTarget target) {
        return new CsvParts((int) properties.upload().partSize().toBytes(), target.gzip(), (int)
                properties.upload().gzipBufferSize().toBytes());
    }

    /**
     * This very job wrote the day already (it was delivered again: a rebalance moved it while it ran, or a worker
     * died between writing and reporting): the object is reported as it is, not written a second time.
     */
    private ExportResult alreadyWritten(
            ExportJob job, ExportTarget target, String key, DayObjectUpload.Written written, Instant startedAt) {
        meters.counter("export.redelivered").increment();
        log.info(
                "jobId={} companyId={} day={} was delivered again after it had written key={}; reporting that object",
                job.jobId(),
                job.companyId(),
                job.day(),
                key);
        return new ExportResult(
                job.jobId(),
                job.companyId(),
                job.day(),
                ExportResult.Status.SUCCEEDED,
                target.bucket(),
                key,
                written.stamp().rows(),
                written.bytes(),
                written.stamp().sha256(),
                startedAt,
                clock.instant(),
                null,
                null);
    }

    /**
     * Switching gzip on or off changes the key's ending: when the run history shows the day written in the other
     * form, that object is deleted once this one is written, so a re-run after the switch still leaves the day one
     * object (best effort).
     */
    private Mono<Boolean> otherFormWritten(ExportTarget target, ExportJob job) {
        String other = ExportObjectKey.of(target.folderPath(), job.companyId(), job.day(), !target.gzip());
        return targets.wroteBefore(job.companyId(), job.day(), target.bucket(), other)
                .onErrorResume(error -> {
                    log.info(
                            "could not look for the other form of companyId={} day={} ({}); continuing",
                            job.companyId(),
                            job.day(),
                            error.getMessage());
                    return Mono.just(false);
                });
    }

    private Mono<Void> removeOtherForm(S3AsyncClient s3, ExportTarget target, ExportJob job, boolean written) {
        if (!written) {
            return Mono.empty();
        }
        String other = ExportObjectKey.of(target.folderPath(), job.companyId(), job.day(), !target.gzip());
        return Mono.fromFuture(() ->
                        s3.deleteObject(delete -> delete.bucket(target.bucket()).key(other)))
                .then()
                .onErrorResume(error -> {
                    log.info(
                            "could not delete the other form of companyId={} day={} ({}); continuing",
                            job.companyId(),
                            job.day(),
                            error.getMessage());
                    return Mono.empty();
                });
    }

    private ExportResult succeeded(
            ExportJob job, ExportTarget target, String key, FileSummary summary, Instant startedAt) {
        return new ExportResult(
                job.jobId(),
                job.companyId(),
                job.day(),
                ExportResult.Status.SUCCEEDED,
                target.bucket(),
                key,
                summary.rows(),
                summary.bytes(),
                summary.sha256(),
                startedAt,
                clock.instant(),
                null,
                null);
    }

    /** Not a failure: nothing retries it; switching the export on again re-queues the day. */
    private ExportResult cancelled(ExportJob job, Instant startedAt, ExportSwitchedOff off) {
        return new ExportResult(
                job.jobId(),
                job.companyId(),
                job.day(),
                ExportResult.Status.CANCELLED,
                null,
                null,
                0,
                0,
                null,
                startedAt,
                clock.instant(),
                off.code(),
                off.getMessage());
    }

    private ExportResult failed(ExportJob job, Instant startedAt, String bucket, String key, AwsFailure failure) {
        return new ExportResult(
                job.jobId(),
                job.companyId(),
                job.day(),
                ExportResult.Status.FAILED,
                bucket,
                key,
                0,
                0,
                null,
                startedAt,
                clock.instant(),
                failure.code(),
                failure.message());
    }

    private void report(ExportResult result, PartBuffers.Lease held) {
        meters.counter(
                        "export.jobs",
                        "outcome",
                        result.status().name(),
                        "error_code",
                        result.errorCode() == null ? "none" : result.errorCode())
                .increment();
        meters.timer("export.duration", "outcome", result.status().name())
                .record(Duration.between(result.startedAt(), result.finishedAt()));
        meters.counter("export.rows").increment(result.rows());
        meters.counter("export.bytes").increment(result.bytes());
        log.info(
                "export finished jobId={} companyId={} day={} status={} key={} rows={} bytes={} errorCode={}"
                        + " bufferPeakBytes={}",
                result.jobId(),
                result.companyId(),
                result.day(),
                result.status(),
                result.objectKey(),
                result.rows(),
                result.bytes(),
                result.errorCode(),
                held.peak());
    }
}
