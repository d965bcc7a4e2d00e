package io.securityexport.export.day;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Takes export jobs from the job topic (one consumer group for all workers) and reports each result: the
 * {@code group} job consumption, the fallback for a broker without share groups ({@link JobSlotListener} is the
 * default).
 * <p>
 * The listener answers at once with the running export; Spring Kafka acknowledges the job when the result has been
 * reported (async acks, offsets committed in order). Until then that consumer takes no further job but keeps
 * polling, so a job may run far longer than {@code max.poll.interval.ms} without the worker leaving the group and its
 * job being handed to another. Each of the {@code concurrency} consumers runs one job at a time. An export never
 * fails (every outcome is a result); a result that cannot be reported even after retries fails the record, which the
 * error handler of {@link DayExportConfiguration} tries again later (the day is rewritten to the same key) and finally
 * leaves to the config service's NO_RESULT sweep.
 */
@Component
@Conditional(JobConsumptionMode.Group.class)
class ExportJobListener {

    private static final Logger log = LoggerFactory.getLogger(ExportJobListener.class);

    private final DayExport export;
    private final ExportResults results;

    ExportJobListener(DayExport export, ExportResults results) {
        this.export = export;
        this.results = results;
    }

    /** Topic and concurrency are {@code WorkerProperties}' values, read through its bean (no second default here). */
    @KafkaListener(
            id = "export-jobs",
            idIsGroup = false,
            topics = "#{@'security-export.worker-io.securityexport.export.WorkerProperties'.topics().exportJobs()}",
            concurrency = "#{@'security-export.worker-io.securityexport.export.WorkerProperties'.concurrency()}")
    Mono<Void> onJob(ConsumerRecord<String, byte[]> record) {
        ExportJob job;
        try {
            job = ExportMessages.job(record.value());
        } catch (RuntimeException unreadable) {
            // only the config service writes this topic: no retry can make such a record readable
            log.error(
                    "skipping an unreadable export job at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    unreadable.getMessage());
            return Mono.empty();
        }
        return export.run(job).flatMap(results::report);
    }
}
