package io.securityexport.testsupport;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The S3 operations {@link S3FaultProxy} tells apart, by their HTTP shape on a path-style URL
 * ({@code /bucket/key?query}), as S3 itself routes them.
 */
public enum S3Operation {

    /** {@code POST /bucket/key?uploads} */
    CREATE_MULTIPART_UPLOAD,

    /** {@code PUT /bucket/key?partNumber=N&uploadId=…} */
    UPLOAD_PART,

    /** {@code POST /bucket/key?uploadId=…} */
    COMPLETE_MULTIPART_UPLOAD,

    /** {@code DELETE /bucket/key?uploadId=…} */
    ABORT_MULTIPART_UPLOAD,

    /** {@code PUT /bucket/key} without a sub-resource and without {@code x-amz-copy-source} */
    PUT_OBJECT,

    /** {@code PUT /bucket/key} with {@code x-amz-copy-source} */
    COPY_OBJECT,

    /** Anything else: bucket calls, listings, reads, deletes. */
    OTHER;

    /** The SDK adds {@code x-id=<Operation>} to some requests; it is not a sub-resource. */
    private static final Set<String> NOT_SUB_RESOURCES = Set.of("x-id");

    static S3Operation of(String method, String url, boolean hasCopySource) {
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        Set<String> query = question < 0 ? Set.of() : queryNames(url.substring(question + 1));
        boolean objectPath = path.indexOf('/', 1) > 0 && !path.endsWith("/");
        if (!objectPath) {
            return OTHER;
        }
        return switch (method) {
            case "POST" ->
                query.contains("uploads")
                        ? CREATE_MULTIPART_UPLOAD
                        : query.contains("uploadId") ? COMPLETE_MULTIPART_UPLOAD : OTHER;
            case "PUT" ->
                query.contains("uploadId") && query.contains("partNumber")
                        ? UPLOAD_PART
                        : !query.isEmpty() ? OTHER : hasCopySource ? COPY_OBJECT : PUT_OBJECT;
            case "DELETE" -> query.contains("uploadId") ? ABORT_MULTIPART_UPLOAD : OTHER;
            default -> OTHER;
        };
    }

    private static Set<String> queryNames(String query) {
        return Arrays.stream(query.split("&"))
                .filter(parameter -> !parameter.isEmpty())
                .map(parameter -> parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter)
                .filter(name -> !NOT_SUB_RESOURCES.contains(name))
                .collect(Collectors.toUnmodifiableSet());
    }
}
