package io.securityexport.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The local stack's own small HTTP port on the loopback address (8079): {@code POST /midnight} and
 * {@code GET /token}. Local only; nothing of it exists in a deployment.
 */
final class ControlPort implements AutoCloseable {

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

    @Override
    public void close() {
        server.stop(0);
    }
}
