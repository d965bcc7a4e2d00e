package io.securityexport.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The AssumeRole parameters this stub understands, validated with the constraints AWS documents. */
record AssumeRoleRequest(RoleArn roleArn, String roleSessionName, Optional<String> externalId, Duration duration) {

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    private static final long MIN_DURATION_SECONDS = 900;
    private static final long MAX_DURATION_SECONDS = 43_200;

    static AssumeRoleRequest from(Map<String, List<String>> parameters) {
        String roleArn = required(parameters, "RoleArn");
        RoleArn arn;
        try {
            arn = RoleArn.parse(roleArn);
        } catch (IllegalArgumentException e) {
            throw StsFault.validation(roleArn + " is invalid");
        }
        String sessionName = required(parameters, "RoleSessionName");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw StsFault.validation("1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        Optional<String> externalId = optional(parameters, "ExternalId");
        if (externalId.isPresent() && !EXTERNAL_ID.matcher(externalId.get()).matches()) {
            throw StsFault.validation("1 validation error detected: Value at 'externalId' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: [\\w+=,.@:/-]*"
                    + " and have length between 2 and 1224");
        }
        return new AssumeRoleRequest(arn, sessionName, externalId, duration(parameters));
    }

    private static Duration duration(Map<String, List<String>> parameters) {
        Optional<String> raw = optional(parameters, "DurationSeconds");
        if (raw.isEmpty()) {
            return DEFAULT_DURATION;
        }
        long seconds;
        try {
            seconds = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw StsFault.validation("DurationSeconds is not a number: " + raw.get());
        }
        if (seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
            throw StsFault.validation("1 validation error detected: Value '" + seconds + "' at 'durationSeconds'"
                    + " failed to satisfy constraint: Member must have value between " + MIN_DURATION_SECONDS
                    + " and " + MAX_DURATION_SECONDS);
        }
        return Duration.ofSeconds(seconds);
    }

    private static String required(Map<String, List<String>> parameters, String name) {
        return optional(parameters, name)
                .orElseThrow(
                        () -> new StsFault(400, "MissingParameter", "The request must contain the parameter " + name));
    }

    private static Optional<String> optional(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
