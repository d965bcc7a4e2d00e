package io.securityexport.config.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How strictly the API reads JSON bodies; applies to every endpoint because it shapes the mapper behind the HTTP
 * codecs. Set in code rather than as {@code spring.jackson.*} properties because it is part of the API's contract,
 * not something an operator should switch off by environment variable.
 * <ul>
 * <li>A duplicate key is refused: with last-wins, {@code {"bucket":"a","bucket":"b"}} would let a proxy or log
 * that reads the first value see a different request than the one we act on (the Kafka side refuses them too).</li>
 * <li>Nothing may follow the object: trailing bytes are a broken client, not something to ignore.</li>
 * <li>No guessing between scalar types: {@code "gzip":1} or {@code "gzip":"yes"} is not silently true, a number is
 * not silently a date ({@code "day":5} would be 1970-01-06) and not silently a string.</li>
 * <li>A date is exactly {@code yyyy-MM-dd}: Jackson's own reader trims spaces, takes {@code [2026,11,20]} and cuts
 * a timestamp down to its date, so a client that sends an instant would export a day it did not mean.</li>
 * </ul>
 */
@Component
class StrictJson implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        apply(builder);
    }

    static JsonMapper.Builder apply(JsonMapper.Builder builder) {
        return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // ALLOW_COERCION_OF_SCALARS leaves number and boolean to String alone; strings are strings only
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(new SimpleModule("strict-dates").addDeserializer(LocalDate.class, new StrictDate()));
    }

    /** Fails the way Jackson's readers do, so the error carries the field's path and the expected type. */
    static final class StrictDate extends StdScalarDeserializer<LocalDate> {

        private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

        StrictDate() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
            }
            String text = parser.getString();
            try {
                if (DATE.matcher(text).matches()) {
                    return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
                }
            } catch (DateTimeParseException invalid) {
                // no such day (2026-02-30): refused below like any other text
            }
            return (LocalDate) context.handleWeirdStringValue(LocalDate.class, text, "not a date as yyyy-MM-dd");
        }
    }
}
