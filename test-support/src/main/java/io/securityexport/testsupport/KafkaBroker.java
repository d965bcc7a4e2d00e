package io.securityexport.testsupport;

/** A running Kafka cluster (a single KRaft broker in both backends). */
public interface KafkaBroker {

    String bootstrapServers();

    /**
     * Creates the topics with {@code partitions} partitions each and waits until every partition has a
     * leader; topics that already exist are left as they are.
     */
    void createTopics(int partitions, String... names);
}
