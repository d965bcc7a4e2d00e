package io.securityexport.testsupport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link S3Permission}s an S3 request needs, read from its HTTP shape (method, path-style URI,
 * query parameter names, {@code x-amz-copy-source}) the way S3 authorizes it. Only the permissions a
 * test can deny are modelled; everything else needs none.
 *
 * @param required every permission the request needs, each on its bucket
 * @param multiDeleteBucket the bucket of a multi-object delete ({@code POST /bucket?delete}), which S3
 *     authorizes key by key rather than as a whole
 */
record S3RequestPermissions(List<Required> required, Optional<String> multiDeleteBucket) {

    record Required(S3Permission permission, String bucket) {}

    static final S3RequestPermissions NONE = new S3RequestPermissions(List.of(), Optional.empty());

    /** Bucket sub-resources whose GET is not a listing (and is not modelled). */
    private static final Set<String> BUCKET_SUBRESOURCES = Set.of(
            "accelerate",
            "acl",
            "analytics",
            "cors",
            "encryption",
            "intelligent-tiering",
            "inventory",
            "lifecycle",
            "logging",
            "metrics",
            "notification",
            "object-lock",
            "ownershipControls",
            "policy",
            "policyStatus",
            "publicAccessBlock",
            "replication",
            "requestPayment",
            "tagging",
            "uploads",
            "versioning",
            "versions",
            "website");

    /** Object sub-resources that are neither reads nor writes of the object's data (not modelled). */
    private static final Set<String> OBJECT_SUBRESOURCES =
            Set.of("acl", "legal-hold", "restore", "retention", "select", "tagging", "torrent");

    /**
     * @param rawPath the request URI's path as received, e.g. {@code /bucket/some%20key}
     * @param rawQuery the query string as received, or null
     * @param copySource the {@code x-amz-copy-source} header, or null
     */
    static S3RequestPermissions of(String method, String rawPath, String rawQuery, String copySource) {
        String path = rawPath == null ? "" : rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        boolean hasKey = slash >= 0 && slash < path.length() - 1;
        if (bucket.isEmpty()) {
            return NONE; // ListBuckets
        }
        Set<String> parameters = parameterNames(rawQuery);
        return hasKey
                ? objectRequest(method, bucket, parameters, copySource)
                : bucketRequest(method, bucket, parameters);
    }

    private static S3RequestPermissions bucketRequest(String method, String bucket, Set<String> parameters) {
        switch (method) {
            case "GET":
                if (parameters.contains("location")) {
                    return one(S3Permission.GET_BUCKET_LOCATION, bucket);
                }
                return parameters.stream().anyMatch(BUCKET_SUBRESOURCES::contains)
                        ? NONE
                        : one(S3Permission.LIST_BUCKET, bucket); // ListObjects (V1 or list-type=2)
            case "HEAD":
                return one(S3Permission.LIST_BUCKET, bucket); // HeadBucket needs s3:ListBucket on AWS
            case "POST":
                if (parameters.contains("delete")) {
                    return new S3RequestPermissions(List.of(), Optional.of(bucket));
                }
                return parameters.isEmpty() ? one(S3Permission.PUT_OBJECT, bucket) : NONE; // browser-form upload
            default:
                return NONE; // CreateBucket, DeleteBucket, bucket configuration
        }
    }

    private static S3RequestPermissions objectRequest(
            String method, String bucket, Set<String> parameters, String copySource) {
        if (parameters.stream().anyMatch(OBJECT_SUBRESOURCES::contains)) {
            return NONE;
        }
        switch (method) {
            case "GET":
                // ListParts (GET ?uploadId) is s3:ListMultipartUploadParts
                return parameters.contains("uploadId") ? NONE : one(S3Permission.GET_OBJECT, bucket);
            case "HEAD":
                return one(S3Permission.GET_OBJECT, bucket);
            case "PUT": {
                // PutObject, UploadPart; with a copy source also CopyObject / UploadPartCopy
                List<Required> required = new ArrayList<>(List.of(new Required(S3Permission.PUT_OBJECT, bucket)));
                sourceBucket(copySource)
                        .ifPresent(source -> required.add(new Required(S3Permission.GET_OBJECT, source)));
                return new S3RequestPermissions(List.copyOf(required), Optional.empty());
            }
            case "POST":
                // CreateMultipartUpload (?uploads), CompleteMultipartUpload (?uploadId)
                return parameters.contains("uploads") || parameters.contains("uploadId")
                        ? one(S3Permission.PUT_OBJECT, bucket)
                        : NONE;
            case "DELETE":
                // DeleteObject, AbortMultipartUpload (?uploadId)
                return one(S3Permission.DELETE_OBJECT, bucket);
            default:
                return NONE;
        }
    }

    /** {@code bucket/key}, {@code /bucket/key} or either with {@code ?versionId=…}, URL-encoded. */
    private static Optional<String> sourceBucket(String copySource) {
        if (copySource == null || copySource.isBlank()) {
            return Optional.empty();
        }
        String source = copySource.startsWith("/") ? copySource.substring(1) : copySource;
        int slash = source.indexOf('/');
        return Optional.of(slash < 0 ? source : source.substring(0, slash)).filter(b -> !b.isEmpty());
    }

    private static Set<String> parameterNames(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!name.isEmpty()) {
                names.add(name); // S3 parameter names are plain ASCII, never percent-encoded
            }
        }
        return names;
    }

    private static S3RequestPermissions one(S3Permission permission, String bucket) {
        return new S3RequestPermissions(List.of(new Required(permission, bucket)), Optional.empty());
    }

    boolean isEmpty() {
        return required.isEmpty() && multiDeleteBucket.isEmpty();
    }
}
