package io.securityexport.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as it arrived, before any interpretation: what a SigV4 signature has to be checked
 * against. Header names are lowercase.
 */
record ReceivedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    Optional<String> header(String lowercaseName) {
        List<String> values = headers.get(lowercaseName);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
