package io.securityexport.e2e;

import io.securityexport.localstack.RunningServices;
import io.securityexport.localstack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An export worker in a JVM of its own, wired like the in-process one (same variables, database, topics and
 * consumer group), so that a test can kill it as an operating system would: SIGKILL, no shutdown hooks, sockets
 * closed by the kernel. Its output goes to a log file for diagnosis.
 */
final class WorkerProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "io.securityexport.export.WorkerApplication";

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param extra further properties, e.g. a smaller upload part size or a shorter Kafka session timeout
     * @param log   where the process's stdout and stderr go
     */
    static WorkerProcess start(StackSettings settings, Map<String, String> extra, Path log) {
        Map<String, String> properties = new HashMap<>(RunningServices.exportWorkerProperties(settings));
        properties.put("WORKER_PORT", "0");
        properties.putAll(extra);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // C1 only: the JVM starts in about half the time on two shared cores
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                MAIN_CLASS));
        ProcessBuilder builder = new ProcessBuilder(command);
        // upper-case names as the deployment's environment variables, dotted Spring properties as arguments
        properties.forEach((name, value) -> {
            if (name.matches("[A-Z0-9_]+")) {
                builder.environment().put(name, value);
            } else {
                builder.command().add("--" + name + "=" + value);
            }
        });
        try {
            Files.createDirectories(log.getParent());
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new WorkerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGKILL: the worker gets no chance to abort its upload, release its lock or leave its consumer group. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker process " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "worker process " + process.pid() + " (log " + log + ")";
    }
}
