package io.securityexport.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
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
    private final S3AccessPolicy s3AccessPolicy;
    private final URI endpoint;

    private EmbeddedStsServer(
            HttpServer http,
            ExecutorService executor,
            AccessKey platformKey,
            AssumeRoleService assumeRole,
            S3AccessPolicy s3AccessPolicy) {
        this.http = http;
        this.executor = executor;
        this.platformKey = platformKey;
        this.assumeRole = assumeRole;
        this.s3AccessPolicy = s3AccessPolicy;
        this.endpoint = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    /**
     * @param keyRegistrar registers the platform key and every minted session key with the S3 server,
     *     so that both can be used there
     * @param s3AccessPolicy the S3 server's denials: minted keys are bound to their role there, so that
     *     the role's denials ({@link #denyForRole}) apply to them
     */
    static EmbeddedStsServer start(Consumer<AccessKey> keyRegistrar, S3AccessPolicy s3AccessPolicy) {
        AccessKey platformKey = AccessKey.randomLongTerm();
        keyRegistrar.accept(platformKey);
        Clock clock = Clock.systemUTC();
        AssumeRoleService assumeRole = new AssumeRoleService(
                "arn:aws:iam::" + PLATFORM_ACCOUNT_ID + ":user/platform",
                (key, role) -> {
                    // bound first, so that the key is never usable without its role's denials
                    s3AccessPolicy.bindToRole(key.accessKeyId(), role);
                    keyRegistrar.accept(key);
                },
                clock);
        // only the platform may call AssumeRole; any other key id is unknown to this STS
        SigV4Verifier verifier = new SigV4Verifier(
                "sts",
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
        EmbeddedStsServer server = new EmbeddedStsServer(http, executor, platformKey, assumeRole, s3AccessPolicy);
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
    public void denyForRole(String roleArn, S3Permission permission) {
        denyForRole(roleArn, permission, Optional.empty());
    }

    @Override
    public void denyForRole(String roleArn, S3Permission permission, String bucket) {
        denyForRole(roleArn, permission, Optional.of(Objects.requireNonNull(bucket, "bucket")));
    }

    private void denyForRole(String roleArn, S3Permission permission, Optional<String> bucket) {
        RoleArn role = RoleArn.parse(roleArn);
        s3AccessPolicy.denyForRole(role, Objects.requireNonNull(permission, "permission"), bucket);
        log.info("S3 denies {} on {} to every key minted for {}", permission, bucket.orElse("all buckets"), role);
    }

    @Override
    public void allowAllForRole(String roleArn) {
        s3AccessPolicy.allowAllForRole(RoleArn.parse(roleArn));
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
