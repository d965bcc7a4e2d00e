package io.securityexport.benchmarks.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service of the soak (ingest, a config-service replica, an export worker) as a process of its own on a fixed
 * port, which the harness kills with SIGKILL and starts again; it counts the kills and how long each took to
 * recover (from the kill until the service answered ready again).
 */
final class ServiceProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String kind;
    private final int port;
    private final Map<String, String> properties;
    private final Path clock;
    private final Path log;
    private final List<Duration> recoveries = new ArrayList<>();
    private JavaProcess process;

    ServiceProcess(String name, String kind, int port, Map<String, String> properties, Path clock, Path logs) {
        this.name = name;
        this.kind = kind;
        this.port = port;
        this.properties = Map.copyOf(properties);
        this.clock = clock;
        this.log = logs.resolve(name + ".log");
    }

    String name() {
        return name;
    }

    String kind() {
        return kind;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path log() {
        return log;
    }

    synchronized void start() {
        List<String> args = new ArrayList<>();
        Map<String, String> environment = new java.util.HashMap<>();
        // upper-case names as the deployment's environment variables, dotted Spring properties as arguments
        properties.forEach((key, value) -> {
            if (key.matches("[A-Z0-9_]+")) {
                environment.put(key, value);
            } else {
                args.add("--" + key + "=" + value);
            }
        });
        process = JavaProcess.start(
                SoakService.class.getName(),
                List.of(
                        "-Xmx384m",
                        // C1 only: the JVM starts in about half the time on two shared cores
                        "-XX:TieredStopAtLevel=1",
                        "-Dsoak.service=" + kind,
                        "-Dsoak.clock=" + clock,
                        "-Dspring.main.banner-mode=off"),
                environment,
                args,
                log);
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, start again at once, wait until ready: the recovery time is recorded and returned. */
    Duration killAndRestart(Duration readyWithin) {
        Instant killed = Instant.now();
        synchronized (this) {
            process.kill();
            start();
        }
        awaitReady(readyWithin);
        Duration recovery = Duration.between(killed, Instant.now());
        synchronized (this) {
            recoveries.add(recovery);
        }
        return recovery;
    }

    /** Starts it again if it is not running (the end of the soak: everything back before reconciling). */
    void ensureRunning(Duration readyWithin) {
        synchronized (this) {
            if (!isAlive()) {
                start();
            }
        }
        awaitReady(readyWithin);
    }

    void awaitReady(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " ended by itself; see " + log);
            }
            if (ready()) {
                return;
            }
            Soak.pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " not ready within " + within + "; see " + log);
    }

    boolean ready() {
        try {
            HttpResponse<Void> answer = HTTP.send(
                    HttpRequest.newBuilder(uri().resolve("/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM: the graceful stop a deployment does. */
    synchronized void stop() {
        if (process != null) {
            process.stop();
        }
    }

    synchronized List<Duration> recoveries() {
        return List.copyOf(recoveries);
    }
}
