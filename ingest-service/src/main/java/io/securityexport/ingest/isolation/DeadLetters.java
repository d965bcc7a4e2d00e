package io.securityexport.ingest.isolation;

import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a record that broke a contract, or that the database refused, to a dead-letter topic, unchanged, with headers
 * that say why; counts it and logs one line. Whatever a record holds, this is where it leaves the partition.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * Where the records of one input go.
     *
     * @param topic   the dead-letter topic
     * @param counter the meter counting them, tagged with the reason
     */
    public record Route(String topic, String counter) {}

    private final KafkaTemplate<String, byte[]> kafka;
    private final MeterRegistry meters;

    DeadLetters(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
        this.kafka = kafka;
        this.meters = meters;
    }

    public Mono<Void> send(Route route, ConsumerRecord<String, byte[]> record, Rejected rejected) {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(route.topic(), record.key(), record.value());
        header(letter, DeadLetterHeaders.REASON, rejected.reason().name());
        header(letter, DeadLetterHeaders.DETAIL, rejected.detail());
        header(letter, DeadLetterHeaders.ORIGINAL_TOPIC, record.topic());
        header(letter, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(record.partition()));
        header(letter, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(record.offset()));
        return Mono.fromFuture(() -> kafka.send(letter))
                .doOnSuccess(sent -> {
                    meters.counter(route.counter(), "reason", rejected.reason().name())
                            .increment();
                    log.info(
                            "dead-lettered record key={} topic={} partition={} offset={} reason={}",
                            printable(record.key()),
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            rejected.reason());
                })
                .then();
    }

    /** The key is untrusted input: keep log lines single and short. */
    private static String printable(String key) {
        if (key == null) {
            return "(none)";
        }
        String clean = key.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
