package io.securityexport.testsupport;

/** An STS error answer: HTTP status plus the {@code Error/Code} and {@code Error/Message} of the XML body. */
final class StsFault extends RuntimeException {

    private final int httpStatus;
    private final String code;

    StsFault(int httpStatus, String code, String message) {
        super(message, null, false, false); // control flow, not a bug: no stack trace
        this.httpStatus = httpStatus;
        this.code = code;
    }

    static StsFault signatureDoesNotMatch(String message) {
        return new StsFault(403, "SignatureDoesNotMatch", message);
    }

    static StsFault validation(String message) {
        return new StsFault(400, "ValidationError", message);
    }

    int httpStatus() {
        return httpStatus;
    }

    String code() {
        return code;
    }
}
