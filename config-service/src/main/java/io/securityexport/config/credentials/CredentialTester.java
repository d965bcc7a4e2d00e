package io.securityexport.config.credentials;

import io.securityexport.aws.AwsClients;
import io.securityexport.aws.AwsFailure;
import io.securityexport.aws.CustomerCredentials;
import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.config.ConfigProperties;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.settings.CredentialCheck;
import io.securityexport.config.settings.ExportCredentials;
import io.securityexport.config.settings.ExportSettings;
import io.securityexport.config.settings.ExternalIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Test Credentials: makes, for real, every call an export makes — assume the role (role method), get the bucket
 * location, list the folder, put a small probe object under the folder (with the SSE header when on), read it
 * back, delete it — and reports each with AWS's error code and what to change. For the role method it also tries
 * AssumeRole without the external ID and warns when that works (the confused-deputy guard is missing).
 */
@Service
public class CredentialTester implements CredentialCheck {

    private static final Logger log = LoggerFactory.getLogger(CredentialTester.class);
    private static final byte[] PROBE =
            "Security Event Export credential test; safe to delete.\n".getBytes(StandardCharsets.UTF_8);

    private final AwsClients aws;
    private final ExternalIds externalIds;
    private final SecretKeyring keyring;
    private final ConfigProperties properties;
    private final CredentialTestBudget budget;

    CredentialTester(
            AwsClients aws,
            ExternalIds externalIds,
            SecretKeyring keyring,
            ConfigProperties properties,
            CredentialTestBudget budget) {
        this.aws = aws;
        this.externalIds = externalIds;
        this.keyring = keyring;
        this.properties = properties;
        this.budget = budget;
    }

    /**
     * Test Credentials asked for through the API (the test endpoint, a save): drawn from the company's budget first,
     * else {@link TooManyCredentialTests} without any AWS call.
     */
    public Mono<CredentialTestReport> requested(ExportSettings settings) {
        return budget.take(settings.companyId()).then(Mono.defer(() -> test(settings)));
    }

    /** Test Credentials on the platform's own initiative (the checks before midnight): no budget. */
    public Mono<CredentialTestReport> test(ExportSettings settings) {
        return access(settings)
                .flatMap(access -> access.provider() == null
                        ? Mono.just(withSkippedS3(access.checks()))
                        : bucketChecks(settings, access.provider()).map(checks -> concat(access.checks(), checks)))
                .map(CredentialTestReport::of)
                .doOnNext(report -> log.info(
                        "credential test companyId={} method={} passed={}",
                        settings.companyId(),
                        settings.credentials().method(),
                        report.passed()));
    }

    /** The gate before a save: the candidate when it passes, else {@link CredentialTestFailed} with every check. */
    @Override
    public Mono<ExportSettings> passed(ExportSettings candidate) {
        return requested(candidate)
                .flatMap(report ->
                        report.passed() ? Mono.just(candidate) : Mono.error(new CredentialTestFailed(report)));
    }

    /** The credentials the export would sign with, plus the role checks when there is a role. */
    private record Access(AwsCredentialsProvider provider, List<CheckResult> checks) {}

    private Mono<Access> access(ExportSettings settings) {
        if (settings.credentials() instanceof ExportCredentials.AccessKey key) {
            CustomerCredentials.AccessKey customer = new CustomerCredentials.AccessKey(
                    key.accessKeyId(), keyring.open(key.secretAccessKey(), settings.companyId()));
            return Mono.just(new Access(aws.credentials(customer), List.of()));
        }
        String roleArn = ((ExportCredentials.AssumeRole) settings.credentials()).roleArn();
        return externalIds
                .of(settings.companyId())
                .flatMap(externalId -> assumeRole(settings.companyId(), roleArn, externalId));
    }

