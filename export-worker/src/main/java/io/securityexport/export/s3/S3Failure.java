package io.securityexport.export.s3;

import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place that turns SDK exceptions into an error code and a sentence for the run history. SDK messages
 * name buckets, keys and request IDs but never secrets.
 */
public record S3Failure(String code, String message) {

    public static S3Failure of(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode()
                    : "HTTP_" + aws.statusCode();
            return new S3Failure(code, "S3 answered " + aws.statusCode() + " " + code + ": "
                    + aws.awsErrorDetails().errorMessage());
        }
        if (cause instanceof SdkClientException) {
            return new S3Failure("S3_UNREACHABLE", "S3 could not be reached: " + cause.getMessage());
        }
        return new S3Failure("EXPORT_FAILED", cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
