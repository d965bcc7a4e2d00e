package io.securityexport.aws;

import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place that turns SDK exceptions into an error code and a sentence. SDK messages name buckets, keys and
 * request IDs but never secrets. {@link #permanent()} tells a fault the customer must fix from one worth retrying.
 */
public record AwsFailure(String code, String message, int status) {

    /** Codes that no retry will cure: the customer's bucket, policy or credentials must change. */
    private static final Set<String> PERMANENT = Set.of("AccessDenied", "NoSuchBucket", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "InvalidClientTokenId", "AuthorizationHeaderMalformed", "PermanentRedirect",
            "IllegalLocationConstraintException", "InvalidBucketName", "AllAccessDisabled", "AccountProblem",
            "NOT_CONFIGURED", "SECRET_UNREADABLE");

    public static AwsFailure of(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode()
                    : "HTTP_" + aws.statusCode();
            String detail = aws.awsErrorDetails().errorMessage();
            return new AwsFailure(code, aws.awsErrorDetails().serviceName() + " answered " + aws.statusCode() + " " + code
                    + (detail == null ? "" : ": " + detail), aws.statusCode());
        }
        if (cause instanceof SdkClientException client && client.getCause() instanceof AwsServiceException) {
            return of(client.getCause());
        }
        if (cause instanceof SdkClientException) {
            return new AwsFailure("AWS_UNREACHABLE", "AWS could not be reached: " + cause.getMessage(), 0);
        }
        return new AwsFailure("EXPORT_FAILED", cause.getClass().getSimpleName() + ": " + cause.getMessage(), 0);
    }

    public boolean permanent() {
        return PERMANENT.contains(code) || status == 403 || status == 404;
    }
}
