package io.securityexport.config.credentials;

import io.securityexport.aws.AwsFailure;
import io.securityexport.config.i18n.Sentence;
import java.util.List;

/** What an AWS refusal of one check means for the admin, and what to add to the policy. */
final class FailureAdvice {

    /**
     * Every sentence a check can say, for reading a stored English one back (the check before midnight stores it);
     * clauses first, since a whole sentence may contain them.
     */
    static final List<String> SENTENCES = List.of(
            "check.access-denied.object",
            "check.access-denied.list",
            "check.access-denied.bucket",
            "check.no-such-bucket",
            "check.invalid-access-key-id",
            "check.signature-does-not-match",
            "check.other-region",
            "check.unreachable",
            "check.failed",
            "check.assume-role.denied",
            "check.assume-role.failed",
            "check.bucket-location.other-region",
            "check.get-object.changed",
            "check.delete-object.left-behind");

    private FailureAdvice() {}

    static CheckResult failed(String check, AwsFailure failure, String bucket, String folder) {
        return new CheckResult(
                check, CheckResult.Status.FAILED, failure.code(), sentence(check, failure, bucket, folder));
    }

    private static Sentence sentence(String check, AwsFailure failure, String bucket, String folder) {
        return switch (failure.code()) {
            case "AccessDenied" -> denied(check, bucket, folder);
            case "NoSuchBucket" -> Sentence.of("check.no-such-bucket", bucket);
            case "InvalidAccessKeyId" -> Sentence.of("check.invalid-access-key-id");
            case "SignatureDoesNotMatch" -> Sentence.of("check.signature-does-not-match");
            case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" ->
                Sentence.of("check.other-region", bucket);
            case "AWS_UNREACHABLE" -> Sentence.of("check.unreachable", failure.message());
            default -> Sentence.of("check.failed", check, failure.message());
        };
    }

    /** Which permission the call needs on which resource: objects under the folder, the folder's prefix, the bucket. */
    private static Sentence denied(String check, String bucket, String folder) {
        if (check.endsWith("Object")) {
            return Sentence.of("check.access-denied.object", check, bucket, folder);
        }
        if (check.equals("ListBucket")) {
            return Sentence.of("check.access-denied.list", check, bucket, folder);
        }
        return Sentence.of("check.access-denied.bucket", check, bucket);
    }
}
