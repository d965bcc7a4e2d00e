package io.securityexport.config;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * A real HTTP server on 127.0.0.1 standing in for customers' webhook endpoints (the JDK's own server: nothing of
 * ours in between). Each path answers as its test scripts it (by attempt number) and records every request with
 * whether its signature verified by the published scheme ({@link StandardWebhooks}) under the secret the test
 * registered for the path.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received; {@code signatureValid} judged when it arrived. */
    public record Received(
            String path,
            String id,
            String timestamp,
            String signature,
            String body,
            boolean signatureValid,
            Instant at) {}

    /** An answer: status, body and an optional Location header. */
    record Answer(int status, String body, String location) {

        static Answer ok() {
            return new Answer(200, "thanks", null);
        }

        static Answer status(int status) {
            return new Answer(status, "answer " + status, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, IntFunction<Answer>> scripts = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The URL of a path, answering 200 until scripted otherwise. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void secret(String path, String secret) {
        secrets.put(path, secret);
    }

    /** @param answers the answer to the n-th request (1-based) on this path */
    void script(String path, IntFunction<Answer> answers) {
        scripts.put(path, answers);
    }

    public List<Received> on(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean valid = StandardWebhooks.verify(
                secrets.get(path), id, timestamp, body, signature, Instant.now().getEpochSecond());
        received.add(new Received(path, id, timestamp, signature, body, valid, Instant.now()));
        int attempt = on(path).size();
        Answer answer = scripts.getOrDefault(path, n -> Answer.ok()).apply(attempt);
        if (answer.location() != null) {
            exchange.getResponseHeaders().set("Location", answer.location());
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
