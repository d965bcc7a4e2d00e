package io.securityexport.config.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.securityexport.config.i18n.Sentences;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.codec.DecodingException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The field paths and words of MalformedInput, on bodies read by the API's own strict mapper; no Spring needed. */
class MalformedInputTest {

    private static final JsonMapper STRICT =
            StrictJson.apply(JsonMapper.builder()).build();

    enum Method {
        ACCESS_KEY,
        ROLE_ARN
    }

    record Target(String bucket, Method method) {}

    record Body(Boolean gzip, LocalDate day, List<Target> targets) {}

    @Test
    void aFieldInsideAListIsNamedWithItsIndex() {
        assertThat(problemsOf("{\"targets\":[{\"bucket\":\"a\"},{\"bucket\":7}]}"))
                .containsExactly(new English("targets[1].bucket", "must be a string"));
    }

    @Test
    void aDuplicateKeyIsNamedWithItsPath() {
        assertThat(problemsOf("{\"targets\":[{\"bucket\":\"a\",\"bucket\":\"b\"}]}"))
                .containsExactly(new English("targets[0].bucket", "duplicate key"));
    }

    @Test
    void anUnknownEnumValueListsTheAcceptedOnes() {
        assertThat(problemsOf("{\"targets\":[{\"method\":\"FOO\"}]}"))
                .containsExactly(new English("targets[0].method", "must be one of ACCESS_KEY, ROLE_ARN"));
    }

    @Test
    void scalarsAreNotGuessedFromOtherTypes() {
        assertThat(problemsOf("{\"gzip\":\"true\"}")).containsExactly(new English("gzip", "must be true or false"));
        assertThat(problemsOf("{\"day\":\"2026-11-20 \"}"))
                .containsExactly(new English("day", "must be a date like 2026-11-20 (yyyy-MM-dd)"));
    }

    @Test
    void aBodyThatIsNotOneObjectNamesNoField() {
        assertThat(read("{\"gzip\":true} {}").detail()).isEqualTo(MalformedInput.NOT_ONE_OBJECT);
        assertThat(read("{\"gzip\":true} x").detail()).isEqualTo(MalformedInput.NOT_JSON);
        assertThat(read("{\"gzip\":true").detail()).isEqualTo(MalformedInput.CUT_SHORT);
        assertThat(read("{\"gzip\":true").problems()).isEmpty();
    }

    @Test
    void theSubmittedValueIsNeverRepeated() {
        MalformedInput input = read("{\"gzip\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}");

        assertThat(input.toString()).doesNotContain("wJalrXUtnFEMI");
    }

    private static final Sentences SENTENCES = Sentences.fromBundles();

    /** A field problem as an English-speaking admin reads it. */
    record English(String field, String message) {}

    private static List<English> problemsOf(String json) {
        return read(json).problems().stream()
                .map(problem -> new English(problem.field(), SENTENCES.english(problem.message())))
                .toList();
    }

    private static MalformedInput read(String json) {
        JacksonException error = catchThrowableOfType(JacksonException.class, () -> STRICT.readValue(json, Body.class));
        return MalformedInput.of(new ServerWebInputException(
                "Failed to read HTTP message", null, new DecodingException("JSON decoding error", error)));
    }
}
