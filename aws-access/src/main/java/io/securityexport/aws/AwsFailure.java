package io.securityexport.aws;

import io.securityexport.common.error.Causes;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The one place that turns SDK exceptions into an error code and a sentence. SDK messages name buckets, keys and
 * request IDs but never secrets.
 */
public record AwsFailure(String code, String message, int status) {

    public static AwsFailure of(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode() != null
                    ? aws.awsErrorDetails().errorCode()
                    : "HTTP_" + aws.statusCode();
            String detail = aws.awsErrorDetails().errorMessage();
            return new AwsFailure(
                    code,
                    aws.awsErrorDetails().serviceName() + " answered " + aws.statusCode() + " " + code
                            + (detail == null ? "" : ": " + detail),
                    aws.statusCode());
        }
        if (cause instanceof SdkClientException client && client.getCause() instanceof AwsServiceException) {
            return of(client.getCause());
        }
        if (cause instanceof SdkClientException) {
            return new AwsFailure("AWS_UNREACHABLE", "AWS could not be reached: " + cause.getMessage(), 0);
        }
        return new AwsFailure("EXPORT_FAILED", cause.getClass().getSimpleName() + ": " + cause.getMessage(), 0);
    }

    /**
     * A failure of a company's export: when STS refuses to let the platform assume the company's role, the fix is in
     * the role's trust policy, and the sentence says so with the external ID it must require.
     */
    public static AwsFailure of(Throwable error, CustomerCredentials credentials) {
        AwsFailure failure = of(error);
        if (credentials instanceof CustomerCredentials.AssumedRole role
                && failure.status() == 403
                && Causes.include(error, StsException.class)) {
            return new AwsFailure(
                    failure.code(),
                    "the platform could not assume " + role.roleArn()
                            + ": its trust policy must allow the platform's AWS account (GET …/aws-trust shows it and the"
                            + " policy) with the condition sts:ExternalId = " + role.externalId(),
                    failure.status());
        }
        return failure;
    }
}
