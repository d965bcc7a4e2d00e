package io.securityexport.export.csv;

import io.securityexport.common.csv.CsvRow;
import io.securityexport.common.csv.SecurityEventCsv;
import java.io.ByteArrayOutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.SequenceWriter;

/**
 * Cuts the CSV of a stream of rows into upload parts of at least {@code partSize} bytes (the last one may be
 * smaller; an empty day is one part holding the header). The SHA-256, row count and byte count of the whole file
 * are computed on the way and available from {@link #summary()} once the parts have completed.
 * One instance serves one file; Reactor delivers rows one at a time, so no locking is needed.
 */
public final class CsvParts {

    private final int partSize;
    private final PartBuffer buffer;
    private final MessageDigest digest;
    private final SequenceWriter writer;
    private long rows;
    private long bytes;
    private Summary summary;

    public CsvParts(int partSize) {
        this.partSize = partSize;
        this.buffer = new PartBuffer(partSize + partSize / 8);
        this.digest = sha256();
        this.writer = SecurityEventCsv.writer(new DigestOutputStream(buffer, digest));
        this.writer.init(true);
    }

    /** Non-empty parts: the first holds at least the header; a remainder of zero bytes is not a part. */
    public Flux<byte[]> parts(Flux<CsvRow> source) {
        return source
                .concatMapIterable(this::write)
                .concatWith(Flux.defer(() -> {
                    byte[] last = finish();
                    return last.length == 0 && bytes > 0 ? Flux.empty() : Flux.just(last);
                }));
    }

    /** Available once the parts have all been produced; the same answer however often it is asked. */
    public Summary summary() {
        if (summary == null) {
            summary = new Summary(rows, bytes, HexFormat.of().formatHex(digest.digest()));
        }
        return summary;
    }

    private List<byte[]> write(CsvRow row) {
        writer.write(row);
        rows++;
        if (buffer.size() < partSize) {
            return List.of();
        }
        writer.flush();
        return List.of(takePart());
    }

    private byte[] finish() {
        writer.close();
        long before = bytes;
        byte[] part = takePart();
        if (part.length == 0) {
            bytes = before;
        }
        return part;
    }

    private byte[] takePart() {
        byte[] part = buffer.toByteArray();
        bytes += part.length;
        buffer.reset();
        return part;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** What was written, for the run history. */
    public record Summary(long rows, long bytes, String sha256) {
    }

    /** Exposes the count without copying; Jackson's own buffer may hold a few KiB more until flushed. */
    private static final class PartBuffer extends ByteArrayOutputStream {
        PartBuffer(int capacity) {
            super(capacity);
        }
    }
}