    private Mono<Access> assumeRole(String companyId, String roleArn, String externalId) {
        CustomerCredentials.AssumedRole role =
                CustomerCredentials.AssumedRole.forCompany(roleArn, externalId, companyId);
        ConfigProperties.CredentialTest settings = properties.credentialTest();
        return callSts(role.roleArn(), role.externalId(), role.sessionName())
                // a role created seconds ago may be refused while IAM propagates it
                .retryWhen(Retry.backoff(settings.assumeRoleRetries(), settings.assumeRoleRetryDelay())
                        .filter(error ->
                                "AccessDenied".equals(AwsFailure.of(error).code())))
                .map(credentials -> StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .flatMap(provider -> withoutExternalId(role)
                        .map(warning -> new Access(
                                provider,
                                List.of(
                                        CheckResult.passed("AssumeRole", "check.assume-role.passed", roleArn),
                                        warning))))
                .onErrorResume(error -> Mono.just(new Access(
                        null,
                        List.of(assumeRoleFailed(
                                roleArn,
                                externalId,
                                AwsFailure.of(
                                        error.getCause() != null && Exceptions.isRetryExhausted(error)
                                                ? error.getCause()
                                                : error))))));
    }

    private Mono<CheckResult> withoutExternalId(CustomerCredentials.AssumedRole role) {
        return callSts(role.roleArn(), null, role.sessionName())
                .map(ignored -> new CheckResult(
                        "AssumeRoleWithoutExternalId",
                        CheckResult.Status.WARNING,
                        null,
                        Sentence.of(
                                "check.assume-role-without-external-id.warning",
                                "\"StringEquals\": {\"sts:ExternalId\": \"…\"}")))
                .onErrorResume(error -> Mono.just(CheckResult.passed(
                        "AssumeRoleWithoutExternalId", "check.assume-role-without-external-id.passed")));
    }

    /** The SDK's STS client is synchronous; its calls go to the bounded elastic scheduler, off the event loop. */
    private Mono<Credentials> callSts(String roleArn, String externalId, String sessionName) {
        return Mono.fromCallable(() -> aws.sts()
                        .assumeRole(AssumeRoleRequest.builder()
                                .roleArn(roleArn)
                                .externalId(externalId)
                                .roleSessionName(sessionName)
                                .durationSeconds(900)
                                .build())
                        .credentials())
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.credentialTest().callTimeout());
    }

    private CheckResult assumeRoleFailed(String roleArn, String externalId, AwsFailure failure) {
        Sentence message = "AccessDenied".equals(failure.code())
                ? Sentence.of(
                        "check.assume-role.denied",
                        roleArn,
                        properties.platform().accountId(),
                        externalId)
                : Sentence.of("check.assume-role.failed", failure.message());
        return new CheckResult("AssumeRole", CheckResult.Status.FAILED, failure.code(), message);
    }

    private Mono<List<CheckResult>> bucketChecks(ExportSettings settings, AwsCredentialsProvider provider) {
        return Mono.usingWhen(
                Mono.fromSupplier(() -> aws.s3(settings.region(), provider)),
                s3 -> new BucketProbe(s3, settings).run(),
                s3 -> Mono.fromRunnable(s3::close));
    }

    /** The S3 calls in export order; later ones that need an earlier one's object are skipped if it failed. */
    private final class BucketProbe {
        private final S3AsyncClient s3;
        private final ExportSettings settings;
        private final String bucket;
        private final String folder;
        private final String key;

        BucketProbe(S3AsyncClient s3, ExportSettings settings) {
            this.s3 = s3;
            this.settings = settings;
            this.bucket = settings.bucket();
            this.folder = settings.folderPath().value();
            this.key = folder + "/.security-export-credential-test-" + UUID.randomUUID() + ".txt";
        }

        Mono<List<CheckResult>> run() {
            List<CheckResult> results = new ArrayList<>();
            return location()
                    .doOnNext(results::add)
                    .then(list())
                    .doOnNext(results::add)
                    .then(put())
                    .doOnNext(results::add)
                    .flatMap(put -> put.status() == CheckResult.Status.PASSED
                            ? get().doOnNext(results::add).then(delete()).doOnNext(results::add)
                            : Mono.fromRunnable(() -> {
                                results.add(CheckResult.skipped("GetObject", "check.skipped.no-probe"));
                                results.add(CheckResult.skipped("DeleteObject", "check.skipped.no-probe"));
                            }))
                    .then(Mono.fromSupplier(() -> results));
        }

