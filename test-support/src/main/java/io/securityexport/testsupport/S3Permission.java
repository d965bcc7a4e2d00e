package io.securityexport.testsupport;

/**
 * An S3 permission that a test can deny to an identity ({@link S3Server#deny}, {@link StsServer#denyForRole}),
 * as an IAM policy without that action (or with an explicit Deny) would. A denied request is answered
 * 403 {@code AccessDenied} "Access Denied", after the signature check: a wrong secret is still
 * SignatureDoesNotMatch and an unknown key still InvalidAccessKeyId.
 *
 * <p>Requests are classified by their HTTP shape, as S3 itself authorizes them, not by what the server
 * does internally. Requests not listed under any constant (ListBuckets, ListParts, ListMultipartUploads,
 * ACL, tagging, versioning and other sub-resources, bucket create/delete) are never denied.
 */
public enum S3Permission {

    /**
     * {@code s3:ListBucket}: ListObjects and ListObjectsV2 ({@code GET /bucket}, {@code GET /bucket?list-type=2}),
     * and HeadBucket ({@code HEAD /bucket}), which AWS authorizes with the same action.
     */
    LIST_BUCKET,

    /** {@code s3:GetBucketLocation}: {@code GET /bucket?location}. */
    GET_BUCKET_LOCATION,

    /**
     * {@code s3:PutObject}: PutObject, CreateMultipartUpload, UploadPart, CompleteMultipartUpload, the
     * destination of CopyObject / UploadPartCopy, and browser-form POST uploads.
     */
    PUT_OBJECT,

    /** {@code s3:GetObject}: GetObject, HeadObject, GetObjectAttributes and the source of CopyObject / UploadPartCopy. */
    GET_OBJECT,

    /**
     * {@code s3:DeleteObject}: DeleteObject and AbortMultipartUpload (the latter is {@code s3:AbortMultipartUpload}
     * on AWS, folded in here). In a multi-object delete ({@code POST /bucket?delete}) every key is reported
     * as an AccessDenied error inside the 200 answer, as S3 does.
     */
    DELETE_OBJECT
}
