package io.securityexport.config.alerts;

import io.securityexport.config.ConfigProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class AlertsConfiguration {

    /**
     * JavaMail's send blocks for the whole SMTP conversation: a pool of its own, bounded (threads, and a queue of one delivery batch), so
     * a slow mail server neither blocks an event loop nor takes the shared bounded-elastic threads from DNS lookups
     * and Kafka sends.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler mailScheduler(ConfigProperties properties) {
        return Schedulers.newBoundedElastic(
                properties.alerts().mailThreads(), properties.alerts().deliveryBatch(), "alert-mail");
    }
}
