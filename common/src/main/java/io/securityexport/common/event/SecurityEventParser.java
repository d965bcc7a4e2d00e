package io.securityexport.common.event;

import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.ParsedEvent.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
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
    private static final Pattern CONTROL_CHARS = Pattern.compile("\\p{Cntrl}");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

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
        if (value == null) {
            return reject(RejectionReason.NOT_JSON, "record has no value");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JacksonException e) {
            return reject(RejectionReason.NOT_JSON, "value is not valid UTF-8 JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return reject(RejectionReason.NOT_AN_OBJECT, "value must be a JSON object");
        }
        return new Fields(root, key).read();
    }

    private static ParsedEvent reject(RejectionReason reason, String detail) {
        return new Rejected(reason, detail);
    }

    /** Reads the fields of one object; the first broken rule wins. */
    private final class Fields {
        private final JsonNode root;
        private final String key;
        private Rejected rejected;

        Fields(JsonNode root, String key) {
            this.root = root;
            this.key = key;
        }

        ParsedEvent read() {
            String eventId = requiredString("eventId");
            String companyId = requiredString("companyId");
            String occurredAtText = requiredString("occurredAt");
            String eventName = requiredString("eventName");
            JsonNode actorNode = requiredObject("actor");
            String otherAccount = optionalString("otherAccount");
            JsonNode propertiesNode = optionalObject("properties");
            if (rejected != null) {
                return rejected;
            }
            Optional<Rejected> broken = checkIds(eventId, companyId)
                    .or(() -> checkEventName(eventName))
                    .or(() -> checkOtherAccount(otherAccount));
            if (broken.isPresent()) {
                return broken.get();
            }
            Actor actor = actor(actorNode);
            Instant occurredAt = occurredAt(occurredAtText);
            String properties = properties(propertiesNode);
            if (rejected != null) {
                return rejected;
            }
            return new Valid(new SecurityEvent(eventId, companyId, occurredAt, eventName, actor, otherAccount, properties));
        }

        private Optional<Rejected> checkIds(String eventId, String companyId) {
            if (eventId.isEmpty() || eventId.length() > MAX_EVENT_ID_LENGTH || CONTROL_CHARS.matcher(eventId).find()) {
                return Optional.of(new Rejected(RejectionReason.INVALID_EVENT_ID,
                        "eventId must be 1-" + MAX_EVENT_ID_LENGTH + " characters without control characters"));
            }
            if (!isValidCompanyId(companyId)) {
                return Optional.of(new Rejected(RejectionReason.INVALID_COMPANY_ID,
                        "companyId must be 1-64 characters of [A-Za-z0-9_-]"));
            }
            if (!companyId.equals(key)) {
                return Optional.of(new Rejected(RejectionReason.KEY_MISMATCH,
                        "record key must equal companyId (eventId " + eventId + ")"));
            }
            return Optional.empty();
        }

        private Optional<Rejected> checkEventName(String eventName) {
            if (eventName.isBlank() || eventName.length() > MAX_EVENT_NAME_LENGTH) {
                return Optional.of(new Rejected(RejectionReason.INVALID_EVENT_NAME,
                        "eventName must be 1-" + MAX_EVENT_NAME_LENGTH + " characters"));
            }
            return Optional.empty();
        }

        private Optional<Rejected> checkOtherAccount(String otherAccount) {
            if (otherAccount != null && otherAccount.length() > MAX_EMAIL_LENGTH) {
                return Optional.of(new Rejected(RejectionReason.INVALID_OTHER_ACCOUNT,
                        "otherAccount must be at most " + MAX_EMAIL_LENGTH + " characters"));
            }
            return Optional.empty();
        }

        private Actor actor(JsonNode node) {
            JsonNode developerId = node.get("developerId");
            JsonNode email = node.get("email");
            if (developerId == null || !developerId.isString() || developerId.stringValue().isBlank()
                    || developerId.stringValue().length() > MAX_DEVELOPER_ID_LENGTH) {
                fail(RejectionReason.INVALID_ACTOR, "actor.developerId must be a string of 1-" + MAX_DEVELOPER_ID_LENGTH + " characters");
                return null;
            }
            if (email == null || !email.isString() || email.stringValue().length() > MAX_EMAIL_LENGTH) {
                fail(RejectionReason.INVALID_ACTOR, "actor.email must be a string of at most " + MAX_EMAIL_LENGTH + " characters");
                return null;
            }
            return new Actor(developerId.stringValue(), email.stringValue());
        }

        private Instant occurredAt(String text) {
            Instant instant;
            try {
                instant = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                fail(RejectionReason.INVALID_TIMESTAMP, "occurredAt must be an ISO-8601 instant with offset, e.g. 2026-11-20T13:45:12.123Z");
                return null;
            }
            Instant latest = clock.instant().plus(MAX_CLOCK_SKEW);
            if (instant.isBefore(EARLIEST_PLAUSIBLE) || instant.isAfter(latest)) {
                fail(RejectionReason.TIMESTAMP_OUT_OF_RANGE,
                        "occurredAt must lie between " + EARLIEST_PLAUSIBLE + " and one day after receipt");
                return null;
            }
            return instant;
        }

        private String properties(JsonNode node) {
            if (node == null) {
                return null;
            }
            String compact = JSON.writeValueAsString(node);
            if (compact.getBytes(StandardCharsets.UTF_8).length > MAX_PROPERTIES_BYTES) {
                fail(RejectionReason.PROPERTIES_TOO_LARGE, "properties must be at most 64 KiB as compact JSON");
                return null;
            }
            return compact;
        }

        private String requiredString(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                fail(RejectionReason.MISSING_FIELD, field + " is required");
                return null;
            }
            if (!node.isString()) {
                fail(RejectionReason.WRONG_TYPE, field + " must be a string");
                return null;
            }
            return node.stringValue();
        }

        private String optionalString(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isString()) {
                fail(RejectionReason.WRONG_TYPE, field + " must be a string or null");
                return null;
            }
            return node.stringValue();
        }

        private JsonNode requiredObject(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                fail(RejectionReason.MISSING_FIELD, field + " is required");
                return null;
            }
            if (!node.isObject()) {
                fail(RejectionReason.WRONG_TYPE, field + " must be an object");
                return null;
            }
            return node;
        }

        private JsonNode optionalObject(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                fail(RejectionReason.WRONG_TYPE, field + " must be an object or null");
                return null;
            }
            return node;
        }

        private void fail(RejectionReason reason, String detail) {
            if (rejected == null) {
                rejected = new Rejected(reason, detail);
            }
        }
    }
}
