package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The STS stub's signature check, exercised below the SDK client: signed bytes vs sent bytes. */
class StsSignatureCheckIntegrationTest {

    private final StsServer sts = Infrastructure.shared().sts();
    private final HttpClient http = HttpClient.newHttpClient();
    private String roleArn;

    @BeforeEach
    void defineRole() {
        roleArn = "arn:aws:iam::210987654321:role/" + TestResources.uniqueName("raw");
        sts.defineRole(roleArn, Optional.empty());
    }

    @Test
    void requestSentAsSignedIsAnswered() throws Exception {
        String body = form("session-a");

        HttpResponse<String> response = send(sign(body, Instant.now()), body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<AssumeRoleResponse", "<AccessKeyId>ASIA");
    }

    @Test
    void bodyChangedAfterSigningIsSignatureDoesNotMatch() throws Exception {
        SdkHttpRequest signed = sign(form("session-a"), Instant.now());

        HttpResponse<String> response = send(signed, form("session-b"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>", "<Type>Sender</Type>");
    }

    @Test
    void requestSignedLongAgoIsRejectedAsExpired() throws Exception {
        String body = form("session-a");

        HttpResponse<String> response = send(sign(body, Instant.now().minus(Duration.ofMinutes(20))), body);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>", "Signature expired");
    }

    @Test
    void unsignedRequestIsRefused() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(sts.endpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form("session-a")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>");
    }

    private String form(String sessionName) {
        return "Action=AssumeRole&Version=2011-06-15&RoleArn="
                + java.net.URLEncoder.encode(roleArn, StandardCharsets.UTF_8) + "&RoleSessionName=" + sessionName;
    }

    private SdkHttpRequest sign(String body, Instant at) {
        URI endpoint = sts.endpoint();
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .build();
        AccessKey key = sts.platformKey();
        return AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
    }

    private HttpResponse<String> send(SdkHttpRequest signed, String body) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(sts.endpoint()).POST(HttpRequest.BodyPublishers.ofString(body));
        // HttpClient sets Host itself (to the same value the signer used)
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
