package io.securityexport.config.web;

import java.util.Optional;

/** The settings' version as a strong ETag ({@code "3"}), and back from an If-Match header. */
public final class ETags {

    private ETags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Empty when there is no usable If-Match; {@code *} is not accepted, as it would defeat the check. */
    public static Optional<Long> version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return Optional.empty();
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Optional.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            return Optional.of(-1L); // matches no version: answered 412
        }
    }
}
