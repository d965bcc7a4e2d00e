package io.securityexport.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.securityexport.common.export.DaySettlement;
import io.securityexport.testsupport.ShiftedClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Makes midnight come now for the local stack: the config service runs on a {@link ShiftedClock}, and this jumps it
 * to just after the next UTC midnight has settled, so its scheduler creates the midnight runs of the day that just
 * "ended" (the real today, whose events the demo published). The other services keep the real time. Also served
 * as {@code POST /midnight} on its own local port, to do it again from a shell.
 */
final class Midnight implements AutoCloseable {

    private final ShiftedClock configClock;
    private final DaySettlement settlement;
    private final HttpServer server;

    Midnight(ShiftedClock configClock, DaySettlement settlement, int port) {
        this.configClock = configClock;
        this.settlement = settlement;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve POST /midnight on port " + port, e);
        }
        server.createContext("/midnight", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/midnight");
    }

    /** Jumps the config service's clock past the next midnight's settle time; answers the day that just ended. */
    LocalDate comeNow() {
        LocalDate ended = configClock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        configClock.jumpTo(settlement.settledAt(ended).plusSeconds(1));
        return ended;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            LocalDate ended = comeNow();
            byte[] body = ("It is now " + configClock.instant() + " for the config service: day " + ended
                            + " has ended and its midnight runs are being scheduled; see GET …/runs\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
