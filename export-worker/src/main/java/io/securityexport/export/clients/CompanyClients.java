package io.securityexport.export.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.securityexport.aws.AwsClients;
import io.securityexport.aws.CustomerCredentials;
import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * One S3 client, with its credentials provider, per distinct company credential and region, kept between jobs:
 * building an SDK client costs milliseconds of classpath scanning (a good part of a small day's export), and an
 * assumed role's session is reused until shortly before it expires instead of calling STS for every file. Changed
 * settings are a different key, so they take effect at once. Evicted entries are dropped, never closed: the clients
 * share {@link AwsClients}' HTTP client and threads and hold nothing that needs closing, so an eviction can never
 * break an export still using the client.
 */
@Component
public class CompanyClients {

    private static final Duration IDLE = Duration.ofHours(3);

    private record Key(String region, CustomerCredentials credentials) {
    }

    private final AwsClients aws;
    private final Cache<Key, S3AsyncClient> clients = Caffeine.newBuilder()
            .expireAfterAccess(IDLE)
            .maximumSize(20_000)
            .build();

    CompanyClients(AwsClients aws) {
        this.aws = aws;
    }

    /** The company's S3 client; a new one is built off the event loop (it scans the class path). */
    public Mono<S3AsyncClient> s3(String region, CustomerCredentials credentials) {
        Key key = new Key(region, credentials);
        S3AsyncClient known = clients.getIfPresent(key);
        if (known != null) {
            return Mono.just(known);
        }
        return Mono.fromCallable(() -> clients.get(key, this::build)).subscribeOn(Schedulers.boundedElastic());
    }

    private S3AsyncClient build(Key key) {
        return aws.s3(key.region(), aws.credentials(key.credentials()));
    }
}
