package io.securityexport.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local stack's own small HTTP port on the loopback address (8079): {@code POST /midnight}, {@code GET /token}
 * and {@code POST /role}. Local only; nothing of it exists in a deployment.
 */
final class ControlPort implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpServer server;

    ControlPort(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the local stack's control port " + port
                            + " (is another local stack running? -Dcontrol.port=… picks another)",
                    e);
        }
        server.start();
    }

    void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + server.getAddress().getPort() + path);
    }

    static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * The request's query parameters when the request uses {@code method} and its query is well-formed; otherwise it
     * is answered (405 with {@code Allow}, or 400 naming {@code field}) and the answer is empty.
     */
    static Optional<Map<String, String>> accept(HttpExchange exchange, String method, String field) throws IOException {
        if (!method.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", method);
            exchange.sendResponseHeaders(405, -1);
            return Optional.empty();
        }
        try {
            return Optional.of(query(exchange.getRequestURI().getRawQuery()));
        } catch (IllegalArgumentException malformedEscape) {
            refuse(exchange, field, "the query must be URL-encoded");
            return Optional.empty();
        }
    }

    /** 400 as the config API answers malformed input: problem+json naming the parameter, not echoing its value. */
    static void refuse(HttpExchange exchange, String field, String message) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Bad Request");
        problem.put("status", 400);
        problem.put("detail", "Invalid request parameters.");
        problem.put("instance", exchange.getRequestURI().getPath());
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        problem.put("errors", List.of(error));
        answer(exchange, 400, "application/problem+json", JSON.writeValueAsString(problem) + "\n");
    }

    /** The query's parameters (the first of each name), URL-decoded; IllegalArgumentException on a bad escape. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
