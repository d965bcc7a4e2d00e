package io.securityexport.export.day;

/**
 * The company's export was switched off or deleted after its job was queued: the job is answered CANCELLED, with
 * this code and sentence, and nothing is written (its stored credentials are not even opened).
 */
final class ExportSwitchedOff extends RuntimeException {

    private final String code;

    private ExportSwitchedOff(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static ExportSwitchedOff disabled() {
        return new ExportSwitchedOff(
                "EXPORT_DISABLED",
                "the export was switched off before this job ran; nothing was written (switching it on again"
                        + " re-queues the day)");
    }

    static ExportSwitchedOff notConfigured() {
        return new ExportSwitchedOff(
                "NOT_CONFIGURED", "the company has no export settings (they were deleted); nothing was written");
    }

    String code() {
        return code;
    }
}
