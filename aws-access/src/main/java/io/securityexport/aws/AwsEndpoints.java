package io.securityexport.aws;

import java.net.URI;

/**
 * Where AWS is: empty endpoints mean AWS itself; set them for S3-compatible servers and STS stand-ins (local stack,
 * MinIO, tests). {@code platformAccessKeyId}/{@code platformSecretAccessKey} are the platform's own identity for
 * STS; when empty, the SDK's default provider chain (environment, instance profile, IRSA…) supplies it.
 */
public record AwsEndpoints(
        URI s3Endpoint,
        URI stsEndpoint,
        boolean pathStyle,
        String stsRegion,
        String platformAccessKeyId,
        String platformSecretAccessKey) {

    @Override
    public String toString() {
        return "AwsEndpoints[s3=" + s3Endpoint + ", sts=" + stsEndpoint + ", pathStyle=" + pathStyle + "]";
    }
}
