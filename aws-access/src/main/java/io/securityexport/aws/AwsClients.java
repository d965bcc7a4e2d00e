package io.securityexport.aws;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the SDK clients that reach customers' buckets. All S3 clients share one Netty HTTP client and all STS
 * clients one Apache client (event loops and pools are the expensive part), so a client per company costs little;
 * closing a per-company client leaves the shared ones open. Close this at shutdown.
 */
public final class AwsClients implements AutoCloseable {

    /** Refresh assumed-role credentials this long before they expire, so no request signs with stale ones. */
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
    static final Duration SESSION_DURATION = Duration.ofHours(1);

    private final AwsEndpoints endpoints;
    private final SdkAsyncHttpClient s3Http = NettyNioAsyncHttpClient.builder().build();
    private final SdkHttpClient stsHttp = ApacheHttpClient.builder().build();
    private final StsClient sts;
    /**
     * Every S3 client would otherwise start its own scheduler (timeouts, retry delays) and response threads, which
     * never time out: shared, a client per company costs memory only and holds nothing that must be closed.
     */
    private final ScheduledExecutorService s3Scheduler = Executors.newScheduledThreadPool(2, daemon("aws-s3-scheduler"));
    private final ThreadPoolExecutor s3Completions = completions();

    /**
     * Throttling, 5xx, timeouts and reset connections are retried with exponential back-off and jitter (the SDK's
     * standard strategy, longer base delay for throttling); five attempts ride out a short S3 brown-out without
     * failing a long multipart upload. Refusals (403, 404, bad credentials) are not retried.
     */
    private static final RetryStrategy TRANSIENT_FAULTS = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(5)
            .build();
    /** One request, e.g. an 8 MiB part, that takes longer is abandoned and retried. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(2);

    public AwsClients(AwsEndpoints endpoints) {
        this.endpoints = endpoints;
        this.sts = stsClient(platformCredentials());
    }

    /** An S3 client for one company's bucket region, signing with the company's credentials. */
    public S3AsyncClient s3(String region, AwsCredentialsProvider credentials) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClient(s3Http)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(endpoints.pathStyle())
                .overrideConfiguration(retries -> retries
                        .retryStrategy(TRANSIENT_FAULTS)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .scheduledExecutorService(s3Scheduler))
                .asyncConfiguration(async -> async
                        .advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, s3Completions));
        if (endpoints.s3Endpoint() != null) {
            // SDK 2.30+ adds CRC32 trailers (aws-chunked) by default; many S3-compatible servers reject them.
            builder.endpointOverride(endpoints.s3Endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    /**
     * Credentials for a company. For a role, the provider assumes it on first use and again shortly before the
     * session expires (the SDK caches it); close it with the S3 client.
     */
    public AwsCredentialsProvider credentials(CustomerCredentials credentials) {
        if (credentials instanceof CustomerCredentials.AccessKey key) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey().reveal()));
        }
        CustomerCredentials.AssumedRole role = (CustomerCredentials.AssumedRole) credentials;
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request -> request
                        .roleArn(role.roleArn())
                        .externalId(role.externalId())
                        .roleSessionName(role.sessionName())
                        .durationSeconds((int) SESSION_DURATION.toSeconds()))
                .staleTime(REFRESH_BEFORE_EXPIRY)
                .asyncCredentialUpdateEnabled(false)
                .build();
    }

    /** The platform's STS client, for Test Credentials' direct AssumeRole calls. */
    public StsClient sts() {
        return sts;
    }

    private AwsCredentialsProvider platformCredentials() {
        if (endpoints.platformAccessKeyId() != null && !endpoints.platformAccessKeyId().isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    endpoints.platformAccessKeyId(), endpoints.platformSecretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private StsClient stsClient(AwsCredentialsProvider platform) {
        StsClientBuilder builder = StsClient.builder()
                .httpClient(stsHttp)
                .region(Region.of(endpoints.stsRegion() == null ? "us-east-1" : endpoints.stsRegion()))
                .credentialsProvider(platform);
        if (endpoints.stsEndpoint() != null) {
            builder.endpointOverride(endpoints.stsEndpoint());
        }
        return builder.build();
    }

    private static ThreadPoolExecutor completions() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(8, 8, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("aws-s3-response"));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        sts.close();
        s3Http.close();
        stsHttp.close();
        s3Scheduler.shutdownNow();
        s3Completions.shutdownNow();
    }
}
