package io.securityexport.config;

import io.securityexport.common.secret.SecretKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import io.securityexport.aws.AwsEndpoints;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * All settings of the config service ({@code security-export.config.*}).
 *
 * @param topics  the export-job topic it publishes to and the result topic it reads the run history from
 * @param secrets the keys that seal customers' secrets at rest
 */
@Validated
@ConfigurationProperties("security-export.config")
public record ConfigProperties(
        @Valid @NotNull @DefaultValue Topics topics,
        @NotNull SecretKeys secrets,
        @Valid @NotNull @DefaultValue AwsEndpoints aws,
        @Valid @NotNull @DefaultValue Platform platform,
        @Valid @NotNull @DefaultValue CredentialTest credentialTest,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Schedule schedule) {

    /**
     * @param enabled      runs the midnight scheduler and the retry loop (tests switch it off to drive them)
     * @param settleDelay  how long after midnight a day counts as complete (see DaySettlement); above the ingest
     *                     statement timeout
     * @param checkInterval how often due days, due retries and unpublished jobs are looked for
     * @param retention    days older than this are neither caught up nor retried (the data is gone)
     * @param retryBackoff the waits between attempts of a failed day; the last one repeats (daily)
     * @param resultTimeout a published run with no result after this long counts as failed (NO_RESULT) and is
     *                      retried; above the workers' job timeout
     */
    public record Schedule(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("2m") Duration settleDelay,
            @NotNull @DefaultValue("15s") Duration checkInterval,
            @NotNull @DefaultValue("30d") Duration retention,
            @NotEmpty @DefaultValue({"5m", "15m", "1h", "3h", "6h", "12h", "24h"}) java.util.List<Duration> retryBackoff,
            @NotNull @DefaultValue("3h") Duration resultTimeout) {
    }

    /**
     * Bearer tokens: keys from {@code jwkSetUri} (the identity provider), else the RSA {@code publicKey} (PEM);
     * {@code issuer} checked when set; {@code companyClaim} names the claim holding the token's company ID.
     */
    public record Auth(String jwkSetUri, String publicKey, String issuer,
                       @NotBlank @DefaultValue("company_id") String companyClaim) {
    }

    /** @param accountId the platform's AWS account, which customers' role trust policies must name */
    public record Platform(@NotBlank @DefaultValue("000000000000") String accountId) {
    }

    /**
     * @param assumeRoleRetries    how often an AssumeRole refused right after the role was created is retried
     * @param assumeRoleRetryDelay the first back-off (doubling) between those retries
     * @param callTimeout          the longest one AWS call of the test may take
     */
    public record CredentialTest(
            @DefaultValue("3") int assumeRoleRetries,
            @NotNull @DefaultValue("2s") Duration assumeRoleRetryDelay,
            @NotNull @DefaultValue("10s") Duration callTimeout) {
    }

    public record Topics(
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_JOBS) String exportJobs,
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_RESULTS) String exportResults,
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.SECURITY_EVENTS) String securityEvents) {
    }
}
