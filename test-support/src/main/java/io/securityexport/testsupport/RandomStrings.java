package io.securityexport.testsupport;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers and secrets; SecureRandom because some of them are (test) credentials. */
final class RandomStrings {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String ALPHANUMERIC = UPPER_ALPHANUMERIC + "abcdefghijklmnopqrstuvwxyz";

    private RandomStrings() {}

    static String lowerHex(int length) {
        byte[] bytes = new byte[(length + 1) / 2];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, length);
    }

    static String upperAlphanumeric(int length) {
        return from(UPPER_ALPHANUMERIC, length);
    }

    static String alphanumeric(int length) {
        return from(ALPHANUMERIC, length);
    }

    private static String from(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
