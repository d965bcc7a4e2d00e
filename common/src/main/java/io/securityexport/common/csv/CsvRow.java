package io.securityexport.common.csv;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line of the daily file, CSV version 1; the column names and order are the contract.
 * Use {@link #of} so that CreatedAt is always ISO-8601 UTC with milliseconds.
 */
@JsonPropertyOrder({
    "CreatedAt",
    "EmailAtTimeOfEvent",
    "CurrentEmail",
    "EventName",
    "OtherAccount",
    "JsonProperties",
    "Version"
})
public record CsvRow(
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("EmailAtTimeOfEvent") String emailAtTimeOfEvent,
        @JsonProperty("CurrentEmail") String currentEmail,
        @JsonProperty("EventName") String eventName,
        @JsonProperty("OtherAccount") String otherAccount,
        @JsonProperty("JsonProperties") String jsonProperties,
        @JsonProperty("Version") int version) {

    public static final int VERSION = 1;

    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Null other account and properties become empty fields. */
    public static CsvRow of(
            Instant createdAt,
            String emailAtTimeOfEvent,
            String currentEmail,
            String eventName,
            String otherAccount,
            String jsonProperties) {
        return new CsvRow(
                CREATED_AT.format(createdAt),
                emailAtTimeOfEvent,
                currentEmail,
                eventName,
                otherAccount == null ? "" : otherAccount,
                jsonProperties == null ? "" : jsonProperties,
                VERSION);
    }
}
