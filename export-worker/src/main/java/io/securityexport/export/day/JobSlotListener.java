package io.securityexport.export.day;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.ShareAcknowledgment;
import org.springframework.stereotype.Component;

/**
 * Takes export jobs from the job topic as a share group ({@link ShareJobSlots}): each of the {@code concurrency}
 * slots holds one job until it answers for it, as {@link JobDeliveries} decides. The listener starts the job and
 * returns; the slot's consumer stays with it (it may not fetch again before the answer) and hands the answer to the
 * broker when it comes.
 */
@Component
@Conditional(JobConsumptionMode.Share.class)
class JobSlotListener {

    private static final Logger log = LoggerFactory.getLogger(JobSlotListener.class);

    private final JobDeliveries deliveries;
    private final JobAnswers answers;

    JobSlotListener(JobDeliveries deliveries, JobAnswers answers) {
        this.deliveries = deliveries;
        this.answers = answers;
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
        deliveries
                .take(job, delivery)
                .subscribe(answer -> answer(record, jobId, acknowledgment, answer), unexpected -> {
                    // take() answers every outcome; should it fail all the same, the job is not left held for the lock
                    log.error("jobId={} failed unexpectedly; releasing it", jobId, unexpected);
                    answer(record, jobId, acknowledgment, AcknowledgeType.RELEASE);
                });
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
