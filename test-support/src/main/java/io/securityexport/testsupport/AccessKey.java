package io.securityexport.testsupport;

import java.util.Objects;

/**
 * An AWS-style access key pair. {@link #toString()} leaves the secret out so that a key can appear in
 * assertion messages and logs without leaking it.
 */
public record AccessKey(String accessKeyId, String secretAccessKey) {

    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /** A long-term key as IAM issues them: {@code AKIA} + 16 uppercase alphanumerics, 40-character secret. */
    static AccessKey randomLongTerm() {
        return random("AKIA");
    }

    /** A temporary key as STS issues them: {@code ASIA} + 16 uppercase alphanumerics, 40-character secret. */
    static AccessKey randomTemporary() {
        return random("ASIA");
    }

    private static AccessKey random(String idPrefix) {
        return new AccessKey(idPrefix + RandomStrings.upperAlphanumeric(16), RandomStrings.alphanumeric(40));
    }

    @Override
    public String toString() {
        return "AccessKey[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
    }
}
