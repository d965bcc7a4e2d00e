package io.securityexport.localstack;

import com.sun.net.httpserver.HttpExchange;
import io.securityexport.common.export.DaySettlement;
import io.securityexport.testsupport.ShiftedClock;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Makes midnight come now for the local stack: all three services run on one {@link ShiftedClock}, and this jumps it
 * to just after the next UTC midnight has settled, so the config service's scheduler creates the midnight runs of the
 * day that just "ended" (whose events the ingest service stored), the ingest service files what arrives from then on
 * under the new day, and the export worker stamps its results on the same timeline. Also served as
 * {@code POST /midnight} on the control port, to do it again from a shell.
 */
final class Midnight {

    private final ShiftedClock clock;
    private final DaySettlement settlement;

    Midnight(ShiftedClock clock, DaySettlement settlement) {
        this.clock = clock;
        this.settlement = settlement;
    }

    /** Jumps the services' clock past the next midnight's settle time; answers the day that just ended. */
    LocalDate comeNow() {
        LocalDate ended = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        clock.jumpTo(settlement.settledAt(ended).plusSeconds(1));
        return ended;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            LocalDate ended = comeNow();
            ControlPort.answer(
                    exchange,
                    200,
                    "text/plain; charset=utf-8",
                    "It is now " + clock.instant() + " for all three services: day " + ended
                            + " has ended and its midnight runs are being scheduled; today is " + ended.plusDays(1)
                            + " (see GET …/runs)\n");
        }
    }
}
