package io.securityexport.benchmarks.soak;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts, digests (SHA-256) and remembers the last byte of what is read through it, so a file is read only once. */
final class TappedStream extends FilterInputStream {

    private final MessageDigest digest = newDigest();
    private long bytes;
    private int lastByte = -1;

    TappedStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int read = super.read();
        if (read >= 0) {
            digest.update((byte) read);
            bytes++;
            lastByte = read;
        }
        return read;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            digest.update(buffer, offset, read);
            bytes += read;
            lastByte = buffer[offset + read - 1] & 0xff;
        }
        return read;
    }

    /** Reads instead of skipping: a skipped byte would be missing from the digest. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    /** Reads what is left, so that {@link #sha256()} and {@link #bytes()} cover the whole stream. */
    void drain() throws IOException {
        transferTo(OutputStream.nullOutputStream());
    }

    long bytes() {
        return bytes;
    }

    /** -1 when nothing was read. */
    int lastByte() {
        return lastByte;
    }

    /** Lower-case hex of what was read so far; call once, at the end. */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
