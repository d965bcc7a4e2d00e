package io.securityexport.ingest;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.securityexport.common.health.KafkaBrokerHealth;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IngestApplication {

    /** Each service reads its own {@code <name>.yml}, so all three can share one classpath (local stack, end-to-end tests). */
    public static final String CONFIG_NAME = "ingest-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IngestApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * PostgreSQL bounds every ingest statement on the server side ({@code statement_timeout}): part of the midnight
     * rule (see {@code EventIngestion} and {@code DaySettlement}), so it is set here from the one properties record.
     */
    @Bean
    ConnectionFactoryOptionsBuilderCustomizer statementTimeout(IngestProperties properties) {
        return options ->
                options.option(PostgresqlConnectionFactoryProvider.STATEMENT_TIMEOUT, properties.statementTimeout());
    }

    /** Readiness waits for a Kafka broker (the readiness group includes {@code kafka}). */
    @Bean(destroyMethod = "close")
    KafkaBrokerHealth kafka(KafkaAdmin admin) {
        return new KafkaBrokerHealth(admin.getConfigurationProperties());
    }
}
