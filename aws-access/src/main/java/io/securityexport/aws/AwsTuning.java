package io.securityexport.aws;

import java.time.Duration;

/**
 * How {@link AwsClients} uses the SDK: the one place for these numbers. A service binds this record in its own
 * configuration tree; a component it leaves unset (null) takes the default named here.
 *
 * @param sessionDuration       how long an assumed role's session lasts (DurationSeconds); default 1 h
 * @param refreshBeforeExpiry   a session is renewed in the background this long before it expires; default 5 min
 * @param staleBeforeExpiry     a session this close to expiry is not used: the caller waits for a new one (the
 *                              background renewal should have made that rare); default 1 min, less than
 *                              {@code refreshBeforeExpiry}
 * @param maxAttempts           attempts per S3 request, for throttling, 5xx, timeouts and reset connections
 *                              (refusals are not retried); five ride out a short S3 brown-out without failing a long
 *                              multipart upload; default 5
 * @param attemptTimeout        one request (e.g. an 8 MiB part) taking longer is abandoned and retried; default 2 min
 * @param schedulerThreads      threads shared by all S3 clients for timeouts and retry delays; default 2
 * @param completionThreads     threads shared by all S3 clients that complete their futures (never the Netty event
 *                              loop); default 8
 */
public record AwsTuning(
        Duration sessionDuration,
        Duration refreshBeforeExpiry,
        Duration staleBeforeExpiry,
        Integer maxAttempts,
        Duration attemptTimeout,
        Integer schedulerThreads,
        Integer completionThreads) {

    public AwsTuning {
        sessionDuration = sessionDuration == null ? Duration.ofHours(1) : sessionDuration;
        refreshBeforeExpiry = refreshBeforeExpiry == null ? Duration.ofMinutes(5) : refreshBeforeExpiry;
        staleBeforeExpiry = staleBeforeExpiry == null ? Duration.ofMinutes(1) : staleBeforeExpiry;
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        attemptTimeout = attemptTimeout == null ? Duration.ofMinutes(2) : attemptTimeout;
        schedulerThreads = schedulerThreads == null ? 2 : schedulerThreads;
        completionThreads = completionThreads == null ? 8 : completionThreads;
        if (staleBeforeExpiry.compareTo(refreshBeforeExpiry) >= 0) {
            throw new IllegalArgumentException("staleBeforeExpiry (" + staleBeforeExpiry
                    + ") must be shorter than refreshBeforeExpiry (" + refreshBeforeExpiry
                    + "), or sessions would go stale before their background renewal");
        }
    }

    /** Every default. */
    public static AwsTuning defaults() {
        return new AwsTuning(null, null, null, null, null, null, null);
    }
}
