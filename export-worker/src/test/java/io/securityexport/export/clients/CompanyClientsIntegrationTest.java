package io.securityexport.export.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.aws.AwsClients;
import io.securityexport.aws.AwsEndpoints;
import io.securityexport.aws.AwsTuning;
import io.securityexport.aws.CustomerCredentials;
import io.securityexport.export.TestProperties;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A role's credentials come from a blocking AssumeRole call; the worker's S3 calls start on event loops. Against the
 * test STS and S3 servers: the AssumeRole call never runs on a thread that must not block, neither for the first
 * session nor for its renewal.
 */
class CompanyClientsIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();

    /**
     * Sessions of STS's shortest length (15 min), due for renewal {@link #FRESH} after they were assumed: later uses
     * fall in the renewal window, as the uses of a long export near its session's end do. (A session due at once would
     * not do: the SDK then keeps it for about a minute anyway rather than call STS on every use.)
     */
    private static final Duration FRESH = Duration.ofSeconds(2);

    private static final AwsTuning SOON_RENEWING = new AwsTuning(
            Duration.ofMinutes(15), Duration.ofMinutes(15).minus(FRESH), Duration.ofMinutes(1), null, null, null, null);

    private final AwsClients aws = new AwsClients(
            new AwsEndpoints(
                    INFRASTRUCTURE.s3().endpoint(),
                    INFRASTRUCTURE.sts().endpoint(),
                    true,
                    "us-east-1",
                    INFRASTRUCTURE.sts().platformKey().accessKeyId(),
                    INFRASTRUCTURE.sts().platformKey().secretAccessKey()),
            SOON_RENEWING);

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void theRolesSessionIsNeverAssumedOnAnEventLoopOrParallelThread() {
        String bucket = TestResources.uniqueName("role-threads");
        INFRASTRUCTURE.s3().createBucket(bucket);
        String roleArn = "arn:aws:iam::210987654321:role/" + bucket;
        INFRASTRUCTURE.sts().defineRole(roleArn, Optional.of("external-" + bucket));
        CustomerCredentials role =
                CustomerCredentials.AssumedRole.forCompany(roleArn, "external-" + bucket, "threads-co");
        CompanyClients clients = new CompanyClients(aws, TestProperties.withResults(TestProperties.DEFAULT_RESULTS));
        int before = StsCallThreads.THREADS.size();

        for (int job = 0; job < 3; job++) {
            if (job > 0) {
                Instant due = Instant.now().plus(FRESH);
                await().atMost(FRESH.multipliedBy(3)).until(() -> Instant.now().isAfter(due)); // the session is due
            }
            Mono.just(job)
                    .publishOn(Schedulers.parallel()) // a job's settings arrive on an r2dbc event loop
                    .flatMap(ignored -> clients.s3("us-east-1", role))
                    .flatMap(s3 -> headBucket(s3, bucket))
                    // later requests of a long upload start on non-blocking threads too
                    .publishOn(Schedulers.parallel())
                    .flatMap(ignored -> clients.s3("us-east-1", role)
                            .flatMap(s3 -> Mono.just(s3)
                                    .publishOn(Schedulers.parallel())
                                    .flatMap(onEventLoop -> headBucket(onEventLoop, bucket))))
                    .as(StepVerifier::create)
                    .expectNextCount(1)
                    .verifyComplete();
        }

        assertThat(StsCallThreads.THREADS.subList(before, StsCallThreads.THREADS.size()))
                .as("threads that called AssumeRole")
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread).doesNotStartWith("non-blocking"));
    }

    private static Mono<Object> headBucket(S3AsyncClient s3, String bucket) {
        return Mono.fromFuture(() -> s3.headBucket(head -> head.bucket(bucket))).map(response -> response);
    }
}
