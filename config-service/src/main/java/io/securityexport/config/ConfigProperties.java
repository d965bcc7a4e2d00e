package io.securityexport.config;

import io.securityexport.aws.AwsEndpoints;
import io.securityexport.common.secret.DemoKeys;
import io.securityexport.common.secret.SecretKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * All settings of the config service ({@code security-export.config.*}), each default stated once, here.
 * {@code config-service.yml} only maps the deployment's environment variable names onto them (where its fallback
 * must equal the default here: ConfigPropertiesTest checks); anything else is set by relaxed binding, e.g.
 * {@code SECURITY_EXPORT_CONFIG_SCHEDULE_SETTLEDELAY=5m}.
 *
 * @param topics          the export-job topic it publishes to, the result topic it reads the run history from and
 *                        the security-event topic its audit events go to
 * @param secrets         the keys that seal customers' secrets at rest; no default on purpose
 * @param aws             where AWS (or an S3-compatible server and an STS stand-in) is, and the platform's identity
 * @param platform        what customers' role trust policies must name
 * @param credentialTest  how patient Test Credentials is, and how often a company may run it
 * @param api             the limits that keep one client from exhausting the API: body size and connection timeouts
 * @param auth            where the keys that sign bearer tokens come from
 * @param schedule        midnight runs, retries and the job outbox
 * @param runs            the run history and workers' results
 * @param health          when the export's health turns AT_RISK
 * @param precheck        the check of every enabled company's saved credentials before its file is due
 * @param alerts          notification channels and the delivery of alerts to them
 * @param demoKeysAllowed true only in the local stack, the compose demo and tests: start even with a key committed
 *                        in this repository ({@link DemoKeys}); otherwise such a key stops the service at start-up
 */
