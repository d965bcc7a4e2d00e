package io.securityexport.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.ParsedEvent.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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
                .isEqualTo(new Rejected(RejectionReason.MISSING_KEY, "record has no key; the key must be the company ID"));
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

        assertThat(parsed).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(expected));
    }

    @Test
    void propertiesOver64KiBAreRejected() {
        String big = "x".repeat(64 * 1024);
        String json = "{\"eventId\":\"e\",\"companyId\":\"acme\",\"occurredAt\":\"2026-11-20T13:00:00Z\",\"eventName\":\"x\","
                + "\"actor\":{\"developerId\":\"d\",\"email\":\"e\"},\"properties\":{\"b\":\"" + big + "\"}}";

        assertThat(parser.parse("acme", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.PROPERTIES_TOO_LARGE));
    }

    @Test
    void whatTheJsonWriterProducesParsesBackToTheSameEvent() {
        SecurityEvent event = new SecurityEvent("e-9", "acme", Instant.parse("2026-11-20T13:00:00.120Z"), "日本語 🔐",
                new Actor("dev-9", "한국@acme.io"), "other@acme.io", "{\"q\":\"a,\\\"b\\\"\\nc\"}");

        assertThat(parser.parse("acme", SecurityEventJson.toJson(event))).isEqualTo(new Valid(event));
    }
}
