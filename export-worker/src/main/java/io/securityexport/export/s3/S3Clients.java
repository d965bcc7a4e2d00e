package io.securityexport.export.s3;

import io.securityexport.export.WorkerProperties;
import io.securityexport.export.target.ExportTarget;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/**
 * Builds an S3 client per export target. All of them share one Netty HTTP client (its event loop and connection
 * pools), so a client per job costs little; closing a client leaves the shared one open.
 */
@Component
public class S3Clients {

    private final SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().build();
    private final WorkerProperties.S3 settings;

    S3Clients(WorkerProperties properties) {
        this.settings = properties.s3();
    }

    public S3AsyncClient forTarget(ExportTarget target) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClient(http)
                .region(Region.of(target.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(target.accessKeyId(), target.secretAccessKey().reveal())))
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            // SDK 2.30+ adds CRC32 trailers (aws-chunked) by default; many S3-compatible servers reject them.
            builder.endpointOverride(settings.endpoint())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
