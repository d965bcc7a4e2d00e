package io.securityexport.export.day;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import io.securityexport.export.WorkerProperties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.ShareAcknowledgment;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Takes export jobs from the job topic as a share group ({@link ShareJobSlots}): each of the {@code concurrency}
 * slots holds one job until it answers for it, as {@link JobDeliveries} decides. The listener starts the job and waits
 * on the slot's own thread (a Kafka consumer thread, not an event loop) up to {@code share.quick-answer} for the
 * answer: a small job is answered there, and the slot fetches the next one at once. A longer export is left running
 * and answers from its own thread when it ends; the slot's consumer stays with it (it may not fetch again before the
 * answer) and hands the answer to the broker on its next turn.
 */
@Component
@Conditional(JobConsumptionMode.Share.class)
class JobSlotListener {

    private static final Logger log = LoggerFactory.getLogger(JobSlotListener.class);

    private final JobDeliveries deliveries;
    private final JobAnswers answers;
    private final Duration quickAnswer;

    JobSlotListener(JobDeliveries deliveries, JobAnswers answers, WorkerProperties properties) {
        this.deliveries = deliveries;
        this.answers = answers;
        this.quickAnswer = properties.share().quickAnswer();
    }

    /** Topic, share group and slots are {@code WorkerProperties}' values, read through its bean. */
    @KafkaListener(
            id = "export-job-slots",
            containerFactory = "jobSlots",
            groupId = "#{@'security-export.worker-io.securityexport.export.WorkerProperties'.share().groupId()}",
            topics = "#{@'security-export.worker-io.securityexport.export.WorkerProperties'.topics().exportJobs()}")
    void onJob(ConsumerRecord<String, byte[]> record, ShareAcknowledgment acknowledgment) {
        ExportJob job;
        try {
            job = ExportMessages.job(record.value());
        } catch (RuntimeException unreadable) {
            // only the config service writes this topic: no delivery can make such a record readable; archive it
            log.error(
                    "rejecting an unreadable export job at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    unreadable.getMessage());
            acknowledgment.reject();
            return;
        }
        int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
        String jobId = job.jobId().toString();
        CompletableFuture<AcknowledgeType> answer = deliveries
                .take(job, delivery)
                .onErrorResume(unexpected -> {
                    // take() answers every outcome; should it fail all the same, the job is not left held for the lock
                    log.error("jobId={} failed unexpectedly; releasing it", jobId, unexpected);
                    return Mono.just(AcknowledgeType.RELEASE);
                })
                .toFuture();
        try {
            answer(record, jobId, acknowledgment, answer.get(quickAnswer.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException stillRunning) {
            answer.thenAccept(late -> answer(record, jobId, acknowledgment, late));
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            answer.thenAccept(late -> answer(record, jobId, acknowledgment, late));
        } catch (ExecutionException impossible) {
            // errors were turned into RELEASE above
            answer(record, jobId, acknowledgment, AcknowledgeType.RELEASE);
        }
    }

    /** Noted first: the broker may refuse the answer (the job's lock expired), which {@link JobAnswers} then logs. */
    private void answer(
            ConsumerRecord<String, byte[]> record,
            String jobId,
            ShareAcknowledgment acknowledgment,
            AcknowledgeType answer) {
        answers.answering(record, jobId, answer);
        switch (answer) {
            case ACCEPT -> acknowledgment.acknowledge();
            case RELEASE -> acknowledgment.release();
            default -> acknowledgment.reject();
        }
    }
}
