package io.securityexport.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting proxy in front of S3 that passes every byte through untouched (a soak's background of S3 trouble):
 * unlike {@link S3FaultProxy}, whose WireMock unpacks any body that starts with gzip's magic bytes (so a gzipped
 * day's upload no longer matches its signature), it reads only the request's head, adds {@code Connection: close}
 * (which SigV4 does not sign) so that each connection carries one request, and pumps the rest as it comes. At the
 * given rate a request meets one fault: 500 {@code InternalError} or 503 {@code SlowDown} in S3's place, a reset
 * before S3 sees it, or S3's answer lost (S3 handled it, the client gets a reset).
 */
public final class S3ConnectionFaults implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3ConnectionFaults.class);

    /** What a request may meet. */
    public enum Fault {
        INTERNAL_ERROR,
        SLOW_DOWN,
        RESET,
        ANSWER_LOST
    }

    private final URI s3;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "s3-connection-faults");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Fault, Long> injected = new EnumMap<>(Fault.class);
    private SplittableRandom random = new SplittableRandom(1);
    private double rate;
    private long requests;

    private S3ConnectionFaults(URI s3) throws IOException {
        this.s3 = s3;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
        log.info("S3 connection-fault proxy on {} in front of {}", endpoint(), s3);
    }

    public static S3ConnectionFaults inFrontOf(URI s3Endpoint) {
        try {
            return new S3ConnectionFaults(s3Endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on each request meets one of the faults (picked at random) with this probability. */
    public synchronized void atRandom(double rate, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a rate in [0, 1]: " + rate);
        }
        this.rate = rate;
        this.random = new SplittableRandom(seed);
    }

    /** No more faults. */
    public synchronized void clear() {
        rate = 0;
    }

    /** The faults injected so far, by kind. */
    public synchronized Map<Fault, Long> injected() {
        return Map.copyOf(injected);
    }

    public synchronized long requests() {
        return requests;
    }

    private synchronized Fault decide() {
        requests++;
        if (rate == 0 || random.nextDouble() >= rate) {
            return null;
        }
        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
        injected.merge(fault, 1L, Long::sum);
        return fault;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("S3 connection-fault proxy: accept failed", e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket upstream = new Socket()) {
            InputStream fromClient = new java.io.BufferedInputStream(client.getInputStream());
            byte[] head = readHead(fromClient);
            if (head == null) {
                return;
            }
            String headText = new String(head, StandardCharsets.ISO_8859_1);
            Fault fault = decide();
            if (fault == Fault.INTERNAL_ERROR || fault == Fault.SLOW_DOWN || fault == Fault.RESET) {
                refuse(client, fromClient, headText, fault);
                return;
            }
            upstream.connect(new InetSocketAddress(s3.getHost(), s3.getPort()), 5000);
            OutputStream toS3 = upstream.getOutputStream();
            toS3.write(withConnectionClose(headText).getBytes(StandardCharsets.ISO_8859_1));
            toS3.flush();
            // the body (after S3's 100 Continue, when the client asked for one) flows on its own thread
            threads.execute(() -> pump(fromClient, toS3));
            if (fault == Fault.ANSWER_LOST) {
                passInterimOnly(new java.io.BufferedInputStream(upstream.getInputStream()), client.getOutputStream());
                reset(client);
            } else {
                upstream.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException e) {
            // a client or S3 hanging up: the other side sees its connection end, as it would without the proxy
        }
    }

    /** Answers in S3's place: an error once the body is in (or at once for a client waiting to send it), or a reset. */
    private static void refuse(Socket client, InputStream fromClient, String head, Fault fault) throws IOException {
        boolean waitsToSend =
                header(head, "expect").map(value -> value.contains("100")).orElse(false);
        if (!waitsToSend) {
            long length = header(head, "content-length").map(Long::parseLong).orElse(0L);
            fromClient.skipNBytes(length);
        }
        if (fault == Fault.RESET) {
            reset(client);
            return;
        }
        int status = fault == Fault.INTERNAL_ERROR ? 500 : 503;
        String code = fault == Fault.INTERNAL_ERROR ? "InternalError" : "SlowDown";
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                + "</Code><Message>injected by the soak</Message></Error>";
        String answer = "HTTP/1.1 " + status + " " + code + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        client.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
        client.shutdownOutput();
    }

    /** Forwards S3's {@code 100 Continue} (so the body is sent and S3 handles it), then drops its answer. */
    private static void passInterimOnly(InputStream fromS3, OutputStream toClient) throws IOException {
        byte[] head = readHead(fromS3);
        while (head != null) {
            String text = new String(head, StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 100")) {
                fromS3.transferTo(OutputStream.nullOutputStream());
                return;
            }
            toClient.write(head);
            toClient.flush();
            head = readHead(fromS3);
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // either side closed
        }
    }

    private static void reset(Socket client) throws IOException {
        client.setSoLinger(true, 0);
        client.close();
    }

    /** The request's head with {@code Connection: close} in place of any Connection header. */
    private static String withConnectionClose(String head) {
        StringBuilder out = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private static java.util.Optional<String> header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return java.util.Optional.of(line.substring(colon + 1).trim());
            }
        }
        return java.util.Optional.empty();
    }

    /** Bytes up to and including the blank line that ends an HTTP head; null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int next = in.read();
            if (next < 0) {
                return null;
            }
            head.write(next);
            matched = (next == '\r' && matched % 2 == 0) || (next == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (head.size() > 256 * 1024) {
                throw new IOException("an HTTP head of more than 256 KiB");
            }
        }
        return head.toByteArray();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            threads.shutdownNow();
        }
    }
}
