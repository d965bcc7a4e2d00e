package io.securityexport.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The short way through {@code occurredAt} must accept and refuse exactly what {@code OffsetDateTime.parse} does. */
class IsoInstantTest {

    private static final List<String> DATES = List.of(
            "2026-11-20",
            "2024-02-29",
            "2026-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "0000-01-01",
            "9999-12-31",
            "2026-1-20",
            "+2026-11-20",
            "2026/11/20");
    private static final List<String> TIMES = List.of(
            "T13:45:12",
            "T00:00:00",
            "T23:59:59",
            "T23:59:60",
            "T24:00:00",
            "T13:60:00",
            "t13:45:12",
            " 13:45:12",
            "T13:45",
            "T1:45:12");
    private static final List<String> FRACTIONS =
            List.of("", ".", ".1", ".123", ".123456", ".1234567", ".999999999", ".1234567890", ".12a");
    private static final List<String> OFFSETS = List.of(
            "Z",
            "z",
            "+01:00",
            "-01:00",
            "+00:00",
            "-00:00",
            "+18:00",
            "-18:00",
            "+18:01",
            "+25:00",
            "+05:30",
            "-09:59",
            "+01:60",
            "+0100",
            "+01",
            "+01:00:30",
            "",
            "Z ",
            "ZZ",
            "+1:00");

    @Test
    void everyCombinationParsesAsOffsetDateTimeParsesIt() {
        List<String> texts = new ArrayList<>();
        for (String date : DATES) {
            for (String time : TIMES) {
                for (String fraction : FRACTIONS) {
                    for (String offset : OFFSETS) {
                        texts.add(date + time + fraction + offset);
                    }
                }
            }
        }
        texts.forEach(IsoInstantTest::assertSameAsOffsetDateTime);
    }

    @Test
    void randomTimesOfTheAcceptedShapeParseAsOffsetDateTimeParsesThem() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 100_000; i++) {
            Instant instant =
                    Instant.ofEpochSecond(random.nextLong(946_684_800L, 4_102_444_800L), random.nextInt(1_000_000_000));
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String text = OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                    .toString();
            assertSameAsOffsetDateTime(text);
        }
    }

    @Test
    void textOfAnyOtherShapeIsRefusedAsBefore() {
        assertThatThrownBy(() -> IsoInstant.parse("2026-11-20T13:45:12")).isInstanceOf(DateTimeParseException.class);
        assertThat(IsoInstant.parse("2026-11-20T13:45:12.123+01:00"))
                .isEqualTo(Instant.parse("2026-11-20T12:45:12.123Z"));
    }

    private static void assertSameAsOffsetDateTime(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> IsoInstant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(IsoInstant.parse(text)).as(text).isEqualTo(expected);
    }
}
