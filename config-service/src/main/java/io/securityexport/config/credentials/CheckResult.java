package io.securityexport.config.credentials;

import io.securityexport.config.i18n.Sentence;
import java.util.List;

/**
 * The outcome of one real call Test Credentials made.
 *
 * @param check        the call, named as in IAM (AssumeRole, GetBucketLocation, ListBucket, PutObject, …)
 * @param awsErrorCode what AWS answered, when it refused
 * @param message      what it means and what to change, for the admin (said in their language at the web edge)
 */
public record CheckResult(String check, Status status, String awsErrorCode, Sentence message) {

    /** The codes of every sentence a failed check says: to read one stored in English back (see Sentences). */
    public static final List<String> FAILURE_SENTENCES = FailureAdvice.SENTENCES;

    public enum Status {
        PASSED,
        FAILED,
        WARNING,
        SKIPPED
    }

    static CheckResult passed(String check, String code, Object... args) {
        return new CheckResult(check, Status.PASSED, null, Sentence.of(code, args));
    }

    static CheckResult skipped(String check, String because) {
        return new CheckResult(check, Status.SKIPPED, null, Sentence.of(because));
    }

    static CheckResult failed(String check, String awsErrorCode, String code, Object... args) {
        return new CheckResult(check, Status.FAILED, awsErrorCode, Sentence.of(code, args));
    }
}
