package io.securityexport.testsupport;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** How every S3 client of this module is configured for a local S3-compatible endpoint. */
final class S3Clients {

    private S3Clients() {}

    static S3Client create(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return builder(endpoint, region, credentials).build();
    }

    /** For a test that needs more, e.g. no retries to see each answer of a fault-injecting proxy. */
    static S3ClientBuilder builder(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                // no virtual-host buckets on 127.0.0.1
                .forcePathStyle(true)
                // SDK 2.30+ otherwise sends aws-chunked bodies with CRC trailers, which many
                // S3-compatible stores reject; WHEN_REQUIRED is the portable setting
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // explicit, so that a second sync HTTP client on a consumer's classpath cannot make
                // the SDK's classpath lookup fail
                .httpClientBuilder(Apache5HttpClient.builder());
    }
}
