package io.securityexport.benchmarks.soak;

import io.securityexport.common.csv.SecurityEventCsv;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Reads one stored daily file as a customer would: downloads it, gunzips it when its key says so, parses it as CSV
 * version 1 with a standard reader, and hands each row's {@code soakId} on as it goes. A file can be tens of MB:
 * nothing but the current row is held, and the SHA-256 is taken of the stored bytes on the same pass.
 */
final class DailyFileReader {

    private static final List<String> HEADER =
            List.of(SecurityEventCsv.HEADER.strip().split(","));
    private static final int JSON_PROPERTIES = HEADER.indexOf("JsonProperties");

    // the stored stream must outlive the parser: what the parser did not need is still read for the digest
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvReadFeature.WRAP_AS_ARRAY)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final S3Client s3;

    DailyFileReader(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * @param bytes   the stored object's size
     * @param sha256  lower-case hex SHA-256 of the stored bytes (compressed when gzipped), as the run history has it
     * @param rows    rows read (after the header), up to the problem if any
     * @param problem why the file is not a whole CSV v1 file; null when it is
     */
    record StoredFile(long bytes, String sha256, long rows, String problem) {}

    /** @param soakIds gets each row's soakId (null for a row whose JsonProperties name none) and JsonProperties */
    StoredFile read(String bucket, String key, boolean gzip, java.util.function.BiConsumer<String, String> soakIds) {
        try (ResponseInputStream<GetObjectResponse> object =
                s3.getObject(request -> request.bucket(bucket).key(key))) {
            TappedStream stored = new TappedStream(object);
            Parsed parsed = parse(stored, gzip, soakIds);
            stored.drain();
            return new StoredFile(stored.bytes(), stored.sha256(), parsed.rows(), parsed.problem());
        } catch (IOException e) {
            // reading from S3 failed: the soak's storage, not the file, is at fault, and the check cannot go on
            throw new UncheckedIOException("could not read s3://" + bucket + "/" + key, e);
        }
    }

    private record Parsed(long rows, String problem) {}

    private static Parsed parse(
            TappedStream stored, boolean gzip, java.util.function.BiConsumer<String, String> soakIds) {
        long rows = 0;
        InputStream kept = new FilterInputStream(stored) {
            @Override
            public void close() {
                // closing the gunzip stream frees its inflater; the stored stream stays open to be drained
            }
        };
        try (InputStream unpacked = gzip ? new GZIPInputStream(kept) : kept) {
            TappedStream content = new TappedStream(unpacked);
            try (MappingIterator<String[]> lines = CSV.readerFor(String[].class).readValues(content)) {
                if (!lines.hasNextValue()) {
                    return new Parsed(0, "empty, not even the header");
                }
                List<String> header = List.of(lines.nextValue());
                if (!header.equals(HEADER)) {
                    return new Parsed(0, "header is " + header);
                }
                while (lines.hasNextValue()) {
                    String[] fields = lines.nextValue();
                    if (fields.length != HEADER.size()) {
                        return new Parsed(rows, "row " + (rows + 1) + " has " + fields.length + " fields");
                    }
                    rows++;
                    soakIds.accept(soakId(fields[JSON_PROPERTIES]), fields[JSON_PROPERTIES]);
                }
            }
            if (content.lastByte() != '\n') {
                return new Parsed(rows, "does not end with a line end: cut short?");
            }
            return new Parsed(rows, null);
        } catch (IOException | JacksonException e) {
            // a truncated gzip stream, an unclosed quote at the end of a cut file: the file is not whole
            return new Parsed(
                    rows,
                    "unreadable after " + rows + " rows: " + e.getClass().getSimpleName() + " "
                            + firstLine(e.getMessage()));
        }
    }

    private static String soakId(String jsonProperties) {
        if (jsonProperties.isEmpty()) {
            return null;
        }
        try {
            JsonNode soakId = JSON.readTree(jsonProperties).get("soakId");
            return soakId != null && soakId.isString() ? soakId.stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