@Validated
@ConfigurationProperties("security-export.config")
public record ConfigProperties(
        @Valid @NotNull @DefaultValue Topics topics,
        @NotNull SecretKeys secrets,
        @Valid @NotNull @DefaultValue AwsEndpoints aws,
        @Valid @NotNull @DefaultValue Platform platform,
        @Valid @NotNull @DefaultValue CredentialTest credentialTest,
        @Valid @NotNull @DefaultValue Api api,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Schedule schedule,
        @Valid @NotNull @DefaultValue Runs runs,
        @Valid @NotNull @DefaultValue Health health,
        @Valid @NotNull @DefaultValue Precheck precheck,
        @Valid @NotNull @DefaultValue Alerts alerts,
        @DefaultValue("false") boolean demoKeysAllowed) {

    public ConfigProperties {
        if (!demoKeysAllowed) {
            refuseDemoKeys(secrets, auth);
        }
    }

    /**
     * Fails binding, so the service does not start, with a sentence that says what to configure instead. Checked
     * here rather than in a bean so that nothing (Flyway, the Kafka listeners) runs with such a key first.
     */
    private static void refuseDemoKeys(SecretKeys secrets, Auth auth) {
        List<String> problems = new ArrayList<>();
        SortedSet<Integer> demoVersions =
                secrets == null ? Collections.emptySortedSet() : DemoKeys.demoSecretKeyVersions(secrets.keys());
        for (int version : demoVersions) {
            problems.add(
                    "SECRET_KEY_V" + version + " is a demo key committed in this repository (anyone could open the"
                            + " secrets it seals): generate one with 'openssl rand -base64 32' and set it from your secret store");
        }
        if (auth != null && DemoKeys.isDemoAuthPublicKey(auth.publicKey())) {
            problems.add("AUTH_PUBLIC_KEY is the demo token key whose private key is committed in this repository"
                    + " (anyone could mint admin tokens): set AUTH_JWK_SET_URI to your identity provider's JWK set URL,"
                    + " or AUTH_PUBLIC_KEY to its public key");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "config-service refuses to start: " + String.join("; ", problems)
                            + ". Only the local stack, the compose demo and tests may use demo keys, with DEMO_KEYS_ALLOWED=true.");
        }
    }

    /**
     * @param start       when (UTC) the checks before the coming midnight begin: late enough that a problem found is
     *                    current, early enough that the company can fix it before its file is due
     * @param spread      the companies' checks are spread over this long from {@code start} (each company at the
     *                    same offset every day), so that 20,000 companies do not reach STS and S3 in the same
     *                    second; keep {@code start} + {@code spread} well before 00:00
     * @param batch       how many due checks one round claims (the rest wait for the next round)
     * @param concurrency how many checks one replica runs at once
     */
    public record Precheck(
            @NotNull @DefaultValue("23:00") java.time.LocalTime start,
            @NotNull @DefaultValue("45m") Duration spread,
            @Min(1) @DefaultValue("100") int batch,
            @Min(1) @DefaultValue("4") int concurrency) {}

    /**
     * @param enabled       runs the midnight scheduler and the retry loop (tests switch it off to drive them)
     * @param settleDelay   how long after midnight a day counts as complete (common's DaySettlement); above the
     *                      ingest statement timeout
     * @param checkInterval how often due days, due retries and unpublished jobs are looked for
     * @param retention     days older than this are neither caught up nor retried (the data is gone)
     * @param retryBackoff  the waits between attempts of a failed day; the last one repeats (daily)
     * @param resultTimeout a published run with no result from a worker after this long is failed (NO_RESULT) and
     *                      retried like any failed day; keep it above twice the workers' WORKER_JOB_TIMEOUT (a
     *                      duplicate may wait that long for the day's lock, then run that long) plus the longest
     *                      queue wait you expect at midnight
     * @param publishBatch  how many pending jobs the outbox relay takes (and locks) per transaction
     */
    public record Schedule(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("2m") Duration settleDelay,
            @NotNull @DefaultValue("15s") Duration checkInterval,
            @NotNull @DefaultValue("30d") Duration retention,

            @NotEmpty @DefaultValue({"5m", "15m", "1h", "3h", "6h", "12h", "24h"})
            List<Duration> retryBackoff,

            @NotNull @DefaultValue("3h") Duration resultTimeout,
            @Min(1) @DefaultValue("500") int publishBatch) {}

    /**
     * @param resultWriteTimeout the longest the result listener waits for a worker's result to be recorded before
     *                           the record counts as failed (and is redelivered), so a stuck database cannot hold the
     *                           listener for ever
     * @param historyLimit       how many runs, newest first, the run history answers
     */
    public record Runs(
            @NotNull @DefaultValue("30s") Duration resultWriteTimeout,
            @Min(1) @DefaultValue("100") int historyLimit) {}

    /**
     * @param atRiskWithin the health says AT_RISK (rather than FAILING) once the oldest failed day not yet delivered
     *                     leaves the retention ({@code schedule.retention}) within this many whole days
     */
    public record Health(@NotNull @DefaultValue("7d") Duration atRiskWithin) {}

    /**
     * @param deliveryEnabled       runs the delivery loop (a test may switch it off to look at the outbox)
     * @param allowPrivateWebhooks  LOCAL STACK AND TESTS ONLY: accept {@code http} webhook URLs and ones that resolve
     *                              to loopback, private or link-local addresses (a receiver on 127.0.0.1); off, such
     *                              URLs are refused when a channel is created and again at every delivery, so a
     *                              customer cannot make the platform call its own network (SSRF)
     * @param checkInterval         how often due deliveries are looked for (a new alert is also sent right away)
     * @param retryBackoff          the waits after the 1st, 2nd, … failed attempt of one delivery; the last repeats
     * @param maxAttempts           a delivery still failing after this many attempts is given up (FAILED)
     * @param failingAfterFailures  this many failed deliveries in a row mark the channel FAILING: its pending
     *                              deliveries are abandoned and it gets no alerts until a test notification succeeds
     * @param failingAfter          a channel failing without a success for this long is marked FAILING too
     * @param requestTimeout        the longest one webhook call or one SMTP conversation may take
     * @param claimLease            a claimed delivery is not claimed again for this long (a replica that died while
     *                              sending): keep it well above {@code requestTimeout}
     * @param deliveryBatch         how many due deliveries one round claims
     * @param mailThreads           threads sending e-mail at once (JavaMail blocks: a bounded pool of its own)
     * @param mailFrom              the sender address of alert e-mails
     * @param deliveryLogLimit      how many deliveries, newest first, the delivery log answers
     * @param atRiskDaysLeft        {@code export.at_risk} is sent when the oldest failed day not yet delivered leaves
     *                              the retention in exactly one of these many days (once each, at the company's check
     *                              before midnight)
     */
    public record Alerts(
            @DefaultValue("true") boolean deliveryEnabled,
            @DefaultValue("false") boolean allowPrivateWebhooks,
            @NotNull @DefaultValue("5s") Duration checkInterval,

            @NotEmpty @DefaultValue({"10s", "1m", "5m", "15m", "1h", "3h", "6h"})
            List<Duration> retryBackoff,

            @Min(1) @DefaultValue("20") int maxAttempts,
            @Min(1) @DefaultValue("10") int failingAfterFailures,
            @NotNull @DefaultValue("24h") Duration failingAfter,
            @NotNull @DefaultValue("10s") Duration requestTimeout,
            @NotNull @DefaultValue("2m") Duration claimLease,
            @Min(1) @DefaultValue("50") int deliveryBatch,
            @Min(1) @DefaultValue("4") int mailThreads,

            @NotBlank @DefaultValue("security-export@localhost")
            String mailFrom,

            @Min(1) @DefaultValue("100") int deliveryLogLimit,
            @NotEmpty @DefaultValue({"7", "3", "1"}) List<Integer> atRiskDaysLeft) {}

    /**
     * Bearer tokens: keys from {@code jwkSetUri} (the identity provider), else the RSA {@code publicKey} (PEM);
     * {@code issuer} checked when set; {@code companyClaim} names the claim holding the token's company ID.
     */
    public record Auth(
            String jwkSetUri,
            String publicKey,
            String issuer,
            @NotBlank @DefaultValue("company_id") String companyClaim) {}

    /** @param accountId the platform's AWS account, which customers' role trust policies must name */
    public record Platform(
            @NotBlank @DefaultValue("000000000000") String accountId) {}

    /**
     * @param assumeRoleRetries    how often an AssumeRole refused right after the role was created is retried
     * @param assumeRoleRetryDelay the first back-off (doubling) between those retries
     * @param callTimeout          the longest one AWS call of the test may take
     * @param rateLimit            how often one company may run it from the API
     */
    public record CredentialTest(
            @DefaultValue("3") int assumeRoleRetries,
            @NotNull @DefaultValue("2s") Duration assumeRoleRetryDelay,
            @NotNull @DefaultValue("10s") Duration callTimeout,
            @Valid @NotNull @DefaultValue RateLimit rateLimit) {}

    /**
     * Each company's budget of Test Credentials runs requested through the API ({@code POST …/test} and every save
     * that runs the test): a token bucket holding {@code burst} runs, refilled with {@code refill} runs per
     * {@code period}. One run makes up to eight STS and S3 calls on the platform's behalf, so one tenant clicking
     * or scripting must not make us hammer AWS (and get the platform's identity throttled for everyone). The
     * defaults, a burst of 5 and 10 per minute (one every 6 s), leave room for an admin fixing a policy by trial
     * and error (test, change, test again every few seconds) and stop a loop after five calls. The checks before
     * midnight do not draw from it. The budget is kept in memory <b>per replica</b>: with N replicas behind a
     * load balancer a company may get up to N times as many runs.
     *
     * @param burst  runs allowed at once after a quiet spell (the bucket's capacity)
     * @param refill runs added back per {@code period}
     * @param period see {@code refill}
     */
    public record RateLimit(
            @Min(1) @DefaultValue("5") int burst,
            @Min(1) @DefaultValue("10") int refill,
            @NotNull @DefaultValue("1m") Duration period) {

        /** The time in which one run is added back. */
        public Duration interval() {
            return period.dividedBy(refill);
        }
    }

    /**
     * Limits on every request, so that a slow, malformed or oversized one cannot exhaust the service while others
     * wait. Settings and channel JSON is well under 2 KiB.
     *
     * @param maxBodySize    a request body larger than this is refused with 413, whether its Content-Length says so
     *                       or it is sent chunked (counted as it arrives, never buffered whole first)
     * @param maxBodyDrain   a body whose Content-Length is over {@code maxBodySize} but not over this is read and
     *                       discarded before its 413 (within {@code bodyTimeout}), so that the answer is not destroyed
     *                       by the reset a close with unread bytes causes; a larger one is answered at once and its
     *                       connection closed
     * @param maxHeaderSize  request headers larger than this (all of them together) are refused with 431
     * @param headerTimeout  a connection whose request line and headers are not complete this long after the
     *                       request began (a slowloris sending them byte by byte) is closed
     * @param bodyTimeout    a request whose body is not complete this long after its headers is answered 408 and
     *                       its connection closed
     * @param idleTimeout    a kept-alive connection with no new request for this long is closed
     */
    public record Api(
            @NotNull @DefaultValue("64KB") DataSize maxBodySize,
            @NotNull @DefaultValue("1MB") DataSize maxBodyDrain,
            @NotNull @DefaultValue("16KB") DataSize maxHeaderSize,
            @NotNull @DefaultValue("10s") Duration headerTimeout,
            @NotNull @DefaultValue("30s") Duration bodyTimeout,
            @NotNull @DefaultValue("60s") Duration idleTimeout) {}

    /** Topic names; the defaults are the platform's (common's Topics). */
    public record Topics(
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_JOBS)
            String exportJobs,

            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_RESULTS)
            String exportResults,

            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.SECURITY_EVENTS)
            String securityEvents) {}
}
