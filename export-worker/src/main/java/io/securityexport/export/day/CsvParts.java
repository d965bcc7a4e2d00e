package io.securityexport.export.csv;

import io.securityexport.common.csv.SecurityEventCsv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Cuts one file — the CSV v1 header, then its lines as they come — into upload parts of at least {@code partSize}
 * bytes (the last one may be smaller; an empty day is one part holding the header). The SHA-256, line count and
 * byte count of the whole file are computed on the way and available from {@link #summary()} at the end.
 * Gzipped, the parts are the compressed stream and the digest and byte count are the object's (what the customer
 * downloads and can check). One instance serves one file, from one thread at a time.
 */
public final class CsvParts {

    private static final byte[] HEADER = SecurityEventCsv.HEADER.getBytes(StandardCharsets.UTF_8);

    private final int partSize;
    private final ByteArrayOutputStream buffer;
    private final OutputStream out;
    private final MessageDigest digest = sha256();
    private long rows;
    private long bytes;
    private boolean emittedAny;
    private Summary summary;

    public CsvParts(int partSize, boolean gzip) {
        this.partSize = partSize;
        this.buffer = new ByteArrayOutputStream(partSize + partSize / 8);
        this.out = gzip ? gzip(buffer) : buffer;
        write(HEADER);
    }

    /** Adds one CSV line (with its line end); answers a full part when the buffer has reached the part size. */
    public byte[] add(byte[] line) {
        write(line);
        rows++;
        return buffer.size() >= partSize ? takePart() : null;
    }

    /** The remainder once the lines are done, or null when it would be an empty part after earlier ones. */
    public byte[] finish() {
        if (out instanceof GZIPOutputStream gzip) {
            try {
                gzip.close(); // writes the trailer and frees the deflater's native memory now, not at some GC
            } catch (IOException e) {
                throw new UncheckedIOException(e); // never: it writes to memory
            }
        }
        return buffer.size() == 0 && emittedAny ? null : takePart();
    }

    /** Available once the last part was taken; the same answer however often it is asked. */
    public Summary summary() {
        if (summary == null) {
            summary = new Summary(rows, bytes, HexFormat.of().formatHex(digest.digest()));
        }
        return summary;
    }

    private byte[] takePart() {
        byte[] part = buffer.toByteArray();
        buffer.reset();
        digest.update(part);
        bytes += part.length;
        emittedAny = true;
        return part;
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // never: it writes to memory
        }
    }

    private static GZIPOutputStream gzip(OutputStream target) {
        try {
            return new GZIPOutputStream(target, 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
