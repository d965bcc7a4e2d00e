package io.securityexport.benchmarks;

import io.securityexport.benchmarks.ApiTenants.Tenant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Slowloris clients on raw sockets, for the whole run: a request head sent a byte every half second that never
 * ends (the server must close the connection within its header timeout), or a complete head whose body never
 * comes (the server must answer 408 within its body timeout). Each attempt is counted with the time until the server
 * cut it off; its status is {@link Tally#NO_ANSWER} when the server closed without a word.
 */
final class SlowClients {

    static final String SLOW_HEAD = "slowloris: head byte by byte";
    static final String SLOW_BODY = "slowloris: body never finished";

    /** A busy machine may be late; later than this is a finding. */
    private static final Duration SLACK = Duration.ofSeconds(15);

    private static final int BYTE_EVERY_MILLIS = 500;

    private final URI base;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Tally tally;
    private final Findings findings;

    SlowClients(URI base, Duration headerTimeout, Duration bodyTimeout, Tally tally, Findings findings) {
        this.base = base;
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.tally = tally;
        this.findings = findings;
    }

    /** Alternates the two kinds; a body attempt only while there is time for it to be cut off before the end. */
    void run(Tenant tenant, Instant until, boolean bodyFirst) {
        boolean body = bodyFirst;
        while (Instant.now().isBefore(until)) {
            boolean timeForBody = Instant.now().plus(bodyTimeout).plus(SLACK).isBefore(until);
            if (body && timeForBody) {
                unfinishedBody(tenant);
            } else {
                slowHead();
            }
            body = !body;
        }
    }

    private void slowHead() {
        long start = System.nanoTime();
        Duration limit = headerTimeout.plus(SLACK);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(BYTE_EVERY_MILLIS);
            byte[] head = ("GET /api/v1/companies/slow/security-export HTTP/1.1\r\nHost: " + base.getAuthority()
                            + "\r\nX-Slow: ")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; Duration.ofNanos(System.nanoTime() - start).compareTo(limit) < 0; sent++) {
                out.write(sent < head.length ? head[sent] : 'a');
                out.flush();
                // waiting for the server's word is the pause between two bytes
                OptionalInt answer = awaitAnswer(in);
                if (answer.isPresent()) {
                    finish(SLOW_HEAD, answer.getAsInt(), start, Tally.NO_ANSWER, 408);
                    return;
                }
            }
            tally.record(SLOW_HEAD, -1, System.nanoTime() - start);
            findings.add("slow client not cut off", "a head sent byte by byte was still open after " + limit);
        } catch (IOException e) {
            // the server closed while we were writing: cut off without an answer
            finish(SLOW_HEAD, Tally.NO_ANSWER, start, Tally.NO_ANSWER, 408);
        }
    }

    private void unfinishedBody(Tenant tenant) {
        long start = System.nanoTime();
        try (Socket socket = connect()) {
            String head = "PUT /api/v1/companies/" + tenant.companyId() + "/security-export HTTP/1.1\r\n"
                    + "Host: " + base.getAuthority() + "\r\n"
                    + "Authorization: Bearer " + tenant.adminToken() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "If-Match: \"1\"\r\n"
                    + "Content-Length: 400\r\n\r\n"
                    + "{\"enabled\": true, ";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            start = System.nanoTime(); // the body timeout runs from the end of the head
            socket.setSoTimeout((int) bodyTimeout.plus(SLACK).toMillis());
            OptionalInt answer = awaitAnswer(socket.getInputStream());
            finish(SLOW_BODY, answer.orElse(-1), start, 408);
        } catch (IOException e) {
            finish(SLOW_BODY, Tally.NO_ANSWER, start, 408);
        }
    }

    /**
     * Empty when nothing came within the socket's timeout; otherwise the status of the answer, or
     * {@link Tally#NO_ANSWER} when the connection was closed without one.
     */
    private static OptionalInt awaitAnswer(InputStream in) throws IOException {
        try {
            byte[] line = in.readNBytes(12); // "HTTP/1.1 408"
            if (line.length < 12) {
                return OptionalInt.of(Tally.NO_ANSWER);
            }
            return OptionalInt.of(Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII)));
        } catch (SocketTimeoutException stillWaiting) {
            return OptionalInt.empty();
        }
    }

    private void finish(String operation, int status, long start, int... expected) {
        long nanos = System.nanoTime() - start;
        tally.record(operation, status, nanos);
        if (status >= 500) {
            findings.add("5xx", operation + " -> " + status);
        } else if (Arrays.stream(expected).noneMatch(allowed -> allowed == status)) {
            findings.add(AbuseTraffic.UNEXPECTED, operation + " -> " + (status == -1 ? "no answer in time" : status));
        }
    }

    private Socket connect() throws IOException {
        return new Socket(base.getHost(), base.getPort());
    }
}
