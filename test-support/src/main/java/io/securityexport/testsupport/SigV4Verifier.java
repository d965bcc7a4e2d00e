package io.securityexport.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks a SigV4 header signature the way AWS does: re-sign the received request with the caller's
 * secret (the AWS SDK's own signer, same service, region, timestamp and signed headers) and compare.
 * Reusing the SDK's signer keeps the canonicalisation rules out of this code base.
 */
final class SigV4Verifier {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** AWS rejects requests signed more than 15 minutes off its clock. */
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String service;
    private final Function<String, Optional<String>> secretForAccessKeyId;
    private final Clock clock;

    SigV4Verifier(String service, Function<String, Optional<String>> secretForAccessKeyId, Clock clock) {
        this.service = service;
        this.secretForAccessKeyId = secretForAccessKeyId;
        this.clock = clock;
    }

    /** Returns the verified caller's access key id, or throws the fault AWS STS would answer. */
    String verify(ReceivedRequest request) {
        Optional<String> header = request.header("authorization");
        if (header.isEmpty()) {
            throw new StsFault(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        SigV4Authorization claimed = SigV4Authorization.parse(header.get())
                .orElseThrow(() -> new StsFault(
                        400,
                        "IncompleteSignature",
                        "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters"));
        String secret = secretForAccessKeyId
                .apply(claimed.accessKeyId())
                .orElseThrow(() -> new StsFault(
                        403, "InvalidClientTokenId", "The security token included in the request is invalid."));
        Instant signedAt = signingTime(request, claimed);
        SigV4Authorization expected = resign(request, claimed, secret, signedAt);
        boolean same = expected.signedHeaders().equals(claimed.signedHeaders())
                && MessageDigest.isEqual(
                        expected.signature().getBytes(StandardCharsets.US_ASCII),
                        claimed.signature().getBytes(StandardCharsets.US_ASCII));
        if (!same) {
            throw StsFault.signatureDoesNotMatch("The request signature we calculated does not match the signature"
                    + " you provided. Check your AWS Secret Access Key and signing method.");
        }
        return claimed.accessKeyId();
    }

    private Instant signingTime(ReceivedRequest request, SigV4Authorization claimed) {
        String amzDate = request.header("x-amz-date")
                .orElseThrow(() -> new StsFault(400, "IncompleteSignature", "X-Amz-Date header is missing"));
        if (!claimed.signedHeaders().contains("x-amz-date") || !amzDate.startsWith(claimed.date())) {
            throw StsFault.signatureDoesNotMatch("X-Amz-Date is not signed or does not match the credential scope");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new StsFault(400, "IncompleteSignature", "X-Amz-Date is not yyyyMMdd'T'HHmmss'Z': " + amzDate);
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            throw StsFault.signatureDoesNotMatch("Signature expired: " + amzDate + " is more than "
                    + MAX_SKEW.toMinutes() + " minutes away from the server's time " + clock.instant());
        }
        return signedAt;
    }

    private SigV4Authorization resign(
            ReceivedRequest request, SigV4Authorization claimed, String secret, Instant signedAt) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .protocol("http")
                .encodedPath(request.rawPath())
                .rawQueryParameters(FormEncoding.decode(request.rawQuery()));
        // The signer derives the Host header from host and port, so they come from the received Host.
        HostAndPort host = HostAndPort.parse(request.header("host").orElse(""));
        unsigned.host(host.host()).port(host.port());
        for (String name : claimed.signedHeaders()) {
            List<String> values = request.headers().get(name);
            if (values != null && !name.equals("host")) {
                unsigned.putHeader(name, values);
            }
        }
        SdkHttpRequest signed = signer.sign(
                        sign -> sign.identity(AwsCredentialsIdentity.create(claimed.accessKeyId(), secret))
                                .request(unsigned.build())
                                .payload(ContentStreamProvider.fromByteArrayUnsafe(request.body()))
                                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                                .putProperty(AwsV4HttpSigner.REGION_NAME, claimed.region())
                                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request();
        return signed.firstMatchingHeader("Authorization")
                .flatMap(SigV4Authorization::parse)
                .orElseThrow(() -> new IllegalStateException("the SDK signer produced no SigV4 Authorization header"));
    }

    private record HostAndPort(String host, int port) {

        static HostAndPort parse(String hostHeader) {
            int colon = hostHeader.lastIndexOf(':');
            // "[::1]:80" has its port after the last ']'
            if (colon > 0 && colon > hostHeader.lastIndexOf(']')) {
                try {
                    return new HostAndPort(
                            hostHeader.substring(0, colon), Integer.parseInt(hostHeader.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    throw StsFault.signatureDoesNotMatch("malformed Host header: " + hostHeader);
                }
            }
            return new HostAndPort(hostHeader, 80);
        }
    }
}
