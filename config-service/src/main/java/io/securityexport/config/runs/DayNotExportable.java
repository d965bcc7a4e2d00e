package io.securityexport.config.runs;

/** The requested day lies in the future or outside the retained data. */
public final class DayNotExportable extends RuntimeException {
    public DayNotExportable(String message) {
        super(message, null, false, false);
    }
}
