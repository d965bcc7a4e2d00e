package io.securityexport.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.ParsedEvent.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityEventParserTest {

    private final SecurityEventParser parser =
            new SecurityEventParser(Clock.fixed(Instant.parse("2026-11-20T14:00:00Z"), ZoneOffset.UTC));

    private static final String VALID = """
            {"eventId":"e-1","companyId":"acme","occurredAt":"2026-11-20T14:45:12.123+01:00","eventName":"Signed In",
             "actor":{"developerId":"dev-1","email":"ann@acme.io"},"otherAccount":null,
             "properties":{"ip": "10.0.0.1", "n": 1},"unknownExtra":true}""";

    @Test
    void acceptsAValidEventAndNormalisesItsTimeAndProperties() {
        ParsedEvent parsed = parser.parse("acme", VALID.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed).isInstanceOf(Valid.class);
        SecurityEvent event = ((Valid) parsed).event();
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-20T13:45:12.123Z"));
        assertThat(event.properties()).isEqualTo("{\"ip\":\"10.0.0.1\",\"n\":1}");
        assertThat(event.actor()).isEqualTo(new Actor("dev-1", "ann@acme.io"));
        assertThat(event.otherAccount()).isNull();
    }

    @Test
    void aRecordWithoutKeyIsRejected() {
        assertThat(parser.parse(null, VALID.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(
                        new Rejected(RejectionReason.MISSING_KEY, "record has no key; the key must be the company ID"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NOT_JSON               | acme | {not json
            NOT_JSON               | acme | {"eventId":"e","eventId":"f"}
            NOT_AN_OBJECT          | acme | [1,2]
            MISSING_FIELD          | acme | {"companyId":"acme","occurredAt":"2026-11-20T13:00:00Z","eventName":"x","actor":{"developerId":"d","email":"e"}}
            WRONG_TYPE             | acme | {"eventId":7,"companyId":"acme","occurredAt":"2026-11-20T13:00:00Z","eventName":"x","actor":{"developerId":"d","email":"e"}}
            WRONG_TYPE             | acme | {"eventId":"e","companyId":"acme","occurredAt":"2026-11-20T13:00:00Z","eventName":"x","actor":"d"}
            WRONG_TYPE             | acme | {"eventId":"e","companyId":"acme","occurredAt":"2026-11-20T13:00:00Z","eventName":"x","actor":{"developerId":"d","email":"e"},"properties":[1]}
            KEY_MISMATCH           | other | {"eventId":"e","companyId":"acme","occurredAt":"2026-11-20T13:00:00Z","eventName":"x","actor":{"developerId":"d","email":"e"}}
            INVALID_COMPANY_ID     | ac me | {"eventId":"e","companyId":"ac me","occurredAt":"2026-11-20T13:00:00Z","eventName":"x","actor":{"developerId":"d","email":"e"}}
            INVALID_EVENT_ID       | acme | {"eventId":"","companyId":"acme","occurredAt":"2026-11-20T13:00:00Z","eventName":"x","actor":{"developerId":"d","email":"e"}}
            INVALID_EVENT_NAME     | acme | {"eventId":"e","companyId":"acme","occurredAt":"2026-11-20T13:00:00Z","eventName":" ","actor":{"developerId":"d","email":"e"}}
            INVALID_ACTOR          | acme | {"eventId":"e","companyId":"acme","occurredAt":"2026-11-20T13:00:00Z","eventName":"x","actor":{"email":"e"}}
            INVALID_TIMESTAMP      | acme | {"eventId":"e","companyId":"acme","occurredAt":"2026-11-20 13:00","eventName":"x","actor":{"developerId":"d","email":"e"}}
            INVALID_TIMESTAMP      | acme | {"eventId":"e","companyId":"acme","occurredAt":"2026-11-20T13:00:00","eventName":"x","actor":{"developerId":"d","email":"e"}}
            TIMESTAMP_OUT_OF_RANGE | acme | {"eventId":"e","companyId":"acme","occurredAt":"1970-01-01T00:00:00Z","eventName":"x","actor":{"developerId":"d","email":"e"}}
            TIMESTAMP_OUT_OF_RANGE | acme | {"eventId":"e","companyId":"acme","occurredAt":"2026-11-22T14:00:01Z","eventName":"x","actor":{"developerId":"d","email":"e"}}
            """)
    void eachBrokenRuleIsNamed(RejectionReason expected, String key, String json) {
        ParsedEvent parsed = parser.parse(key, json.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed)
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(expected));
    }

    @Test
    void propertiesOver64KiBAreRejected() {
        String big = "x".repeat(64 * 1024);
        String json =
                "{\"eventId\":\"e\",\"companyId\":\"acme\",\"occurredAt\":\"2026-11-20T13:00:00Z\",\"eventName\":\"x\","
                        + "\"actor\":{\"developerId\":\"d\",\"email\":\"e\"},\"properties\":{\"b\":\"" + big + "\"}}";

        assertThat(parser.parse("acme", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.PROPERTIES_TOO_LARGE));
    }

    @Test
    void whatTheJsonWriterProducesParsesBackToTheSameEvent() {
        SecurityEvent event = new SecurityEvent(
                "e-9",
                "acme",
                Instant.parse("2026-11-20T13:00:00.120Z"),
                "日本語 🔐",
                new Actor("dev-9", "한국@acme.io"),
                "other@acme.io",
                "{\"q\":\"a,\\\"b\\\"\\nc\"}");

        assertThat(parser.parse("acme", SecurityEventJson.toJson(event))).isEqualTo(new Valid(event));
    }

    private static String event(
            String eventId,
            String eventName,
            String developerId,
            String email,
            String otherAccount,
            String properties) {
        return "{\"eventId\":" + eventId
                + ",\"companyId\":\"acme\",\"occurredAt\":\"2026-11-20T13:00:00Z\",\"eventName\":"
                + eventName + ",\"actor\":{\"developerId\":" + developerId + ",\"email\":" + email
                + "},\"otherAccount\":"
                + otherAccount + ",\"properties\":" + properties + "}";
    }

    /** JSON escapes as producers write them: NUL and a lone surrogate are legal JSON but not storable text. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            eventId           | "e\\u0000"      | "x"               | "d"           | "e"             | null
            eventName         | "e"              | "Sign\\u0000In"   | "d"           | "e"             | null
            actor.developerId | "e"              | "x"               | "\\u0000d"    | "e"             | null
            actor.email       | "e"              | "x"               | "d"           | "a\\u0000@b.io" | null
            otherAccount      | "e"              | "x"               | "d"           | "e"             | "o\\u0000"
            eventName         | "e"              | "\\ud800 Sign In" | "d"           | "e"             | null
            actor.email       | "e"              | "x"               | "d"           | "a\\udfff@b.io" | null
            otherAccount      | "e"              | "x"               | "d"           | "e"             | "\\udbff"
            """)
    void nulAndUnpairedSurrogatesInAnyTextFieldAreUnsupportedCharacters(
            String field, String eventId, String eventName, String developerId, String email, String other) {
        ParsedEvent parsed = parser.parse(
                "acme",
                event(eventId, eventName, developerId, email, other, "null").getBytes(StandardCharsets.UTF_8));

        assertThat(parsed).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectionReason.UNSUPPORTED_CHARACTER);
            assertThat(rejected.detail()).startsWith(field + " contains ");
        });
    }

    @Test
    void anUnpairedSurrogateInsidePropertiesIsRejectedButAPairIsAnEmoji() {
        String lone = event("\"e\"", "\"x\"", "\"d\"", "\"e\"", "null", "{\"agent\":\"\\ud83d\"}");
        String pair = event("\"e\"", "\"x\"", "\"d\"", "\"e\"", "null", "{\"agent\":\"\\ud83d\\udd10\"}");

        assertThat(parser.parse("acme", lone.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.UNSUPPORTED_CHARACTER));
        assertThat(parser.parse("acme", pair.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        Valid.class,
                        valid -> assertThat(valid.event().properties()).isEqualTo("{\"agent\":\"🔐\"}"));
    }

    @Test
    void aNulInsidePropertiesIsKeptAsTheJsonEscapeWhichPostgresCanStore() {
        String json = event("\"e\"", "\"x\"", "\"d\"", "\"e\"", "null", "{\"ua\":\"curl\\u0000\\u001f\\n\"}");

        assertThat(parser.parse("acme", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        Valid.class,
                        valid ->
                                assertThat(valid.event().properties()).isEqualTo("{\"ua\":\"curl\\u0000\\u001F\\n\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            INVALID_EVENT_NAME | "e"    | "   "          | "d"
            INVALID_EVENT_NAME | "e"    | "\\u00a0\\u3000" | "d"
            INVALID_EVENT_NAME | "e"    | "\\u200b"      | "d"
            INVALID_EVENT_ID   | " "    | "x"            | "d"
            INVALID_EVENT_ID   | "a\\rb" | "x"            | "d"
            INVALID_ACTOR      | "e"    | "x"            | "  "
            INVALID_ACTOR      | "e"    | "x"            | "d\\u007f"
            """)
    void namesMustShowSomethingAndIdsStayOnOneLine(
            RejectionReason expected, String eventId, String eventName, String developerId) {
        ParsedEvent parsed = parser.parse(
                "acme",
                event(eventId, eventName, developerId, "\"e\"", "null", "null").getBytes(StandardCharsets.UTF_8));

        assertThat(parsed)
                .isInstanceOfSatisfying(
                        Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(expected));
    }

    @Test
    void lengthsCountCharactersSoTwoHundredEmojiAreAValidName() {
        String name = "🔐".repeat(200);
        ParsedEvent parsed = parser.parse(
                "acme",
                event("\"e\"", "\"" + name + "\"", "\"d\"", "\"e\"", "null", "null")
                        .getBytes(StandardCharsets.UTF_8));
        ParsedEvent tooLong = parser.parse(
                "acme",
                event("\"e\"", "\"" + name + "x\"", "\"d\"", "\"e\"", "null", "null")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(parsed)
                .isInstanceOfSatisfying(
                        Valid.class,
                        valid -> assertThat(valid.event().eventName()).isEqualTo(name));
        assertThat(tooLong).isInstanceOf(Rejected.class);
    }

    @Test
    void freeTextKeepsLineBreaksSpacesAndDirectionMarksExactly() {
        String email = " a\\r\\nb\\u202e@acme.io ";
        ParsedEvent parsed = parser.parse(
                "acme",
                event("\"e\"", "\"Signed\\tIn\\n\\u0085\"", "\"d\"", "\"" + email + "\"", "\"\\t\"", "null")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(parsed).isInstanceOfSatisfying(Valid.class, valid -> {
            assertThat(valid.event().actor().email()).isEqualTo(" a\r\nb\u202e@acme.io ");
            assertThat(valid.event().otherAccount()).isEqualTo("\t");
            assertThat(valid.event().eventName()).isEqualTo("Signed\tIn\n\u0085");
        });
    }

    @Test
    void numbersInPropertiesKeepTheirExactValue() {
        String json = event(
                "\"e\"",
                "\"x\"",
                "\"d\"",
                "\"e\"",
                "null",
                "{\"a\":0.1000000000000000055511151231257827,\"b\":1e400,\"c\":123456789012345678901234567890,"
                        + "\"d\":-0.0,\"e\":1.50,\"f\":-9223372036854775809}");

        assertThat(parser.parse("acme", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        Valid.class,
                        valid -> assertThat(valid.event().properties())
                                .isEqualTo(
                                        "{\"a\":0.1000000000000000055511151231257827,"
                                                + "\"b\":1E+400,\"c\":123456789012345678901234567890,\"d\":0.0,\"e\":1.50,\"f\":-9223372036854775809}"));
    }

    @Test
    void subMicrosecondDigitsAreCutNotRoundedIntoTheNextDay() {
        String json = "{\"eventId\":\"e\",\"companyId\":\"acme\",\"occurredAt\":\"2026-11-19T23:59:59.9999999Z\","
                + "\"eventName\":\"x\",\"actor\":{\"developerId\":\"d\",\"email\":\"e\"}}";

        assertThat(parser.parse("acme", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        Valid.class,
                        valid -> assertThat(valid.event().occurredAt())
                                .isEqualTo(Instant.parse("2026-11-19T23:59:59.999999Z")));
    }
}
