package io.securityexport.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The STS stub on the JDK's HTTP server; {@link StsHttpHandler} does the work. */
final class EmbeddedStsServer implements StsServer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStsServer.class);
    private static final String PLATFORM_ACCOUNT_ID = "123456789012";

    private final HttpServer http;
    private final ExecutorService executor;
    private final AccessKey platformKey;
    private final AssumeRoleService assumeRole;
    private final URI endpoint;

    private EmbeddedStsServer(HttpServer http, ExecutorService executor, AccessKey platformKey,
            AssumeRoleService assumeRole) {
        this.http = http;
        this.executor = executor;
        this.platformKey = platformKey;
        this.assumeRole = assumeRole;
        this.endpoint = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    /**
     * @param keyRegistrar registers the platform key and every minted session key with the S3 server,
     *     so that both can be used there
     */
    static EmbeddedStsServer start(Consumer<AccessKey> keyRegistrar) {
        AccessKey platformKey = AccessKey.randomLongTerm();
        keyRegistrar.accept(platformKey);
        Clock clock = Clock.systemUTC();
        AssumeRoleService assumeRole = new AssumeRoleService(
                "arn:aws:iam::" + PLATFORM_ACCOUNT_ID + ":user/platform", keyRegistrar, clock);
        // only the platform may call AssumeRole; any other key id is unknown to this STS
        SigV4Verifier verifier = new SigV4Verifier("sts",
                accessKeyId -> platformKey.accessKeyId().equals(accessKeyId)
                        ? Optional.of(platformKey.secretAccessKey())
                        : Optional.empty(),
                clock);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the STS stub's port", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "sts-stub");
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/", new StsHttpHandler(verifier, assumeRole));
        http.start();
        EmbeddedStsServer server = new EmbeddedStsServer(http, executor, platformKey, assumeRole);
        log.info("STS stub listening on {}, platform key {}", server.endpoint, platformKey.accessKeyId());
        return server;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public AccessKey platformKey() {
        return platformKey;
    }

    @Override
    public String platformAccountId() {
        return PLATFORM_ACCOUNT_ID;
    }

    @Override
    public void defineRole(String roleArn, Optional<String> requiredExternalId) {
        assumeRole.defineRole(roleArn, requiredExternalId);
    }

    @Override
    public int assumeRoleCalls() {
        return assumeRole.successfulCalls();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
