package io.securityexport.config.credentials;

import io.securityexport.config.i18n.Sentence;
import java.time.Duration;

/**
 * The company has used up its budget of Test Credentials runs ({@code credential-test.rate-limit}); rendered as 429
 * with {@code Retry-After}.
 */
public final class TooManyCredentialTests extends RuntimeException {

    private final long retryAfterSeconds;
    private final Sentence sentence;

    TooManyCredentialTests(String companyId, Duration wait, int burst, Duration interval) {
        super("company " + companyId + " ran Test Credentials too often", null, false, false);
        // whole seconds, rounded up and at least 1: a client that waits this long does get a token
        this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        this.sentence = Sentence.of(
                "problem.too-many-credential-tests.detail",
                String.valueOf(burst),
                String.valueOf(Math.max(1, interval.toSeconds())),
                String.valueOf(retryAfterSeconds));
    }

    /** For the {@code Retry-After} header. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** What happened and when to try again, for the admin. */
    public Sentence sentence() {
        return sentence;
    }
}
