package io.securityexport.config.settings;

import io.securityexport.common.export.FolderPath;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The field rules for settings, each failure named with the field and a sentence an admin can act on. */
public final class SettingsRules {

    /** S3 bucket naming rules (general purpose buckets): 3-63 chars, lowercase letters, digits, dots, hyphens. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA[A-Z0-9]{16}");
    private static final Pattern SECRET_ACCESS_KEY = Pattern.compile("[A-Za-z0-9/+]{40}");
    /** arn:partition:iam::account:role/optional/path/name — IAM role names are 1-64 of [\w+=,.@-]. */
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

    private SettingsRules() {}

    static List<FieldProblem> check(SettingsChange change, boolean secretAlreadyStored) {
        List<FieldProblem> problems = new ArrayList<>();
        bucketProblem(change.bucket()).ifPresent(m -> problems.add(new FieldProblem("bucket", m)));
        if (change.region() != null) {
            text(change.region())
                    .or(() -> REGION.matcher(change.region()).matches()
                            ? Optional.empty()
                            : Optional.of(Sentence.of("field.region.format")))
                    .ifPresent(m -> problems.add(new FieldProblem("region", m)));
        }
        if (change.folderPath() != null) {
            folderPathProblem(change.folderPath()).ifPresent(m -> problems.add(new FieldProblem("folderPath", m)));
        }
        credentials(change, secretAlreadyStored, problems);
        return problems;
    }

    /** Why a bucket name is not acceptable (null counts as missing); empty when it is fine. */
    public static Optional<Sentence> bucketProblem(String bucket) {
        if (bucket == null) {
            return Optional.of(Sentence.of("field.required"));
        }
        return text(bucket).or(() -> bucketName(bucket));
    }

    /** Why a folder path is not acceptable; empty when it is fine. */
    public static Optional<Sentence> folderPathProblem(String folderPath) {
        return text(folderPath)
                .or(() -> FolderPath.violation(folderPath)
                        .map(violation -> Sentence.of(
                                "field.folderPath." + violation.name(), String.valueOf(FolderPath.MAX_LENGTH))));
    }

    /**
     * The rules every string field shares, checked first so that the answer says exactly what is wrong rather than
     * "does not match the format": control characters (NUL included) and lone UTF-16 surrogates (an escaped
     * {@code "\\ud800"} is valid JSON but no character) would otherwise travel on into S3 keys, policies or the
     * sealed secret; surrounding whitespace is nearly always a copy-and-paste slip that would make AWS refuse the
     * value later, with a less helpful message.
     */
    private static Optional<Sentence> text(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(Sentence.of("field.control-characters"));
            }
            if (Character.isSurrogate(c) && !pairedSurrogate(value, i)) {
                return Optional.of(Sentence.of("field.unicode"));
            }
        }
        if (value.isEmpty() || value.codePoints().allMatch(SettingsRules::whitespace)) {
            return Optional.of(Sentence.of("field.blank"));
        }
        if (whitespace(value.codePointAt(0)) || whitespace(value.codePointBefore(value.length()))) {
            return Optional.of(Sentence.of("field.surrounding-whitespace"));
        }
        return Optional.empty();
    }

    private static boolean pairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    /** Unicode spaces too (no-break space, ideographic space), which {@code Character.isWhitespace} leaves out. */
    private static boolean whitespace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static Optional<Sentence> bucketName(String bucket) {
        if (!BUCKET.matcher(bucket).matches()
                || bucket.contains("..")
                || IP_ADDRESS.matcher(bucket).matches()
                || bucket.startsWith("xn--")
                || bucket.endsWith("-s3alias")) {
            return Optional.of(Sentence.of("field.bucket.format"));
        }
        return Optional.empty();
    }

    private static void credentials(SettingsChange change, boolean secretAlreadyStored, List<FieldProblem> problems) {
        String method = change.credentialMethod();
        if (ExportCredentials.AssumeRole.METHOD.equals(method)) {
            roleArn(change.roleArn()).ifPresent(m -> problems.add(new FieldProblem("credentials.roleArn", m)));
            if (change.accessKeyId() != null || change.secretAccessKey() != null) {
                problems.add(FieldProblem.of("credentials", "field.credentials.role-takes-no-key"));
            }
            return;
        }
        if (!ExportCredentials.AccessKey.METHOD.equals(method)) {
            problems.add(FieldProblem.of(
                    "credentials.method", method == null ? "field.required" : "field.credentials.method.format"));
            return;
        }
        if (change.roleArn() != null) {
            problems.add(FieldProblem.of("credentials.roleArn", "field.credentials.key-takes-no-role"));
        }
        if (change.accessKeyId() == null && change.secretAccessKey() == null && secretAlreadyStored) {
            return; // both left out: the stored key pair is kept
        }
        accessKeyId(change.accessKeyId()).ifPresent(m -> problems.add(new FieldProblem("credentials.accessKeyId", m)));
        if (change.secretAccessKey() == null) {
            if (!secretAlreadyStored) {
                problems.add(FieldProblem.of("credentials.secretAccessKey", "field.required"));
            }
        } else {
            secretAccessKey(change.secretAccessKey().reveal())
                    .ifPresent(m -> problems.add(new FieldProblem("credentials.secretAccessKey", m)));
        }
    }

    private static Optional<Sentence> roleArn(String roleArn) {
        if (roleArn == null) {
            return Optional.of(Sentence.of("field.required"));
        }
        return text(roleArn)
                .or(() -> roleArn.length() <= 2048 && ROLE_ARN.matcher(roleArn).matches()
                        ? Optional.empty()
                        : Optional.of(Sentence.of("field.credentials.roleArn.format")));
    }

    private static Optional<Sentence> accessKeyId(String accessKeyId) {
        if (accessKeyId == null) {
            return Optional.of(Sentence.of("field.required"));
        }
        return text(accessKeyId)
                .or(() -> ACCESS_KEY_ID.matcher(accessKeyId).matches()
                        ? Optional.empty()
                        : Optional.of(Sentence.of("field.credentials.accessKeyId.format")));
    }

    private static Optional<Sentence> secretAccessKey(String secret) {
        return text(secret)
                .or(() -> SECRET_ACCESS_KEY.matcher(secret).matches()
                        ? Optional.empty()
                        : Optional.of(Sentence.of("field.credentials.secretAccessKey.format")));
    }
}
