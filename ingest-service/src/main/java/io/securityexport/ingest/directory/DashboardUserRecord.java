package io.securityexport.ingest.directory;

import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.RejectionReason;
import io.securityexport.common.event.SecurityEventParser;
import io.securityexport.common.event.TextRules;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One record of the compacted {@code dashboard-users} topic, read and checked: a user's current email, a user gone
 * (tombstone or {@code "deleted": true}), or the rule the record broke. The same text rules as events: no NUL or
 * unpaired surrogate can reach PostgreSQL, where it would fail the upsert on every retry.
 */
final class DashboardUserRecord {

    static final int MAX_EMAIL_LENGTH = 320;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** What one record says. */
    sealed interface Read {}

    /** The user's current email. */
    record Current(String developerId, String companyId, String email) implements Read {}

    /** The user no longer exists; {@code companyId} is null for a tombstone. */
    record Gone(String developerId, String companyId) implements Read {}

    record Refused(Rejected rejected) implements Read {}

    private DashboardUserRecord() {}

    static Read read(String key, byte[] value) {
        if (key == null || key.isEmpty()) {
            return refused(RejectionReason.MISSING_KEY, "record has no key; the key must be the developer ID");
        }
        Optional<String> unstorableKey = TextRules.unstorable(key);
        if (unstorableKey.isPresent()) {
            return refused(
                    RejectionReason.UNSUPPORTED_CHARACTER,
                    "the key contains " + unstorableKey.get() + ", which PostgreSQL text cannot store");
        }
        if (value == null) {
            return new Gone(key, null);
        }
        JsonNode user;
        try {
            user = JSON.readTree(value);
        } catch (JacksonException | IllegalArgumentException e) {
            return refused(RejectionReason.NOT_JSON, "value is not valid UTF-8 JSON");
        }
        if (user == null || !user.isObject()) {
            return refused(RejectionReason.NOT_AN_OBJECT, "value must be a JSON object");
        }
        return fields(key, user);
    }

    private static Read fields(String key, JsonNode user) {
        JsonNode developerId = user.get("developerId");
        JsonNode companyId = user.get("companyId");
        JsonNode email = user.get("email");
        JsonNode deleted = user.get("deleted");
        if (developerId != null && !developerId.isNull() && !key.equals(developerId.asString(""))) {
            return refused(RejectionReason.KEY_MISMATCH, "developerId must equal the record key");
        }
        if (deleted != null && !deleted.isNull() && !deleted.isBoolean()) {
            return refused(RejectionReason.WRONG_TYPE, "deleted must be true or false");
        }
        boolean validCompany = companyId != null
                && companyId.isString()
                && SecurityEventParser.isValidCompanyId(companyId.stringValue());
        if (deleted != null && deleted.asBoolean(false)) {
            return new Gone(key, validCompany ? companyId.stringValue() : null);
        }
        if (!validCompany) {
            return refused(RejectionReason.INVALID_COMPANY_ID, "companyId must be 1-64 characters of [A-Za-z0-9_-]");
        }
        if (email == null || !email.isString() || TextRules.length(email.stringValue()) > MAX_EMAIL_LENGTH) {
            return refused(
                    RejectionReason.INVALID_EMAIL,
                    "email must be a string of at most " + MAX_EMAIL_LENGTH + " characters");
        }
        return TextRules.unstorable(email.stringValue())
                .<Read>map(what -> refused(
                        RejectionReason.UNSUPPORTED_CHARACTER,
                        "email contains " + what + ", which PostgreSQL text cannot store"))
                .orElseGet(() -> new Current(key, companyId.stringValue(), email.stringValue()));
    }

    private static Refused refused(RejectionReason reason, String detail) {
        return new Refused(new Rejected(reason, detail));
    }
}
