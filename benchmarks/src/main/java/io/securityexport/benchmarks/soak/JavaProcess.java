package io.securityexport.benchmarks.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own running one main class of this classpath, killed the way an operating system kills: SIGKILL, no
 * shutdown hooks. From the benchmarks' executable jar (Spring Boot's PropertiesLauncher) it is started as
 * {@code java -Dloader.main=<class> -jar <jar>}, from a test's classpath as {@code java -cp <classpath> <class>}.
 */
final class JavaProcess {

    private final Process process;

    private JavaProcess(Process process) {
        this.process = process;
    }

    /**
     * @param jvm         JVM options ({@code -Xmx…}, {@code -Dname=value})
     * @param environment further environment variables
     * @param args        the main class's arguments
     * @param log         where stdout and stderr go (appended: a restarted process continues its log)
     */
    static JavaProcess start(
            String mainClass, List<String> jvm, Map<String, String> environment, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        String classpath = System.getProperty("java.class.path");
        if (classpath.endsWith("-exec.jar") && !classpath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-Dloader.main=" + mainClass, "-jar", classpath));
        } else {
            command.addAll(List.of("-cp", classpath, mainClass));
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new JavaProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM (a graceful stop), then SIGKILL if it has not gone within 30 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Waits up to {@code seconds} for the process to end by itself; its exit code, or empty if still running. */
    java.util.OptionalInt waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS)
                ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
