package io.securityexport.common.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SequenceWriter;

class SecurityEventCsvTest {

    private static final Instant AT = Instant.parse("2026-11-20T13:45:12.123456Z");

    @Test
    void writesHeaderAndQuotesOnlyFieldsThatNeedIt() {
        String csv = write(List.of(
                CsvRow.of(AT, "a@x.com", "b@x.com", "Signed In", null, null),
                CsvRow.of(AT, "a@x.com", "dev-1", "Added REST API key", "c@x.com", "{\"name\":\"ci, \\\"prod\\\"\"}")));

        assertThat(csv)
                .isEqualTo(
                        SecurityEventCsv.HEADER
                                + "2026-11-20T13:45:12.123Z,a@x.com,b@x.com,Signed In,,,1\n"
                                + "2026-11-20T13:45:12.123Z,a@x.com,dev-1,Added REST API key,c@x.com,\"{\"\"name\"\":\"\"ci, \\\"\"prod\\\"\"\"\"}\",1\n");
    }

    @Test
    void anyTextSurvivesARoundTripThroughAStandardCsvReader() throws IOException {
        List<String> awkward = List.of(
                "comma, inside",
                "quote \" inside",
                "line\nbreak",
                "carriage\r\nreturn",
                "日本語のイベント",
                "한국어 이벤트",
                "emoji 🔐🚀",
                " leading and trailing spaces ",
                "",
                "#hash",
                "=formula()",
                "tab\there");
        List<CsvRow> rows = awkward.stream()
                .map(text -> CsvRow.of(
                        AT,
                        text,
                        text,
                        text,
                        text,
                        "{\"v\":\""
                                + text.replace("\"", "\\\"")
                                        .replace("\n", "\\n")
                                        .replace("\r", "\\r")
                                        .replace("\t", "\\t")
                                + "\"}"))
                .toList();

        List<CSVRecord> records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(write(rows)))
                .getRecords();

        assertThat(records).hasSize(awkward.size());
        for (int i = 0; i < awkward.size(); i++) {
            CSVRecord record = records.get(i);
            assertThat(record.get("EmailAtTimeOfEvent")).isEqualTo(awkward.get(i));
            assertThat(record.get("CurrentEmail")).isEqualTo(awkward.get(i));
            assertThat(record.get("EventName")).isEqualTo(awkward.get(i));
            assertThat(record.get("OtherAccount")).isEqualTo(awkward.get(i));
            assertThat(record.get("JsonProperties")).isEqualTo(rows.get(i).jsonProperties());
            assertThat(record.get("Version")).isEqualTo("1");
        }
    }

    @Test
    void anEmptyDayIsJustTheHeader() {
        assertThat(write(List.of())).isEqualTo(SecurityEventCsv.HEADER);
    }

    @Test
    void writesUtf8WithoutByteOrderMark() {
        byte[] bytes = write(List.of(CsvRow.of(AT, "ü@x.com", "ü@x.com", "Signed In", null, null)))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(bytes[0]).isEqualTo((byte) 'C');
    }

    private static String write(List<CsvRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SequenceWriter writer = SecurityEventCsv.writer(out)) {
            writer.init(true);
            for (CsvRow row : rows) {
                writer.write(row);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
