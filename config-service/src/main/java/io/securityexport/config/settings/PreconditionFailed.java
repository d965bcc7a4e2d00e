package io.securityexport.config.settings;

/** An If-Match that no longer matches, or an update without one (428). */
public final class PreconditionFailed extends RuntimeException {

    private final boolean missing;

    public PreconditionFailed(String message, boolean missing) {
        super(message, null, false, false);
        this.missing = missing;
    }

    /** True when the request had no If-Match at all. */
    public boolean missing() {
        return missing;
    }
}
