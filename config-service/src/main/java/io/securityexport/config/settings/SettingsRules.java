package io.securityexport.config.settings;

import io.securityexport.common.export.FolderPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The field rules for settings, each failure named with the field and a sentence an admin can act on. */
final class SettingsRules {

    /** S3 bucket naming rules (general purpose buckets): 3-63 chars, lowercase letters, digits, dots, hyphens. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA[A-Z0-9]{16}");
    private static final Pattern SECRET_ACCESS_KEY = Pattern.compile("[A-Za-z0-9/+]{40}");
    /** arn:partition:iam::account:role/optional/path/name — IAM role names are 1-64 of [\w+=,.@-]. */
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

    private SettingsRules() {
    }

    static List<FieldProblem> check(SettingsChange change, boolean secretAlreadyStored) {
        List<FieldProblem> problems = new ArrayList<>();
        bucket(change.bucket()).ifPresent(m -> problems.add(new FieldProblem("bucket", m)));
        if (change.region() != null && !REGION.matcher(change.region()).matches()) {
            problems.add(new FieldProblem("region", "must be an AWS region code such as us-east-1"));
        }
        if (change.folderPath() != null) {
            FolderPath.problem(change.folderPath()).ifPresent(m -> problems.add(new FieldProblem("folderPath", m)));
        }
        credentials(change, secretAlreadyStored, problems);
        return problems;
    }

    private static Optional<String> bucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            return Optional.of("is required");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()
                || bucket.startsWith("xn--") || bucket.endsWith("-s3alias")) {
            return Optional.of("must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens, "
                    + "starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    private static void credentials(SettingsChange change, boolean secretAlreadyStored, List<FieldProblem> problems) {
        String method = change.credentialMethod();
        if (ExportCredentials.AssumeRole.METHOD.equals(method)) {
            if (change.roleArn() == null || change.roleArn().length() > 2048 || !ROLE_ARN.matcher(change.roleArn()).matches()) {
                problems.add(new FieldProblem("credentials.roleArn",
                        "must be an IAM role ARN such as arn:aws:iam::123456789012:role/security-export"));
            }
            if (change.accessKeyId() != null || change.secretAccessKey() != null) {
                problems.add(new FieldProblem("credentials", "the ROLE_ARN method takes no access key"));
            }
            return;
        }
        if (!ExportCredentials.AccessKey.METHOD.equals(method)) {
            problems.add(new FieldProblem("credentials.method", "must be ACCESS_KEY or ROLE_ARN"));
            return;
        }
        if (change.roleArn() != null) {
            problems.add(new FieldProblem("credentials.roleArn", "the ACCESS_KEY method takes no role ARN"));
        }
        if (change.accessKeyId() == null || !ACCESS_KEY_ID.matcher(change.accessKeyId()).matches()) {
            problems.add(new FieldProblem("credentials.accessKeyId",
                    "must be an AWS access key ID: AKIA followed by 16 uppercase letters or digits"));
        }
        if (change.secretAccessKey() == null) {
            if (!secretAlreadyStored) {
                problems.add(new FieldProblem("credentials.secretAccessKey", "is required"));
            }
        } else if (!SECRET_ACCESS_KEY.matcher(change.secretAccessKey().reveal()).matches()) {
            problems.add(new FieldProblem("credentials.secretAccessKey",
                    "must be an AWS secret access key: 40 characters of letters, digits, / and +"));
        }
    }
}
