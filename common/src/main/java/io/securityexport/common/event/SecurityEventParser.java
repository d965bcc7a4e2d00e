package io.securityexport.common.event;

import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.ParsedEvent.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates one record of the {@code security-events} topic (contract version 1).
 * Never throws for bad input: every broken rule comes back as a {@link Rejected} with its reason.
 */
public final class SecurityEventParser {

    static final int MAX_EVENT_ID_LENGTH = 128;
    static final int MAX_EVENT_NAME_LENGTH = 200;
    static final int MAX_EMAIL_LENGTH = 320;
    static final int MAX_DEVELOPER_ID_LENGTH = 128;
    static final int MAX_PROPERTIES_BYTES = 64 * 1024;
    /** No product event predates this; anything older is a producer bug (epoch zero, seconds-as-millis). */
    static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");
    /** Producer clocks drift; a day ahead is the most we believe. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    private static final Pattern COMPANY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Duplicate keys are refused (which value would a reader believe?). {@link RecordReader} reads decimals as
     * BigDecimal with their trailing zeros, so {@code properties} keep every number's exact value: read as double,
     * {@code 0.1000000000000000055} would lose digits and {@code 1e400} would become the string "Infinity".
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final RecordReader reader = new RecordReader(JSON);
    private final Clock clock;

    public SecurityEventParser(Clock clock) {
        this.clock = clock;
    }

    public static boolean isValidCompanyId(String companyId) {
        return companyId != null && COMPANY_ID.matcher(companyId).matches();
    }

    public ParsedEvent parse(String key, byte[] value) {
        if (key == null) {
            return reject(RejectionReason.MISSING_KEY, "record has no key; the key must be the company ID");
        }
        if (value == null || value.length == 0) {
            return reject(RejectionReason.NOT_JSON, "record has no value");
        }
        RecordReader.Read read;
        try {
            read = reader.read(value);
        } catch (JacksonException e) {
            return reject(RejectionReason.NOT_JSON, "value is not valid UTF-8 JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            // e.g. a number whose exponent does not fit: still bad input, never a reason to stop the partition
            return reject(
                    RejectionReason.NOT_JSON,
                    "value is not valid JSON: " + e.getClass().getSimpleName());
        }
        if (read == null) {
            return reject(RejectionReason.NOT_AN_OBJECT, "value must be a JSON object");
        }
        return new Fields(read, key).read();
    }

    /**
     * The length {@code text.getBytes(UTF_8)} would have, without making the bytes: an unpaired surrogate counts as
     * the one byte ({@code ?}) the encoder would put in its place.
     */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static ParsedEvent reject(RejectionReason reason, String detail) {
        return new Rejected(reason, detail);
    }

    /** Reads the fields of one object; the first broken rule wins. */
    private final class Fields {
        private final RecordReader.Read record;
        private final String key;
        private Rejected rejected;

        Fields(RecordReader.Read record, String key) {
            this.record = record;
            this.key = key;
        }

        ParsedEvent read() {
            String eventId = requiredString("eventId", record.eventId());
            String companyId = requiredString("companyId", record.companyId());
            String occurredAtText = requiredString("occurredAt", record.occurredAt());
            String eventName = requiredString("eventName", record.eventName());
            requiredObject("actor", record.actor());
            String otherAccount = optionalString("otherAccount", record.otherAccount());
            String propertiesJson = optionalObject("properties", record.properties());
            if (rejected != null) {
                return rejected;
            }
            String developerId = actorString("developerId", record.developerId());
            String email = actorString("email", record.email());
            if (rejected != null) {
                return rejected;
            }
            Optional<Rejected> broken = storable("eventId", eventId)
                    .or(() -> storable("eventName", eventName))
                    .or(() -> storable("actor.developerId", developerId))
                    .or(() -> storable("actor.email", email))
                    .or(() -> otherAccount == null ? Optional.empty() : storable("otherAccount", otherAccount))
                    .or(() -> checkIds(eventId, companyId))
                    .or(() -> checkEventName(eventName))
                    .or(() -> checkActor(developerId, email))
                    .or(() -> checkOtherAccount(otherAccount));
            if (broken.isPresent()) {
                return broken.get();
            }
            Instant occurredAt = occurredAt(occurredAtText);
            String properties = properties(propertiesJson);
            if (rejected != null) {
                return rejected;
            }
            return new Valid(new SecurityEvent(
                    eventId,
                    companyId,
                    occurredAt,
                    eventName,
                    new Actor(developerId, email),
                    otherAccount,
                    properties));
        }

        /** NUL and unpaired surrogates cannot reach PostgreSQL unchanged: see {@link TextRules}. */
        private Optional<Rejected> storable(String field, String value) {
            return TextRules.unstorable(value)
                    .map(what -> new Rejected(
                            RejectionReason.UNSUPPORTED_CHARACTER,
                            field + " contains " + what + ", which PostgreSQL text cannot store"));
        }

        private Optional<Rejected> checkIds(String eventId, String companyId) {
            if (!isIdentifier(eventId, MAX_EVENT_ID_LENGTH)) {
                return Optional.of(new Rejected(
                        RejectionReason.INVALID_EVENT_ID,
                        "eventId must be 1-" + MAX_EVENT_ID_LENGTH
                                + " characters, not blank, without control characters"));
            }
            if (!isValidCompanyId(companyId)) {
                return Optional.of(new Rejected(
                        RejectionReason.INVALID_COMPANY_ID, "companyId must be 1-64 characters of [A-Za-z0-9_-]"));
            }
            if (!companyId.equals(key)) {
                return Optional.of(new Rejected(
                        RejectionReason.KEY_MISMATCH, "record key must equal companyId (eventId " + eventId + ")"));
            }
            return Optional.empty();
        }

