package io.securityexport.ingest.events;

import io.securityexport.ingest.IngestProperties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The failure policy of the ingest listeners, declared once. A batch fails only when its rows or dead letters
 * could not be made durable (PostgreSQL or Kafka unreachable); it is retried with back-off for as long as that
 * lasts — never skipped, since skipping would lose events. Bad records never fail a batch: they are dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(KafkaErrorHandling.class);

    /** Other features that watch failures (e.g. the stall detector) register as {@link RetryListener} beans. */
    @Bean
    DefaultErrorHandler ingestErrorHandler(ObjectProvider<RetryListener> watchers, IngestProperties properties) {
        IngestProperties.Retry retry = properties.retry();
        ExponentialBackOff backOff =
                new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        // no max elapsed time: retry until storage is back
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        RetryListener logging = new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception error, int attempt) {
                log.warn(
                        "storing a record failed (attempt {}), retrying with back-off: {}",
                        attempt,
                        rootMessage(error));
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception error, int attempt) {
                log.warn(
                        "storing a batch of {} records failed (attempt {}), retrying with back-off: {}",
                        records.count(),
                        attempt,
                        rootMessage(error));
            }
        };
        handler.setRetryListeners(
                Stream.concat(Stream.of(logging), watchers.orderedStream()).toArray(RetryListener[]::new));
        return handler;
    }

    /** The root cause names what is wrong (connection refused, timeout, SQL state) without any record content. */
    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
