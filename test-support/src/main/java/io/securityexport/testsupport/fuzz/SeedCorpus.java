package io.securityexport.testsupport.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Records that once broke something, or nearly did, kept in {@code fuzz/security-events/} as the exact bytes a producer
 * sent, each with the outcome the contract promises ({@code expected.tsv}: {@code VALID} or the dead-letter reason).
 * Every fuzz run replays them before generating new input; add a file whenever a new edge is found.
 */
public final class SeedCorpus {

    private static final String FOLDER = "/fuzz/security-events/";

    /** @param expected {@code VALID} or a {@code RejectionReason} name */
    public record Seed(String name, byte[] value, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SeedCorpus() {}

    public static List<Seed> securityEvents() {
        return read(FOLDER + "expected.tsv")
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t"))
                .map(columns -> new Seed(columns[0], bytes(FOLDER + columns[0] + ".json"), columns[1].strip()))
                .toList();
    }

    private static String read(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = SeedCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing seed " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
