package io.securityexport.aws;

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
 * closing a per-company client leaves the shared ones open. Close this at shutdown. Its numbers are {@link AwsTuning}.
 */
public final class AwsClients implements AutoCloseable {

    private static final String DEFAULT_STS_REGION = "us-east-1";

    private final AwsEndpoints endpoints;
    private final AwsTuning tuning;
    private final SdkAsyncHttpClient s3Http = NettyNioAsyncHttpClient.builder().build();
    private final SdkHttpClient stsHttp = ApacheHttpClient.builder().build();
    private final StsClient sts;
    /**
     * Every S3 client would otherwise start its own scheduler (timeouts, retry delays) and response threads, which
     * never time out: shared, a client per company costs memory only and holds nothing that must be closed.
     */
    private final ScheduledExecutorService s3Scheduler;

    private final ThreadPoolExecutor s3Completions;
    /**
     * Throttling, 5xx, timeouts and reset connections are retried with exponential back-off and jitter (the SDK's
     * standard strategy, longer base delay for throttling). Refusals (403, 404, bad credentials) are not retried.
     */
    private final RetryStrategy transientFaults;

    /** With every {@link AwsTuning} default. */
    public AwsClients(AwsEndpoints endpoints) {
        this(endpoints, AwsTuning.defaults());
    }

    public AwsClients(AwsEndpoints endpoints, AwsTuning tuning) {
        this.endpoints = endpoints;
        this.tuning = tuning;
        this.s3Scheduler = Executors.newScheduledThreadPool(tuning.schedulerThreads(), daemon("aws-s3-scheduler"));
        this.s3Completions = completions(tuning.completionThreads());
        this.transientFaults = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(tuning.maxAttempts())
                .build();
        this.sts = stsClient(platformCredentials());
    }

    /** An S3 client for one company's bucket region, signing with the company's credentials. */
    public S3AsyncClient s3(String region, AwsCredentialsProvider credentials) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClient(s3Http)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(endpoints.pathStyle())
                .overrideConfiguration(retries -> retries.retryStrategy(transientFaults)
                        .apiCallAttemptTimeout(tuning.attemptTimeout())
                        .scheduledExecutorService(s3Scheduler))
                .asyncConfiguration(async ->
                        async.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, s3Completions));
        if (endpoints.s3Endpoint() != null) {
            // SDK 2.30+ adds CRC32 trailers (aws-chunked) by default; many S3-compatible servers reject them.
            builder.endpointOverride(endpoints.s3Endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    /**
     * Credentials for a company. For a role, the provider assumes it on first use, then renews the session in the
     * background ({@link AwsTuning#refreshBeforeExpiry()}, on the SDK's own threads): the AssumeRole call is a
     * blocking one ({@link StsAssumeRoleCredentialsProvider} takes only a synchronous {@link StsClient}), and the S3
     * client asks for credentials on whatever thread starts a request, which may be an event loop. The first use
     * still blocks its caller: resolve the credentials once on a thread that may block before handing them to an S3
     * client used from event loops. Close a role's provider when it is no longer used, which ends its renewals (it
     * still answers afterwards, renewing in the caller when its session is stale).
     */
    public AwsCredentialsProvider credentials(CustomerCredentials credentials) {
        if (credentials instanceof CustomerCredentials.AccessKey key) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    key.accessKeyId(), key.secretAccessKey().reveal()));
        }
        CustomerCredentials.AssumedRole role = (CustomerCredentials.AssumedRole) credentials;
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request -> request.roleArn(role.roleArn())
                        .externalId(role.externalId())
                        .roleSessionName(role.sessionName())
                        .durationSeconds((int) tuning.sessionDuration().toSeconds()))
                .prefetchTime(tuning.refreshBeforeExpiry())
                .staleTime(tuning.staleBeforeExpiry())
                .asyncCredentialUpdateEnabled(true)
                .build();
    }

    /** The platform's STS client, for Test Credentials' direct AssumeRole calls. */
    public StsClient sts() {
        return sts;
    }

    private AwsCredentialsProvider platformCredentials() {
        if (endpoints.platformAccessKeyId() != null
                && !endpoints.platformAccessKeyId().isBlank()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(endpoints.platformAccessKeyId(), endpoints.platformSecretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private StsClient stsClient(AwsCredentialsProvider platform) {
        StsClientBuilder builder = StsClient.builder()
                .httpClient(stsHttp)
                .region(Region.of(
                        endpoints.stsRegion() == null || endpoints.stsRegion().isBlank()
                                ? DEFAULT_STS_REGION
                                : endpoints.stsRegion()))
                .credentialsProvider(platform);
        if (endpoints.stsEndpoint() != null) {
            builder.endpointOverride(endpoints.stsEndpoint());
        }
        return builder.build();
    }

    /** Idle completion threads end after a while, so an idle service holds none. */
    private static ThreadPoolExecutor completions(int threads) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("aws-s3-response"));
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
