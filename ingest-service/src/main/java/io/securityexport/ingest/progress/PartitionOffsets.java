package io.securityexport.ingest.progress;

import org.apache.kafka.common.TopicPartition;

/**
 * What Kafka says about one partition of a listener's consumer group.
 *
 * @param committed the group's committed offset, or the log start if the group never committed on this partition:
 *                  everything from there on is still to be read
 * @param end       the log-end offset
 */
record PartitionOffsets(TopicPartition partition, long committed, long end) {

    long lag() {
        return Math.max(0, end - committed);
    }
}
