package io.securityexport.export.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.securityexport.aws.AwsClients;
import io.securityexport.aws.CustomerCredentials;
import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One S3 client, with its credentials provider, per distinct company credential and region, kept between jobs:
 * building an SDK client costs milliseconds of classpath scanning (a good part of a small day's export), and an
 * assumed role's session is reused until shortly before it expires instead of calling STS for every file. Changed
 * settings are a different key, so they take effect at once; entries idle for longer than any job can run are
 * evicted and closed.
 */
@Component
public class CompanyClients {

    private static final Duration IDLE = Duration.ofHours(3);

    private record Key(String region, CustomerCredentials credentials) {
    }

    private record Clients(S3AsyncClient s3, AwsCredentialsProvider provider) {
        void close() {
            s3.close();
            if (provider instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private final AwsClients aws;
    private final Cache<Key, Clients> clients = Caffeine.newBuilder()
            .expireAfterAccess(IDLE)
            .maximumSize(20_000)
            .<Key, Clients>removalListener((key, clients, cause) -> clients.close())
            .build();

    CompanyClients(AwsClients aws) {
        this.aws = aws;
    }

    /** The company's S3 client; a new one is built off the event loop (it scans the class path). */
    public Mono<S3AsyncClient> s3(String region, CustomerCredentials credentials) {
        Key key = new Key(region, credentials);
        Clients known = clients.getIfPresent(key);
        if (known != null) {
            return Mono.just(known.s3());
        }
        return Mono.fromCallable(() -> clients.get(key, this::build).s3()).subscribeOn(Schedulers.boundedElastic());
    }

    private Clients build(Key key) {
        AwsCredentialsProvider provider = aws.credentials(key.credentials());
        return new Clients(aws.s3(key.region(), provider), provider);
    }
}
