package io.securityexport.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ArrayLiteralTest {

    @Test
    void elementsAreQuotedWithQuotesAndBackslashesEscapedAndNullIsNull() {
        List<String> values = Arrays.asList("a", "b\"c", "d\\e", null, "NULL", "", "{x,y}", "line\nbreak");

        assertThat(ArrayLiteral.ofText(values, Function.identity()))
                .isEqualTo("{\"a\",\"b\\\"c\",\"d\\\\e\",NULL,\"NULL\",\"\",\"{x,y}\",\"line\nbreak\"}");
    }

    @Test
    void instantsAreWrittenInUtcWithTheirMicroseconds() {
        List<Instant> values = List.of(
                Instant.parse("2026-11-20T13:45:12.123456Z"),
                Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2026-11-19T23:59:59.999999Z"));

        assertThat(ArrayLiteral.ofInstants(values, Function.identity()))
                .isEqualTo("{2026-11-20T13:45:12.123456Z,2000-01-01T00:00:00.000000Z,2026-11-19T23:59:59.999999Z}");
    }
}
