package io.securityexport.common.kafka;

/** Headers on every record in {@code security-events.DLT}: which rule failed, in words, and where it came from. */
public final class DeadLetterHeaders {
    /** The broken rule as a stable code, e.g. {@code KEY_MISMATCH} (see {@code RejectionReason}). */
    public static final String REASON = "x-rejection-reason";
    /** A human-readable sentence about what was wrong (never the payload itself). */
    public static final String DETAIL = "x-rejection-detail";

    public static final String ORIGINAL_TOPIC = "x-original-topic";
    public static final String ORIGINAL_PARTITION = "x-original-partition";
    public static final String ORIGINAL_OFFSET = "x-original-offset";

    private DeadLetterHeaders() {}
}
