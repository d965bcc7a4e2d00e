package io.securityexport.export.clients;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.securityexport.aws.AwsClients;
import io.securityexport.aws.CustomerCredentials;
import io.securityexport.export.WorkerProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One S3 client, with its credentials provider, per distinct company credential and region, kept between jobs:
 * building an SDK client costs milliseconds of classpath scanning (a good part of a small day's export), and an
 * assumed role's session is reused, and renewed in the background before it expires, instead of calling STS for
 * every file. Changed settings are a different key, so they take effect at once.
 * <p>
 * The AssumeRole call behind a role's credentials blocks, and the S3 client asks for credentials on whatever thread
 * starts a request — after a settings read, an r2dbc event loop. So {@link #s3} resolves the credentials on the
 * bounded-elastic scheduler before it hands the client out: the first AssumeRole of a session happens there, and the
 * renewals happen on the SDK's background threads ({@link AwsClients#credentials}).
 * <p>
 * An entry is dropped after {@code clients.idle} unused (longer than any export may run) or when there are more than
 * {@code clients.maximum-size}; a dropped role's provider is closed, which ends its background renewals. The clients
 * share {@link AwsClients}' HTTP client and threads and hold nothing else that needs closing, so a drop never breaks
 * an export still using the client.
 */
@Component
public class CompanyClients {

    private record Key(String region, CustomerCredentials credentials) {}

    private record Entry(S3AsyncClient s3, AwsCredentialsProvider credentials) {

        void close() {
            if (credentials instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private final AwsClients aws;
    private final Cache<Key, Entry> clients;
    private final Scheduler blocking = Schedulers.boundedElastic();

    CompanyClients(AwsClients aws, WorkerProperties properties) {
        this.aws = aws;
        this.clients = Caffeine.newBuilder()
                .expireAfterAccess(properties.clients().idle())
                .maximumSize(properties.clients().maximumSize())
                .<Key, Entry>removalListener((key, entry, cause) -> {
                    if (entry != null) {
                        entry.close();
                    }
                })
                .build();
    }

    /**
     * The company's S3 client, its credentials resolved (a new client is built here too: it scans the class path);
     * emitted on a bounded-elastic thread, never on an event loop.
     */
    public Mono<S3AsyncClient> s3(String region, CustomerCredentials credentials) {
        return Mono.fromCallable(() -> ready(new Key(region, credentials))).subscribeOn(blocking);
    }

    private S3AsyncClient ready(Key key) {
        Entry entry = clients.get(key, this::build);
        // a cached session answers at once; a first or stale one is assumed here, where blocking is allowed
        entry.credentials().resolveCredentials();
        return entry.s3();
    }

    private Entry build(Key key) {
        AwsCredentialsProvider credentials = aws.credentials(key.credentials());
        return new Entry(aws.s3(key.region(), credentials), credentials);
    }
}
