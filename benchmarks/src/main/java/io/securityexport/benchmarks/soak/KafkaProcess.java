package io.securityexport.benchmarks.soak;

import io.securityexport.testsupport.KafkaBrokerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker (KRaft, broker and controller in one) as an operating system process of its own, on fixed ports
 * and a data directory that outlive it: killing it and starting it again is a broker restart, with its logs,
 * offsets and share-group state recovered from disk. The same broker settings as every other Kafka of the project
 * ({@link KafkaBrokerSettings}).
 */
final class KafkaProcess {

    private final Path properties;
    private final Path log;
    private final int port;
    private JavaProcess process;

    private KafkaProcess(Path properties, Path log, int port) {
        this.properties = properties;
        this.log = log;
        this.port = port;
    }

    /** Formats a new cluster in {@code directory} and starts its broker on {@code port} (controller on port + 1). */
    static KafkaProcess format(Path directory, int port) {
        try {
            Files.createDirectories(directory);
            Path properties = directory.resolve("server.properties");
            Properties server = new Properties();
            serverProperties(directory.resolve("data"), port).forEach(server::setProperty);
            try (var out = Files.newBufferedWriter(properties)) {
                server.store(out, "the soak's broker");
            }
            Path log = directory.resolve("broker.log");
            JavaProcess storage = JavaProcess.start(
                    "kafka.tools.StorageTool",
                    List.of("-Xmx256m"),
                    Map.of(),
                    List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()),
                    log);
            if (storage.waitFor(120).orElse(-1) != 0) {
                throw new IllegalStateException("formatting the broker's storage failed; see " + log);
            }
            KafkaProcess broker = new KafkaProcess(properties, log, port);
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> serverProperties(Path data, int port) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + (port + 1));
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1));
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", data.toString());
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("auto.create.topics.enable", "false");
        properties.putAll(KafkaBrokerSettings.brokerProperties());
        return properties;
    }

    synchronized void start() {
        process = JavaProcess.start(
                "kafka.Kafka",
                List.of("-Xmx768m", "-XX:TieredStopAtLevel=1"),
                Map.of(),
                List.of(properties.toString()),
                log);
        awaitReady(Duration.ofMinutes(2));
    }

    /** SIGKILL: no controlled shutdown, unflushed segments recovered at the next start. */
    synchronized void kill() {
        process.kill();
    }

    /** SIGTERM (a controlled shutdown), SIGKILL after 30 s; nothing when it is not running. */
    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.stop();
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker process ended at start-up; see " + log);
            }
            if (answers()) {
                return;
            }
            Soak.pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the broker did not answer within " + within + "; see " + log);
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                4000))) {
            return !admin.describeCluster().nodes().get().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
