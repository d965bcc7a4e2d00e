package io.securityexport.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WireMock server in front of an S3 server that passes every request through unchanged, unless a test has armed a
 * {@link S3Fault} for the request's {@link S3Operation}. Point the client under test at {@link #endpoint()} with
 * path-style addressing.
 *
 * <p>The {@code Host} header is passed on as the client sent it: SigV4 signs it, and the S3 server behind checks
 * the signature against the {@code Host} it receives. WireMock reads a request's whole body before deciding, so a
 * fault that does not reach S3 leaves no trace there.
 *
 * <pre>{@code
 * faults.next(S3Operation.UPLOAD_PART, S3Fault.SERVICE_UNAVAILABLE, 1); // the first part upload is throttled
 * faults.always(S3Operation.COMPLETE_MULTIPART_UPLOAD, S3Fault.CONNECTION_RESET);
 * faults.traffic(S3Operation.UPLOAD_PART); // S3Traffic[reachedS3=2, faulted=1]
 * faults.clear();
 * }</pre>
 */
public final class S3FaultProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3FaultProxy.class);

    private final S3FaultPlan plan = new S3FaultPlan();
    /** Faults that act on S3's answer, by the WireMock serve event they belong to. */
    private final Map<UUID, S3Fault> pendingOnAnswer = new ConcurrentHashMap<>();

    private final WireMockServer server;
    private final URI endpoint;

    private S3FaultProxy(URI s3Endpoint) {
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .preserveHostHeader(true)
                // bodies are parts of several MiB: keep no journal of them, and never re-encode S3's answers
                .disableRequestJournal()
                .gzipDisabled(true)
                .stubRequestLoggingDisabled(true)
                .extensions(new BeforeS3(), new OnS3Answer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(s3Endpoint.toString())));
        endpoint = URI.create("http://127.0.0.1:" + server.port());
        log.info("S3 fault proxy on {} in front of {}", endpoint, s3Endpoint);
    }

    /** Starts a proxy in front of the given S3 endpoint ({@code http://host:port}); close it when done. */
    public static S3FaultProxy inFrontOf(URI s3Endpoint) {
        return new S3FaultProxy(s3Endpoint);
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return endpoint;
    }

    /** The next {@code times} requests of the operation meet the fault; later ones pass (or meet faults armed after). */
    public void next(S3Operation operation, S3Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        plan.arm(operation, fault, times);
    }

    /**
     * Every upload of this part number (in any upload) meets the fault until {@link #clear()}, before any fault armed
     * for {@link S3Operation#UPLOAD_PART}; its traffic counts as the operation's. With several parts in flight, this is
     * how a test picks which one fails.
     */
    public void onPart(int partNumber, S3Fault fault) {
        plan.armPart(partNumber, fault);
    }

    /** Every request of the operation meets the fault until {@link #clear()}. */
    public void always(S3Operation operation, S3Fault fault) {
        plan.armAlways(operation, fault);
    }

    /** Disarms every fault and resets the counts. */
    public void clear() {
        plan.clear();
    }

    /** What happened to the operation's requests since start or the last {@link #clear()}. */
    public S3Traffic traffic(S3Operation operation) {
        return plan.traffic(operation);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static OptionalInt partNumberOf(Request request) {
        try {
            return Optional.ofNullable(request.queryParameter("partNumber"))
                    .filter(parameter -> parameter.isPresent())
                    .map(parameter -> OptionalInt.of(Integer.parseInt(parameter.firstValue())))
                    .orElse(OptionalInt.empty());
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static S3Operation operationOf(Request request) {
        return S3Operation.of(
                request.getMethod().getName(), request.getUrl(), request.containsHeader("x-amz-copy-source"));
    }

    /** Decides per request: pass it to S3, or answer in S3's place. */
    private final class BeforeS3 implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            S3Operation operation = operationOf(event.getRequest());
            Optional<S3Fault> fault = plan.decide(operation, partNumberOf(event.getRequest()));
            if (fault.isEmpty()) {
                return event.getResponseDefinition();
            }
            log.info(
                    "S3 fault proxy: {} {} meets {}",
                    operation,
                    event.getRequest().getUrl(),
                    fault.get());
            if (fault.get() instanceof S3Fault.ErrorAnswer error) {
                return errorAnswer(error, event.getRequest()).build();
            }
            if (fault.get() instanceof S3Fault.LateErrorAnswer late) {
                return errorAnswer(late.error(), event.getRequest())
                        .withFixedDelay((int) late.delay().toMillis())
                        .build();
            }
            if (fault.get() instanceof S3Fault.ConnectionReset) {
                return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            }
            // the others act on S3's answer
            pendingOnAnswer.put(event.getId(), fault.get());
            return event.getResponseDefinition();
        }

        private ResponseDefinitionBuilder errorAnswer(S3Fault.ErrorAnswer error, Request request) {
            String requestId = Long.toHexString(System.nanoTime()).toUpperCase();
            String path = request.getUrl().contains("?")
                    ? request.getUrl().substring(0, request.getUrl().indexOf('?'))
                    : request.getUrl();
            return aResponse()
                    .withStatus(error.status())
                    .withHeader("Content-Type", "application/xml")
                    .withHeader("x-amz-request-id", requestId)
                    .withBody("""
                            <?xml version="1.0" encoding="UTF-8"?>
                            <Error><Code>%s</Code><Message>%s</Message><Resource>%s</Resource><RequestId>%s</RequestId></Error>""".formatted(error.code(), error.message(), path, requestId));
        }

        @Override
        public String getName() {
            return "s3-fault-before-s3";
        }
    }

    /** Acts on S3's answer for the faults that let the request through. */
    private final class OnS3Answer implements ResponseTransformerV2 {

        @Override
        public Response transform(Response response, ServeEvent event) {
            S3Fault fault = pendingOnAnswer.remove(event.getId());
            if (fault instanceof S3Fault.ResponseLost) {
                return Response.Builder.like(response)
                        .but()
                        .fault(Fault.CONNECTION_RESET_BY_PEER)
                        .build();
            }
            if (fault instanceof S3Fault.SlowAnswer slow) {
                return Response.Builder.like(response)
                        .but()
                        .incrementInitialDelay(slow.delay().toMillis())
                        .build();
            }
            return response;
        }

        @Override
        public String getName() {
            return "s3-fault-on-s3-answer";
        }
    }
}
