package io.securityexport.config.credentials;

import io.securityexport.aws.AwsFailure;

/** What an AWS refusal of one check means for the admin, and what to add to the policy. */
final class FailureAdvice {

    private FailureAdvice() {}

    static CheckResult failed(String check, AwsFailure failure, String bucket, String folder) {
        return new CheckResult(
                check, CheckResult.Status.FAILED, failure.code(), sentence(check, failure, bucket, folder));
    }

    private static String sentence(String check, AwsFailure failure, String bucket, String folder) {
        return switch (failure.code()) {
            case "AccessDenied" ->
                check + " was denied on " + bucket + placeOf(check, folder) + ": add " + permissionOf(check) + " on "
                        + resourceOf(check, bucket, folder);
            case "NoSuchBucket" -> "bucket " + bucket + " does not exist (check the name and the account)";
            case "InvalidAccessKeyId" ->
                "AWS does not know this access key ID: check it, or create a new key for the IAM user";
            case "SignatureDoesNotMatch" -> "the secret access key does not belong to this access key ID";
            case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" ->
                "bucket " + bucket + " is in another region than the settings say";
            case "AWS_UNREACHABLE" -> "S3 could not be reached: " + failure.message();
            default -> check + " failed: " + failure.message();
        };
    }

    private static String placeOf(String check, String folder) {
        return check.endsWith("Object") || check.equals("ListBucket") ? " under " + folder + "/" : "";
    }

    private static String permissionOf(String check) {
        return "s3:" + check;
    }

    private static String resourceOf(String check, String bucket, String folder) {
        return check.endsWith("Object")
                ? "arn:aws:s3:::" + bucket + "/" + folder + "/*"
                : "arn:aws:s3:::" + bucket + (check.equals("ListBucket") ? " (prefix " + folder + "/)" : "");
    }
}
