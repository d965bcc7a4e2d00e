package io.securityexport.common.export;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON form of the export job and result messages (dates as ISO-8601 strings). */
public final class ExportMessages {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ExportMessages() {}

    public static byte[] toJson(Object message) {
        return JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
    }

    public static ExportJob job(byte[] json) {
        return JSON.readValue(json, ExportJob.class);
    }

    public static ExportResult result(byte[] json) {
        return JSON.readValue(json, ExportResult.class);
    }
}
