package io.securityexport.export.day;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.AcknowledgementCommitCallback;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.InvalidRecordStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The answers the job slots gave for their jobs, until the broker has taken them. The share consumer sends an answer
 * with its next poll and learns only then whether the broker took it; without this callback the client drops a
 * refusal silently. The broker refuses an answer for a record whose lock has expired (the slot held the job longer than
 * {@code share.record.lock.duration.ms}): it had already taken the job back and delivered it again, to this slot or
 * another, so nothing is lost, and the day is not written twice (the next delivery waits for the day lock and finds the
 * object if this job wrote it). That is worth one WARN line with the job, not a stack trace; the slot goes on fetching.
 */
@Component
@Conditional(JobConsumptionMode.Share.class)
class JobAnswers implements AcknowledgementCommitCallback {

    private static final Logger log = LoggerFactory.getLogger(JobAnswers.class);

    /** A slot holds one job: the map holds at most one answer per slot between its answer and its next poll. */
    private final Map<String, Given> given = new ConcurrentHashMap<>();

    /** Called by a slot as it answers, before the answer goes to its consumer. */
    void answering(ConsumerRecord<?, ?> record, String jobId, AcknowledgeType answer) {
        given.put(at(record.topic(), record.partition(), record.offset()), new Given(jobId, answer));
    }

    /** The broker's reply to a slot's answers, on that slot's consumer thread during its poll. */
    @Override
    public void onComplete(Map<TopicIdPartition, Set<Long>> offsets, Exception refused) {
        offsets.forEach((partition, answered) -> answered.forEach(offset -> {
            Given answer = given.remove(at(partition.topic(), partition.partition(), offset));
            if (refused != null) {
                logRefused(partition, offset, answer, refused);
            }
        }));
    }

    private static void logRefused(TopicIdPartition partition, long offset, Given answer, Exception refused) {
        String jobId = answer == null ? "unknown" : answer.jobId();
        String type = answer == null ? "the answer" : answer.type().name();
        if (refused instanceof InvalidRecordStateException) {
            log.warn(
                    "the broker refused {} for jobId={} at {}@{}: the slot held the job past its record lock"
                            + " (share.record.lock.duration.ms), so the broker had already taken it back and delivered"
                            + " it again; that delivery answers for it ({})",
                    type,
                    jobId,
                    partition.topicPartition(),
                    offset,
                    refused.getMessage());
        } else {
            log.warn(
                    "the broker did not take {} for jobId={} at {}@{}: {}; the job is delivered again after its"
                            + " record lock",
                    type,
                    jobId,
                    partition.topicPartition(),
                    offset,
                    refused.toString());
        }
    }

    private static String at(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private record Given(String jobId, AcknowledgeType type) {}
}
