package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class KafkaBrokerIntegrationTest {

    private final KafkaBroker kafka = Infrastructure.shared().kafka();

    @Test
    void createdTopicHasTheRequestedPartitions() throws Exception {
        String topic = TestResources.uniqueName("partitions");

        kafka.createTopics(3, topic);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions())
                    .hasSize(3);
        }
    }

    @Test
    void creatingAnExistingTopicAgainIsNotAnError() {
        String topic = TestResources.uniqueName("twice");
        kafka.createTopics(1, topic);

        kafka.createTopics(1, topic);
    }

    @Test
    void producedRecordIsConsumedFromACreatedTopic() throws Exception {
        String topic = TestResources.uniqueName("round-trip");
        kafka.createTopics(2, topic);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, 1, "tenant-1", "hello")).get();
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                TestResources.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(Set.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                return !received.isEmpty();
            });

            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("tenant-1");
                assertThat(record.value()).isEqualTo("hello");
                assertThat(record.partition()).isEqualTo(1);
            });
        }
    }
}
