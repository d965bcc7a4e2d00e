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
        if (value == null || value.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (value.startsWith("/") || value.endsWith("/")) {
            return Optional.of("must not start or end with '/'");
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("must not contain '//'");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("must not contain '.' or '..' segments");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.of("may contain only letters, digits and !_.*'()- between slashes");
            }
        }
        return Optional.empty();
    }
}
