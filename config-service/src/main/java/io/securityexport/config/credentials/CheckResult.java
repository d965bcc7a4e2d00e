package io.securityexport.config.credentials;

/**
 * The outcome of one real call Test Credentials made.
 *
 * @param check        the call, named as in IAM (AssumeRole, GetBucketLocation, ListBucket, PutObject, …)
 * @param awsErrorCode what AWS answered, when it refused
 * @param message      what it means and what to change, for the admin
 */
public record CheckResult(String check, Status status, String awsErrorCode, String message) {

    public enum Status {
        PASSED,
        FAILED,
        WARNING,
        SKIPPED
    }

    static CheckResult passed(String check, String message) {
        return new CheckResult(check, Status.PASSED, null, message);
    }

    static CheckResult skipped(String check, String because) {
        return new CheckResult(check, Status.SKIPPED, null, because);
    }
}
