package io.securityexport.testsupport;

import java.util.regex.Pattern;

/** Names that keep test classes sharing one {@link Infrastructure} out of each other's way. */
public final class TestResources {

    /*
     * The strictest of the three consumers is S3: bucket names are 3-63 chars of lowercase letters,
     * digits and '-', starting and ending with a letter or digit. Kafka topics and (after '-' -> '_')
     * PostgreSQL identifiers accept everything that passes this.
     */
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([a-z0-9-]{0,52}[a-z0-9])?");

    private TestResources() {}

    /** {@code prefix + "-" + 8 random lowercase hex}; the prefix must itself be lowercase letters, digits and '-'. */
    public static String uniqueName(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "prefix must be 1-54 chars of lowercase letters, digits and '-', not starting or ending with '-': "
                            + prefix);
        }
        return prefix + "-" + RandomStrings.lowerHex(8);
    }
}
