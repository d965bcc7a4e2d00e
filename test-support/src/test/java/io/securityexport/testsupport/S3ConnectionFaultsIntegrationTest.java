package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The byte-for-byte proxy between a real SDK client and the SigV4-checking S3 server, with and without faults. */
class S3ConnectionFaultsIntegrationTest {

    private static final S3Server s3 = Infrastructure.shared().s3();
    private static S3ConnectionFaults proxy;
    private static S3Client client;
    private static String bucket;

    @BeforeAll
    static void startTheProxy() {
        proxy = S3ConnectionFaults.inFrontOf(s3.endpoint());
        AccessKey user = s3.createUser("connection-faults");
        client = S3Clients.builder(
                        proxy.endpoint(),
                        s3.region(),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(user.accessKeyId(), user.secretAccessKey())))
                // ten attempts: at a 30 % fault rate a put that fails every time is practically impossible
                .overrideConfiguration(override -> override.retryStrategy(retry -> retry.maxAttempts(10)))
                .build();
        bucket = TestResources.uniqueName("connection-faults");
        s3.createBucket(bucket);
    }

    @AfterAll
    static void stopTheProxy() {
        client.close();
        proxy.close();
    }

    @Test
    void aGzippedBodyReachesS3ByteForByteWithItsSignatureIntact() throws IOException {
        proxy.clear();
        byte[] gzipped = gzip("CreatedAt,EmailAtTimeOfEvent\n2026-11-30T00:00:00.000Z,a@example.com\n".repeat(500));

        client.putObject(put -> put.bucket(bucket).key("day.csv.gz"), RequestBody.fromBytes(gzipped));

        assertThat(s3.getObject(bucket, "day.csv.gz")).isEqualTo(gzipped);
    }

    @Test
    void randomFaultsHitRequestsAndTheRetryingClientStillStoresEveryObjectOnce() {
        proxy.atRandom(0.3, 7);
        long requestsBefore = proxy.requests();
        long injectedBefore = injected();

        for (int i = 0; i < 40; i++) {
            String key = "random-" + i + ".csv";
            String content = "row " + i;
            client.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromString(content));
        }
        proxy.clear();

        assertThat(injected() - injectedBefore)
                .as("about 30 % of 40 or more requests")
                .isBetween(4L, 60L);
        assertThat(proxy.requests() - requestsBefore).isEqualTo(40 + injected() - injectedBefore);
        assertThat(proxy.injected()).containsKeys(S3ConnectionFaults.Fault.values());
        assertThat(s3.listKeys(bucket))
                .filteredOn(key -> key.startsWith("random-"))
                .hasSize(40);
        assertThat(new String(s3.getObject(bucket, "random-39.csv"))).isEqualTo("row 39");
    }

    private static long injected() {
        return proxy.injected().values().stream().mapToLong(Long::longValue).sum();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zipped = new GZIPOutputStream(out)) {
            zipped.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
