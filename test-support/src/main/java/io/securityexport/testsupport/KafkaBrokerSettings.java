package io.securityexport.testsupport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The broker settings every Kafka of this project runs with — the embedded KRaft broker (tests, local stack), the
 * Testcontainers image, and docker-compose.yml's {@code kafka} service ({@code ComposeConfigurationTest} holds the
 * compose file to them): a new broker setting is added here, once.
 * <p>
 * Share groups (KIP-932) carry the export worker's jobs: Kafka 4.2 serves them when the {@code share.version} feature
 * is finalized (a cluster formatted by 4.2 has it at level 1; {@code kafka-features.sh downgrade --feature
 * share.version=0} turns them off) and the share coordinator can create its state topic, which on one broker
 * needs a replication factor and min ISR of 1. A slot may hold a job for up to 1 h (Kafka's cap for the record lock,
 * which the broker allows only up to {@code group.share.max.record.lock.duration.ms}, 1 min by default).
 */
public final class KafkaBrokerSettings {

    /** The Testcontainers image and docker-compose.yml's: 4.2 is the first Kafka with share groups generally available. */
    public static final String IMAGE = "apache/kafka:4.2.1";

    private static final Map<String, String> PROPERTIES = properties();

    private KafkaBrokerSettings() {}

    private static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        // a consumer group's first join otherwise waits 3 s for more members
        properties.put("group.initial.rebalance.delay.ms", "0");
        // share groups (on in a new 4.2.1 cluster through its share.version feature; group.share.enable is not the
        // switch there): their coordinator's state topic on a single broker, record locks of up to 1 h
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.share.max.record.lock.duration.ms", "3600000");
        return Map.copyOf(properties);
    }

    /** Broker properties (server.properties names). */
    public static Map<String, String> brokerProperties() {
        return PROPERTIES;
    }

    /** The same as the apache/kafka image's environment variables ({@code KAFKA_} and the name in capitals, _ for .). */
    public static Map<String, String> imageEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        PROPERTIES.forEach((name, value) -> environment.put(environmentName(name), value));
        return environment;
    }

    public static String environmentName(String property) {
        return "KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
