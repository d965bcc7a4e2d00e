package io.securityexport.localstack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's webhook receiver, as a customer would run one: it checks each delivery's signature by the published
 * Standard Webhooks scheme (HMAC-SHA256 over {@code id.timestamp.body} with the channel's {@code whsec_} secret) and
 * prints what it got. It does not judge the timestamp: the local stack's config service runs on a clock made to jump
 * past midnight, so its timestamps are ahead of this machine's (a real receiver would refuse old ones).
 */
final class DemoWebhookReceiver implements AutoCloseable {

    /** One delivery as received, with the verdict on its signature. */
    record Delivery(String id, String body, boolean signatureValid) {}

    private final HttpServer server;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private volatile String secret;

    private DemoWebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static DemoWebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            DemoWebhookReceiver receiver = new DemoWebhookReceiver(server);
            server.createContext("/hooks/security-export", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                boolean valid = receiver.verify(
                        id,
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        body);
                receiver.received.add(new Delivery(id, body, valid));
                System.out.println(
                        "[webhook receiver] " + (valid ? "signature valid" : "SIGNATURE INVALID") + ": " + body);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/security-export";
    }

    /** The channel's secret, shown once when the channel was created. */
    void secret(String secret) {
        this.secret = secret;
    }

    List<Delivery> received() {
        return received;
    }

    private boolean verify(String id, String timestamp, String signatures, String body) {
        if (secret == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
