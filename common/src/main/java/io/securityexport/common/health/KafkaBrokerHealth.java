package io.securityexport.common.health;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Kafka as a readiness condition: the service is not ready while no broker answers a cluster description within
 * {@link #TIMEOUT}. Spring Boot has no Kafka health indicator of its own. Each service registers it as the bean
 * {@code kafka}, which its readiness group includes.
 */
public class KafkaBrokerHealth implements ReactiveHealthIndicator {

    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final AdminClient admin;

    public KafkaBrokerHealth(Map<String, Object> adminConfig) {
        this.admin = AdminClient.create(adminConfig);
    }

    @Override
    public Mono<Health> health() {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis());
        return Mono.fromFuture(() -> admin.describeCluster(options)
                        .clusterId()
                        .toCompletionStage()
                        .toCompletableFuture())
                .map(clusterId -> Health.up().withDetail("clusterId", clusterId).build())
                .timeout(TIMEOUT.plusSeconds(1))
                .onErrorResume(error -> Mono.just(Health.down()
                        .withDetail("error", error.getClass().getSimpleName())
                        .build()));
    }

    @PreDestroy
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
