package io.securityexport.export;

import io.securityexport.common.health.KafkaBrokerHealth;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The export worker. Its features are the packages below this one: {@code day} (a company-day's export, from the job
 * to the object and the result), {@code clients} (companies' S3 clients) and {@code secrets} (the keys that open
 * customers' secrets); {@code WorkerModularityTest} holds them to their boundaries.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    /** Each service reads its own {@code <name>.yml}, so all three can share one classpath (local stack, end-to-end tests). */
    public static final String CONFIG_NAME = "export-worker";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Readiness waits for a Kafka broker (the readiness group includes {@code kafka}). */
    @Bean(destroyMethod = "close")
    KafkaBrokerHealth kafka(KafkaAdmin admin) {
        return new KafkaBrokerHealth(admin.getConfigurationProperties());
    }
}