        private Mono<CheckResult> location() {
            return call(() -> s3.getBucketLocation(request -> request.bucket(bucket)))
                    .map(response -> {
                        String actual = response.locationConstraintAsString() == null
                                        || response.locationConstraintAsString().isEmpty()
                                ? "us-east-1"
                                : response.locationConstraintAsString();
                        return actual.equals(settings.region())
                                ? CheckResult.passed(
                                        "GetBucketLocation", "check.bucket-location.passed", bucket, actual)
                                : CheckResult.failed(
                                        "GetBucketLocation",
                                        null,
                                        "check.bucket-location.other-region",
                                        bucket,
                                        actual,
                                        settings.region());
                    })
                    .onErrorResume(error -> Mono.just(failed("GetBucketLocation", error)));
        }

        private Mono<CheckResult> list() {
            return call(() -> s3.listObjectsV2(request ->
                            request.bucket(bucket).prefix(folder + "/").maxKeys(1)))
                    .map(response -> CheckResult.passed("ListBucket", "check.list-bucket.passed", bucket, folder))
                    .onErrorResume(error -> Mono.just(failed("ListBucket", error)));
        }

        private Mono<CheckResult> put() {
            PutObjectRequest.Builder request = PutObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .contentType("text/plain; charset=utf-8")
                    .contentLength((long) PROBE.length);
            if (settings.sseAes256()) {
                request.serverSideEncryption(ServerSideEncryption.AES256);
            }
            return call(() -> s3.putObject(request.build(), AsyncRequestBody.fromBytes(PROBE)))
                    .map(response -> CheckResult.passed(
                            "PutObject",
                            settings.sseAes256() ? "check.put-object.passed-encrypted" : "check.put-object.passed",
                            bucket,
                            key))
                    .onErrorResume(error -> Mono.just(failed("PutObject", error)));
        }

        private Mono<CheckResult> get() {
            return call(() -> s3.getObject(
                            request -> request.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()))
                    .map(response -> response.asByteArray().length == PROBE.length
                            ? CheckResult.passed("GetObject", "check.get-object.passed")
                            : CheckResult.failed("GetObject", null, "check.get-object.changed"))
                    .onErrorResume(error -> Mono.just(failed("GetObject", error)));
        }

        private Mono<CheckResult> delete() {
            return call(() -> s3.deleteObject(request -> request.bucket(bucket).key(key)))
                    .map(response -> CheckResult.passed("DeleteObject", "check.delete-object.passed"))
                    .onErrorResume(error -> Mono.just(failed("DeleteObject", error)))
                    .map(result -> result.status() == CheckResult.Status.FAILED
                            ? new CheckResult(
                                    result.check(),
                                    result.status(),
                                    result.awsErrorCode(),
                                    Sentence.of("check.delete-object.left-behind", result.message(), bucket, key))
                            : result);
        }

        /** Lazy: the request goes out when the chain reaches this check, not when the chain is built. */
        private <T> Mono<T> call(Supplier<CompletableFuture<T>> request) {
            return Mono.fromFuture(request).timeout(properties.credentialTest().callTimeout());
        }

        private CheckResult failed(String check, Throwable error) {
            return FailureAdvice.failed(check, AwsFailure.of(error), bucket, folder);
        }
    }

    private static List<CheckResult> withSkippedS3(List<CheckResult> roleChecks) {
        List<CheckResult> checks = new ArrayList<>(roleChecks);
        for (String check : List.of("GetBucketLocation", "ListBucket", "PutObject", "GetObject", "DeleteObject")) {
            checks.add(CheckResult.skipped(check, "check.skipped.no-credentials"));
        }
        return checks;
    }

    private static List<CheckResult> concat(List<CheckResult> first, List<CheckResult> second) {
        List<CheckResult> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
