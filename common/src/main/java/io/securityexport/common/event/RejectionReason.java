package io.securityexport.common.event;

/**
 * Every rule of the ingest contracts ({@code security-events}, {@code dashboard-users}) a record can break; the code
 * travels in the DLT headers.
 */
public enum RejectionReason {
    MISSING_KEY,
    NOT_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    KEY_MISMATCH,
    INVALID_COMPANY_ID,
    INVALID_EVENT_ID,
    INVALID_EVENT_NAME,
    INVALID_ACTOR,
    INVALID_OTHER_ACCOUNT,
    INVALID_TIMESTAMP,
    TIMESTAMP_OUT_OF_RANGE,
    PROPERTIES_TOO_LARGE,
    /** A dashboard user's email is not a string of at most 320 characters. */
    INVALID_EMAIL,
    /** A text field holds what PostgreSQL cannot store unchanged: NUL, or an unpaired UTF-16 surrogate. */
    UNSUPPORTED_CHARACTER,
    /**
     * The record passed validation but the database refused it for good (a data or constraint error, not an
     * outage); the detail names the SQLSTATE and constraint, never the data.
     */
    STORAGE_REJECTED
}
