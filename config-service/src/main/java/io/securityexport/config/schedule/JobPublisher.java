package io.securityexport.config.schedule;

import io.r2dbc.spi.Readable;
import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import io.securityexport.config.ConfigProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The outbox relay: publishes every run whose job is not yet on the job topic, then marks it published, in one
 * transaction that locks the rows it took (SKIP LOCKED), so replicas share the work. A crash between the send and
 * the commit sends the same job again later — same job ID, which the worker and the run history treat as one.
 */
@Component
public class JobPublisher {

    private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ConfigProperties properties;
    private final Clock clock;

    JobPublisher(
            DatabaseClient database,
            TransactionalOperator transactions,
            KafkaTemplate<String, byte[]> kafka,
            ConfigProperties properties,
            Clock clock) {
        this.database = database;
        this.transactions = transactions;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Publishes pending jobs now, without making the caller wait or fail: a request that recorded a run has done
     * its part (the row is the outbox), and the scheduling loop publishes whatever this attempt could not.
     */
    public void publishSoon() {
        publishPending()
                .doOnError(error -> log.warn(
                        "publishing export jobs failed; the next scheduling round retries: {}", error.getMessage()))
                .onErrorComplete()
                .subscribe();
    }

    /** Publishes everything pending; returns how many jobs went out. */
    public Mono<Long> publishPending() {
        return publishBatch()
                .expand(published -> published == properties.schedule().publishBatch() ? publishBatch() : Mono.empty())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> publishBatch() {
        return database.sql("SELECT job_id, company_id, day, trigger, requested_at FROM config.export_runs"
                        + " WHERE published_at IS NULL ORDER BY requested_at, expected_rows NULLS FIRST, job_id"
                        + " LIMIT $1 FOR UPDATE SKIP LOCKED")
                .bind(0, properties.schedule().publishBatch())
                .map(JobPublisher::job)
                .all()
                .collectList()
                .flatMap(this::sendAndMark)
                .as(transactions::transactional);
    }

    private Mono<Long> sendAndMark(List<ExportJob> jobs) {
        if (jobs.isEmpty()) {
            return Mono.just(0L);
        }
        return send(jobs)
                .then(database.sql("UPDATE config.export_runs SET published_at = $1 WHERE job_id = ANY($2)")
                        .bind(0, clock.instant())
                        .bind(1, jobs.stream().map(ExportJob::jobId).toArray(UUID[]::new))
                        .fetch()
                        .rowsUpdated())
                .doOnNext(count -> log.info("published {} export job(s)", count));
    }

    /**
     * KafkaTemplate.send blocks for up to max.block.ms while the producer has no metadata for the topic (first send,
     * broker away), and the rows arrive on an r2dbc event-loop thread that serves other queries too: the sends go to
     * the bounded elastic scheduler. They are made one after another from that one thread, in the batch's order (a
     * midnight's smallest days first), so that each partition holds the jobs in that order and job slots take the
     * small companies' jobs before a large tenant's; then all are awaited together. The transaction stays open until
     * Kafka has acknowledged the jobs, on purpose: its row locks are what lets replicas share the outbox (SKIP
     * LOCKED), and a run is marked published only once its job is on the topic; the wait is bounded by the
     * producer's delivery timeout.
     */
    private Mono<Void> send(List<ExportJob> jobs) {
        return Mono.fromCallable(() -> jobs.stream().map(this::send).toArray(CompletableFuture[]::new))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(sent -> Mono.fromFuture(CompletableFuture.allOf(sent)));
    }

    private CompletableFuture<?> send(ExportJob job) {
        return kafka.send(
                new ProducerRecord<>(properties.topics().exportJobs(), job.companyId(), ExportMessages.toJson(job)));
    }

    private static ExportJob job(Readable row) {
        return new ExportJob(
                row.get("job_id", UUID.class),
                row.get("company_id", String.class),
                row.get("day", LocalDate.class),
                ExportJob.Trigger.valueOf(row.get("trigger", String.class)),
                row.get("requested_at", Instant.class));
    }
}
