package io.securityexport.common.csv;

import java.io.OutputStream;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * CSV version 1 of the daily file: UTF-8 without BOM, a header line, RFC 4180 quoting (only fields holding a
 * comma, quote, CR or LF are quoted; quotes doubled) and records ended by LF. LF rather than CRLF because
 * Athena/Hive and most SIEM line readers split on LF and would keep a stray CR in the last column.
 */
public final class SecurityEventCsv {

    public static final String HEADER =
            "CreatedAt,EmailAtTimeOfEvent,CurrentEmail,EventName,OtherAccount,JsonProperties,Version\n";
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

    private static final CsvMapper CSV =
            CsvMapper.builder().enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema SCHEMA =
            CSV.schemaFor(CsvRow.class).withHeader().withLineSeparator("\n");

    private SecurityEventCsv() {}

    /**
     * A writer that puts the header, then one line per {@link CsvRow}, into {@code out}. Jackson buffers
     * internally; call {@code flush()} before reading what {@code out} holds.
     */
    public static SequenceWriter writer(OutputStream out) {
        return CSV.writerFor(CsvRow.class).with(SCHEMA).writeValues(out);
    }
}
