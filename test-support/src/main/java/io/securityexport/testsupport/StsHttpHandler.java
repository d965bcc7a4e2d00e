package io.securityexport.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the STS stub: authenticates the caller, decodes the query-protocol form, dispatches
 * AssumeRole, and writes AWS-shaped XML answers.
 */
final class StsHttpHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(StsHttpHandler.class);
    private static final String VERSION = "2011-06-15";

    private final SigV4Verifier verifier;
    private final AssumeRoleService assumeRole;

    StsHttpHandler(SigV4Verifier verifier, AssumeRoleService assumeRole) {
        this.verifier = verifier;
        this.assumeRole = assumeRole;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            try {
                String body = handle(receive(exchange), requestId);
                send(exchange, 200, body, requestId);
            } catch (StsFault fault) {
                log.info("STS request {} refused: {} {}", requestId, fault.code(), fault.getMessage());
                send(exchange, fault.httpStatus(), StsXml.errorResponse(fault, requestId), requestId);
            } catch (RuntimeException e) {
                log.error("STS request {} failed", requestId, e);
                StsFault fault = new StsFault(500, "InternalFailure", "The request processing has failed.");
                send(exchange, 500, StsXml.errorResponse(fault, requestId), requestId);
            }
        }
    }

    private String handle(ReceivedRequest request, String requestId) {
        verifier.verify(request);
        Map<String, List<String>> parameters = FormEncoding.decode(request.rawQuery());
        if ("POST".equals(request.method())) {
            FormEncoding.decode(new String(request.body(), StandardCharsets.UTF_8))
                    .forEach((name, values) -> parameters
                            .computeIfAbsent(name, n -> new ArrayList<>())
                            .addAll(values));
        }
        String action = first(parameters, "Action");
        String version = first(parameters, "Version");
        if (!"AssumeRole".equals(action) || !VERSION.equals(version)) {
            throw new StsFault(400, "InvalidAction", "Could not find operation " + action + " for version " + version);
        }
        AssumeRoleRequest assumeRoleRequest = AssumeRoleRequest.from(parameters);
        AssumedRole assumed = assumeRole.assume(assumeRoleRequest);
        log.info(
                "STS request {}: assumed {} as {} (session {}), key {} expires {}",
                requestId,
                assumeRoleRequest.roleArn(),
                assumed.arn(),
                assumeRoleRequest.roleSessionName(),
                assumed.credentials().key().accessKeyId(),
                assumed.credentials().expiration());
        return StsXml.assumeRoleResponse(assumed, requestId);
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ReceivedRequest receive(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach(
                        (name, values) -> headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                                .addAll(values));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        return new ReceivedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                headers,
                body);
    }

    private static void send(HttpExchange exchange, int status, String xml, String requestId) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
