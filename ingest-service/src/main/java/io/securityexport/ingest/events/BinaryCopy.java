package io.securityexport.ingest.events;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes PostgreSQL's binary {@code COPY} format (the "Binary Format" section of the COPY reference): a fixed header,
 * then per row a 16-bit field count and each field as a 32-bit length (-1 for NULL) followed by its bytes, then a
 * 16-bit -1.
 *
 * <p>Measured reason (BENCHMARKS.md, issue 13): text arrays made PostgreSQL parse and unescape every element and the
 * JVM escape it; here a text is its UTF-8 bytes behind a length, so nothing is escaped on either side, and a
 * {@code timestamptz} is eight bytes instead of 27 characters to parse.
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for dates and timestamps, in seconds since 1970. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private BinaryCopy() {}

    /** The signature, no flags (no OIDs), no header extension. */
    static void header(ByteBuf out) {
        out.writeBytes(SIGNATURE).writeInt(0).writeInt(0);
    }

    static void row(ByteBuf out, int fields) {
        out.writeShort(fields);
    }

    static void trailer(ByteBuf out) {
        out.writeShort(-1);
    }

    /**
     * {@code text}: the UTF-8 bytes. PostgreSQL checks them as it would any client text, so a NUL is refused with
     * SQLSTATE 22021 as before; an unpaired surrogate (which validation refuses earlier) would arrive as {@code ?}, as
     * the driver's text encoding wrote it.
     */
    static void text(ByteBuf out, String value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        // String.getBytes copies an ASCII string's bytes as one array (the usual case: ids, emails, JSON); the
        // buffer's own UTF-8 writer went char by char and showed in the profile
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length).writeBytes(utf8);
    }

    /**
     * {@code timestamptz}: microseconds since 2000-01-01 UTC. Sub-microsecond digits are dropped (towards the past),
     * as the array literal's six fractional digits did.
     */
    static void timestamptz(ByteBuf out, Instant value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        long seconds = value.getEpochSecond() - POSTGRES_EPOCH_SECONDS;
        out.writeInt(8).writeLong(Math.addExact(Math.multiplyExact(seconds, 1_000_000L), value.getNano() / 1_000));
    }
}
