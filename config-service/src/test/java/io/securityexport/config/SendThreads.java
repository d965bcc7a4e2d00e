package io.securityexport.config;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import reactor.core.scheduler.Schedulers;

/**
 * Records on which thread each record was handed to the producer: KafkaProducer calls {@code onSend} on the caller's
 * thread, inside the send that can block for max.block.ms. A test enables it with {@link #PROPERTY}.
 */
public class SendThreads implements ProducerInterceptor<Object, Object> {

    public static final String PROPERTY =
            "spring.kafka.producer.properties.interceptor.classes=" + "io.securityexport.config.SendThreads";

    /** @param nonBlocking a thread Reactor marks as one that must never block (event loops, r2dbc's I/O threads) */
    public record Send(String topic, String thread, boolean nonBlocking) {}

    private static final Queue<Send> SENDS = new ConcurrentLinkedQueue<>();

    public static List<Send> to(String topic) {
        return SENDS.stream().filter(send -> send.topic().equals(topic)).toList();
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        SENDS.add(new Send(record.topic(), Thread.currentThread().getName(), Schedulers.isInNonBlockingThread()));
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
