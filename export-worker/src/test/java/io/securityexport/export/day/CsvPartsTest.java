package io.securityexport.export.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.securityexport.common.csv.SecurityEventCsv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The part producer alone: no database, no S3. */
class CsvPartsTest {

    private static final int PART_SIZE = 100;
    private static final int GZIP_BUFFER = 512;
    private static final byte[] HEADER = SecurityEventCsv.HEADER.getBytes(StandardCharsets.UTF_8);

    @Test
    void anEmptyDayIsOneLastPartHoldingTheHeaderAndSaysSoInItsSummary() {
        List<Part> parts = cut(new CsvParts(PART_SIZE, false, GZIP_BUFFER), List.of());

        assertThat(parts).singleElement().isInstanceOf(Part.Last.class);
        assertThat(parts.get(0).bytes()).isEqualTo(HEADER);
        FileSummary summary = summary(parts);
        assertThat(summary.rows()).isZero();
        assertThat(summary.bytes()).isEqualTo(HEADER.length);
        assertThat(summary.sha256()).isEqualTo(sha256(HEADER));
    }

    @Test
    void aSmallDayIsOneLastPart() {
        List<Part> parts = cut(new CsvParts(PART_SIZE * 100, false, GZIP_BUFFER), lines(10));

        assertThat(parts).singleElement().isInstanceOf(Part.Last.class);
        assertThat(summary(parts).rows()).isEqualTo(10);
    }

    @Test
    void onlyTheLastPartSaysItIsLastAndEveryOtherPartIsAtLeastThePartSize() {
        List<Part> parts = cut(new CsvParts(PART_SIZE, false, GZIP_BUFFER), lines(100));

        assertThat(parts).hasSizeGreaterThan(5);
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(part -> {
            assertThat(part).isInstanceOf(Part.Middle.class);
            assertThat(part.bytes().length).isGreaterThanOrEqualTo(PART_SIZE);
        });
        assertThat(parts.get(parts.size() - 1)).isInstanceOf(Part.Last.class);
        assertThat(parts.get(parts.size() - 1).bytes())
                .as("the last part is never empty")
                .isNotEmpty();
    }

    @Test
    void theSummaryIsOfExactlyTheBytesEmittedAndCountsTheLines() {
        List<byte[]> lines = lines(250);
        List<Part> parts = cut(new CsvParts(PART_SIZE, false, GZIP_BUFFER), lines);
        byte[] file = concat(parts);

        assertThat(file).isEqualTo(concatLines(HEADER, lines));
        FileSummary summary = summary(parts);
        assertThat(summary.rows()).isEqualTo(250);
        assertThat(summary.bytes()).isEqualTo(file.length);
        assertThat(summary.sha256()).isEqualTo(sha256(file));
    }

    @Test
    void aFileEndingExactlyOnAPartBoundaryEndsWithAFullLastPartNotAnEmptyOne() {
        // header and lines that fill parts exactly: the part is held back until the end shows it was the last
        byte[] line = new byte[PART_SIZE];
        line[PART_SIZE - 1] = '\n';
        CsvParts producer = new CsvParts(HEADER.length, false, GZIP_BUFFER);
        List<Part> parts = cut(producer, List.of(line, line));

        assertThat(parts).hasSize(3);
        assertThat(parts.get(2)).isInstanceOf(Part.Last.class);
        assertThat(parts.get(2).bytes()).hasSize(PART_SIZE);
    }

    @Test
    void gzippedThePartsAreTheCompressedObjectAndTheSummaryIsTheObjects() throws IOException {
        List<byte[]> lines = randomLines(2_000);
        List<Part> parts = cut(new CsvParts(PART_SIZE * 10, true, GZIP_BUFFER), lines);
        byte[] object = concat(parts);

        try (GZIPInputStream unpacked = new GZIPInputStream(new ByteArrayInputStream(object))) {
            assertThat(unpacked.readAllBytes()).isEqualTo(concatLines(HEADER, lines));
        }
        assertThat(parts).hasSizeGreaterThan(1);
        FileSummary summary = summary(parts);
        assertThat(summary.rows()).isEqualTo(2_000);
        assertThat(summary.bytes()).isEqualTo(object.length);
        assertThat(summary.sha256()).isEqualTo(sha256(object));
    }

    @Test
    void anEmptyGzippedDayIsTheCompressedHeader() throws IOException {
        List<Part> parts = cut(new CsvParts(PART_SIZE, true, GZIP_BUFFER), List.of());

        assertThat(parts).singleElement().isInstanceOf(Part.Last.class);
        try (GZIPInputStream unpacked =
                new GZIPInputStream(new ByteArrayInputStream(parts.get(0).bytes()))) {
            assertThat(unpacked.readAllBytes()).isEqualTo(HEADER);
        }
        assertThat(summary(parts).rows()).isZero();
    }

    @Test
    void nothingFollowsTheLastPart() {
        CsvParts producer = new CsvParts(PART_SIZE, false, GZIP_BUFFER);
        producer.finish();

        assertThatIllegalStateException().isThrownBy(() -> producer.add(line(1)));
        assertThatIllegalStateException().isThrownBy(producer::finish);
    }

    private static List<Part> cut(CsvParts producer, List<byte[]> lines) {
        List<Part> parts = new ArrayList<>();
        for (byte[] line : lines) {
            Part.Middle part = producer.add(line);
            if (part != null) {
                parts.add(part);
            }
        }
        parts.add(producer.finish());
        return parts;
    }

    private static FileSummary summary(List<Part> parts) {
        return ((Part.Last) parts.get(parts.size() - 1)).summary();
    }

    private static List<byte[]> lines(int count) {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add(line(i));
        }
        return lines;
    }

    private static byte[] line(int i) {
        return ("2026-03-01T00:00:00.000Z,a@example.com,a@example.com,Event " + i + ",,,1\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Lines that do not compress away to nothing, so that a gzipped day spans several parts. */
    private static List<byte[]> randomLines(int count) {
        java.util.Random random = new java.util.Random(42);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(
                    ("2026-03-01T00:00:00.000Z,a@example.com,,Event " + Long.toHexString(random.nextLong()) + ",,,1\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static byte[] concat(List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(part -> out.writeBytes(part.bytes()));
        return out.toByteArray();
    }

    private static byte[] concatLines(byte[] header, List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        lines.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
