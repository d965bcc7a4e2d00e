package io.securityexport.ingest.events;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The failure policy of the ingest listeners, declared once. A batch fails only when its rows or dead letters
 * could not be made durable (PostgreSQL or Kafka unreachable); it is retried with back-off for as long as that
 * lasts — never skipped, since skipping would lose events. Bad records never fail a batch: they are dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

    @Bean
    DefaultErrorHandler ingestErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        // no max elapsed time: retry until storage is back
        return new DefaultErrorHandler(backOff);
    }
}
