package io.securityexport.testsupport;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}
 * header.
 */
record SigV4Authorization(
        String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature) {

    private static final Pattern HEADER = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,"
                    + "\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

    static Optional<SigV4Authorization> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = HEADER.matcher(header);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SigV4Authorization(
                matcher.group(1),
                matcher.group(2),
                matcher.group(3),
                matcher.group(4),
                List.of(matcher.group(5).split(";")),
                matcher.group(6)));
    }
}
