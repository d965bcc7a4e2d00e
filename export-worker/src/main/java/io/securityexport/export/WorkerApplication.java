package io.securityexport.export;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.securityexport.aws.AwsClients;
import io.securityexport.common.health.KafkaBrokerHealth;
import io.securityexport.common.secret.SecretKeyring;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

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

    @Bean(destroyMethod = "close")
    AwsClients awsClients(WorkerProperties properties) {
        return new AwsClients(properties.aws());
    }

    /** Readiness waits for a Kafka broker (the readiness group includes {@code kafka}). */
    @Bean(destroyMethod = "close")
    KafkaBrokerHealth kafka(KafkaAdmin admin) {
        return new KafkaBrokerHealth(admin.getConfigurationProperties());
    }

    /** A job whose result could not be reported: exported and reported again twice, 30 s apart, then let go. */
    @Bean
    DefaultErrorHandler jobErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(30_000, 2));
    }

    @Bean
    SecretKeyring secretKeyring(WorkerProperties properties) {
        return properties.secrets().keyring();
    }

    /** Connections for the COPY reads of running exports: one per export this worker runs at once. */
    @Bean(destroyMethod = "close")
    HikariDataSource copyDataSource(WorkerProperties properties) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("day-csv");
        pool.setJdbcUrl(properties.copyDatabase().url());
        pool.setUsername(properties.copyDatabase().username());
        pool.setPassword(properties.copyDatabase().password());
        pool.setMaximumPoolSize(properties.concurrency());
        pool.setMinimumIdle(0);
        // a COPY that stops sending for this long is a dead connection, not a slow day: fail it, do not hang
        pool.addDataSourceProperty("socketTimeout", 600);
        return new HikariDataSource(pool);
    }

    /**
     * Threads for the blocking COPY reads of running exports: one per export this worker runs at once, and as many
     * again for closing cancelled ones.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler dayCsvScheduler(WorkerProperties properties) {
        return Schedulers.newBoundedElastic(2 * properties.concurrency(), Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE,
                "day-csv");
    }
}