        /** A name is free text (a line break is exported quoted, exactly), but it must show something. */
        private Optional<Rejected> checkEventName(String eventName) {
            if (TextRules.isBlank(eventName) || TextRules.length(eventName) > MAX_EVENT_NAME_LENGTH) {
                return Optional.of(new Rejected(
                        RejectionReason.INVALID_EVENT_NAME,
                        "eventName must be 1-" + MAX_EVENT_NAME_LENGTH + " characters and not blank"));
            }
            return Optional.empty();
        }

        private Optional<Rejected> checkActor(String developerId, String email) {
            if (!isIdentifier(developerId, MAX_DEVELOPER_ID_LENGTH)) {
                return Optional.of(new Rejected(
                        RejectionReason.INVALID_ACTOR,
                        "actor.developerId must be 1-" + MAX_DEVELOPER_ID_LENGTH
                                + " characters, not blank, without control characters"));
            }
            if (TextRules.length(email) > MAX_EMAIL_LENGTH) {
                return Optional.of(new Rejected(
                        RejectionReason.INVALID_ACTOR,
                        "actor.email must be at most " + MAX_EMAIL_LENGTH + " characters"));
            }
            return Optional.empty();
        }

        private Optional<Rejected> checkOtherAccount(String otherAccount) {
            if (otherAccount != null && TextRules.length(otherAccount) > MAX_EMAIL_LENGTH) {
                return Optional.of(new Rejected(
                        RejectionReason.INVALID_OTHER_ACCOUNT,
                        "otherAccount must be at most " + MAX_EMAIL_LENGTH + " characters"));
            }
            return Optional.empty();
        }

        /** Identifiers are matched and filtered on: something visible, on one line, no hidden control characters. */
        private static boolean isIdentifier(String value, int maxLength) {
            return !TextRules.isBlank(value)
                    && TextRules.length(value) <= maxLength
                    && !TextRules.hasControlCharacter(value);
        }

        private String actorString(String field, RecordReader.Value value) {
            if (value.kind() != RecordReader.Kind.STRING) {
                fail(RejectionReason.INVALID_ACTOR, "actor." + field + " must be a string");
                return null;
            }
            return value.text();
        }

        private Instant occurredAt(String text) {
            Instant instant;
            try {
                instant = IsoInstant.parse(text);
            } catch (DateTimeParseException e) {
                fail(
                        RejectionReason.INVALID_TIMESTAMP,
                        "occurredAt must be an ISO-8601 instant with offset, e.g. 2026-11-20T13:45:12.123Z");
                return null;
            }
            Instant latest = clock.instant().plus(MAX_CLOCK_SKEW);
            if (instant.isBefore(EARLIEST_PLAUSIBLE) || instant.isAfter(latest)) {
                fail(
                        RejectionReason.TIMESTAMP_OUT_OF_RANGE,
                        "occurredAt must lie between " + EARLIEST_PLAUSIBLE + " and one day after receipt");
                return null;
            }
            // PostgreSQL keeps microseconds and would round the rest (23:59:59.9999999 into the next day): cut instead
            return instant.truncatedTo(ChronoUnit.MICROS);
        }

        /** {@code compact} is the object as the reader re-wrote it (no white space, exact numbers). */
        private String properties(String compact) {
            if (compact == null) {
                return null;
            }
            if (utf8Length(compact) > MAX_PROPERTIES_BYTES) {
                fail(RejectionReason.PROPERTIES_TOO_LARGE, "properties must be at most 64 KiB as compact JSON");
                return null;
            }
            // JSON escapes NUL and other control characters (\u0000), so only an unpaired surrogate can be left raw
            storable("properties", compact).ifPresent(broken -> fail(broken.reason(), broken.detail()));
            return compact;
        }

        private String requiredString(String field, RecordReader.Value value) {
            if (value.isMissing()) {
                fail(RejectionReason.MISSING_FIELD, field + " is required");
                return null;
            }
            if (value.kind() != RecordReader.Kind.STRING) {
                fail(RejectionReason.WRONG_TYPE, field + " must be a string");
                return null;
            }
            return value.text();
        }

        private String optionalString(String field, RecordReader.Value value) {
            if (value.isMissing()) {
                return null;
            }
            if (value.kind() != RecordReader.Kind.STRING) {
                fail(RejectionReason.WRONG_TYPE, field + " must be a string or null");
                return null;
            }
            return value.text();
        }

        private void requiredObject(String field, RecordReader.Value value) {
            if (value.isMissing()) {
                fail(RejectionReason.MISSING_FIELD, field + " is required");
            } else if (value.kind() != RecordReader.Kind.OBJECT) {
                fail(RejectionReason.WRONG_TYPE, field + " must be an object");
            }
        }

        /** @return the object's compact JSON, or null when there is none */
        private String optionalObject(String field, RecordReader.Value value) {
            if (value.isMissing()) {
                return null;
            }
            if (value.kind() != RecordReader.Kind.OBJECT) {
                fail(RejectionReason.WRONG_TYPE, field + " must be an object or null");
                return null;
            }
            return value.text();
        }

        private void fail(RejectionReason reason, String detail) {
            if (rejected == null) {
                rejected = new Rejected(reason, detail);
            }
        }
    }
}
