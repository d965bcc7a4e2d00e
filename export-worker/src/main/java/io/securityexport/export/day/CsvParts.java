package io.securityexport.export.day;

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
 * bytes, and declares the last one: {@link #finish()} answers a {@link Part.Last} carrying the SHA-256, line count
 * and byte count of the whole file, computed on the way. Gzipped, the parts are the compressed stream and the digest
 * and byte count are the object's (what the customer downloads and can check). An empty day is one last part holding
 * the header.
 * <p>
 * A full part is held back until the next line shows that more follows, so that the last part is never empty and
 * is known to be last when it is handed out: the buffer holds at most one part and a line. One instance serves one
 * file, from one thread at a time.
 */
final class CsvParts {

    private static final byte[] HEADER = SecurityEventCsv.HEADER.getBytes(StandardCharsets.UTF_8);

    private final int partSize;
    private final ByteArrayOutputStream buffer;
    private final OutputStream out;
    private final MessageDigest digest = sha256();
    private long rows;
    private long bytes;
    private boolean finished;

    /** @param gzipBufferSize the deflater's output buffer when gzipped ({@code WorkerProperties.Upload}) */
    CsvParts(int partSize, boolean gzip, int gzipBufferSize) {
        this.partSize = partSize;
        this.buffer = new ByteArrayOutputStream(partSize + partSize / 8);
        this.out = gzip ? gzip(buffer, gzipBufferSize) : buffer;
        write(HEADER);
    }

    /**
     * Adds one CSV line (with its line end). Answers the previous full part when this line shows that it was not the
     * last; null otherwise.
     */
    Part.Middle add(byte[] line) {
        if (finished) {
            throw new IllegalStateException("the file's last part was already taken");
        }
        Part.Middle full = buffer.size() >= partSize ? new Part.Middle(take()) : null;
        write(line);
        rows++;
        return full;
    }

    /** The file's last part, with the summary of the whole file; the lines are done. */
    Part.Last finish() {
        if (finished) {
            throw new IllegalStateException("the file's last part was already taken");
        }
        finished = true;
        if (out instanceof GZIPOutputStream gzip) {
            try {
                gzip.close(); // writes the trailer and frees the deflater's native memory now, not at some GC
            } catch (IOException e) {
                throw new UncheckedIOException(e); // never: it writes to memory
            }
        }
        byte[] last = take();
        return new Part.Last(last, new FileSummary(rows, bytes, HexFormat.of().formatHex(digest.digest())));
    }

    private byte[] take() {
        byte[] part = buffer.toByteArray();
        buffer.reset();
        digest.update(part);
        bytes += part.length;
        return part;
    }

    private void write(byte[] content) {
        try {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // never: it writes to memory
        }
    }

    private static GZIPOutputStream gzip(OutputStream target, int bufferSize) {
        try {
            return new GZIPOutputStream(target, bufferSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // never: the header goes to memory
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
