package io.securityexport.common.export;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key prefix under which a company's files go: segments of safe S3 key characters separated by single
 * slashes, no leading or trailing slash, at most 512 characters (S3 keys may be 1024 bytes; the date path
 * and file name need the rest).
 */
public record FolderPath(String value) {

    public static final int MAX_LENGTH = 512;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9!_.*'()-]+");
    public static final FolderPath DEFAULT = new FolderPath("security-events");

    public FolderPath {
        problem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** Why a folder path is not acceptable, as a sentence for the API user; empty when it is fine. */
    public static Optional<String> problem(String value) {
        return violation(value).map(Violation::sentence);
    }

    /** Which rule a folder path breaks, if any (the config API says it in the admin's language). */
    public static Optional<Violation> violation(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(Violation.EMPTY);
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of(Violation.TOO_LONG);
        }
        if (value.startsWith("/") || value.endsWith("/")) {
            return Optional.of(Violation.EDGE_SLASH);
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of(Violation.DOUBLE_SLASH);
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of(Violation.DOT_SEGMENT);
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.of(Violation.CHARACTERS);
            }
        }
        return Optional.empty();
    }

    /** The rules of a folder path, each with its sentence in English. */
    public enum Violation {
        EMPTY("must not be empty"),
        TOO_LONG("must be at most " + MAX_LENGTH + " characters"),
        EDGE_SLASH("must not start or end with '/'"),
        DOUBLE_SLASH("must not contain '//'"),
        DOT_SEGMENT("must not contain '.' or '..' segments"),
        CHARACTERS("may contain only letters, digits and !_.*'()- between slashes");

        private final String sentence;

        Violation(String sentence) {
            this.sentence = sentence;
        }

        public String sentence() {
            return sentence;
        }
    }
}
