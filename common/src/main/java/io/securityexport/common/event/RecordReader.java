package io.securityexport.common.event;

import java.io.StringWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a record's value in one streaming pass: the known fields as they were sent, and {@code properties} copied
 * token by token into its compact form, without building a tree of the whole record first.
 *
 * <p>Measured reason (BENCHMARKS.md, issue 13): reading the record into a {@code JsonNode} tree and writing
 * {@code properties} back out of it was the largest cost of ingest. This pass reads every token exactly as the tree
 * did — every string decoded, every number materialised as the tree would hold it (int, long, BigInteger, or a
 * BigDecimal with its trailing zeros) — so invalid UTF-8, a number whose exponent does not fit, duplicate keys, too
 * deep nesting and trailing content fail here as they failed there, anywhere in the record, and {@code properties}
 * comes out byte for byte as the tree's writer wrote it. A property test compares both readings.
 */
final class RecordReader {

    /** The shape of a field as sent. */
    enum Kind {
        ABSENT,
        NULL,
        STRING,
        OBJECT,
        OTHER
    }

    /** One field as sent: its shape, and its text when it is a string ({@code properties}: its compact JSON). */
    record Value(Kind kind, String text) {
        static final Value ABSENT = new Value(Kind.ABSENT, null);
        static final Value NULL = new Value(Kind.NULL, null);
        static final Value OBJECT = new Value(Kind.OBJECT, null);
        static final Value OTHER = new Value(Kind.OTHER, null);

        boolean isMissing() {
            return kind == Kind.ABSENT || kind == Kind.NULL;
        }
    }

    /** The known fields of one record; {@code developerId} and {@code email} are ABSENT unless actor is an object. */
    record Read(
            Value eventId,
            Value companyId,
            Value occurredAt,
            Value eventName,
            Value actor,
            Value developerId,
            Value email,
            Value otherAccount,
            Value properties) {}

    private final JsonMapper json;

    RecordReader(JsonMapper json) {
        this.json = json;
    }

    /**
     * @return the record's fields, or {@code null} when the value is JSON but not an object
     * @throws tools.jackson.core.JacksonException when the value is not JSON (the tree reading's failures)
     * @throws RuntimeException when a number cannot be held (an exponent that does not fit 32 bits)
     */
    Read read(byte[] value) {
        try (JsonParser parser = json.createParser(value)) {
            JsonToken first = parser.nextToken();
            Read read = null;
            if (first == JsonToken.START_OBJECT) {
                read = new Fields().read(parser);
            } else if (first != null) {
                copy(parser, null);
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new StreamReadException(parser, "Trailing token (" + trailing + ") found after value");
            }
            return read;
        }
    }

    /** The record's own fields; unknown ones are read through (and checked) but not kept. */
    private final class Fields {
        private Value eventId = Value.ABSENT;
        private Value companyId = Value.ABSENT;
        private Value occurredAt = Value.ABSENT;
        private Value eventName = Value.ABSENT;
        private Value actor = Value.ABSENT;
        private Value developerId = Value.ABSENT;
        private Value email = Value.ABSENT;
        private Value otherAccount = Value.ABSENT;
        private Value properties = Value.ABSENT;

        Read read(JsonParser parser) {
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "eventId" -> eventId = value(parser);
                    case "companyId" -> companyId = value(parser);
                    case "occurredAt" -> occurredAt = value(parser);
                    case "eventName" -> eventName = value(parser);
                    case "actor" -> actor = actor(parser);
                    case "otherAccount" -> otherAccount = value(parser);
                    case "properties" -> properties = properties(parser);
                    default -> copy(parser, null);
                }
            }
            return new Read(
                    eventId, companyId, occurredAt, eventName, actor, developerId, email, otherAccount, properties);
        }

        private Value actor(JsonParser parser) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                return value(parser);
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "developerId" -> developerId = value(parser);
                    case "email" -> email = value(parser);
                    default -> copy(parser, null);
                }
            }
            return Value.OBJECT;
        }

        private Value properties(JsonParser parser) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                return value(parser);
            }
            StringWriter compact = new StringWriter(512);
            try (JsonGenerator generator = json.createGenerator(compact)) {
                copy(parser, generator);
            }
            return new Value(Kind.OBJECT, compact.toString());
        }
    }

    /** The value at the parser's current token, read through to its end. */
    private static Value value(JsonParser parser) {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> new Value(Kind.STRING, parser.getString());
            case VALUE_NULL -> Value.NULL;
            case START_OBJECT -> {
                copy(parser, null);
                yield Value.OBJECT;
            }
            default -> {
                copy(parser, null);
                yield Value.OTHER;
            }
        };
    }

    /**
     * Reads the value starting at the current token through to its end, materialising every scalar as the tree did,
     * and writes it to {@code out} (compact, as the tree's writer wrote it) unless {@code out} is null.
     */
    private static void copy(JsonParser parser, JsonGenerator out) {
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            switch (token) {
                case START_OBJECT -> {
                    depth++;
                    if (out != null) out.writeStartObject();
                }
                case END_OBJECT -> {
                    depth--;
                    if (out != null) out.writeEndObject();
                }
                case START_ARRAY -> {
                    depth++;
                    if (out != null) out.writeStartArray();
                }
                case END_ARRAY -> {
                    depth--;
                    if (out != null) out.writeEndArray();
                }
                case PROPERTY_NAME -> {
                    String name = parser.currentName();
                    if (out != null) out.writeName(name);
                }
                case VALUE_STRING -> {
                    String text = parser.getString();
                    if (out != null) out.writeString(text);
                }
                case VALUE_NUMBER_INT -> integer(parser, out);
                case VALUE_NUMBER_FLOAT -> {
                    // as a decimal with its trailing zeros, never a double: the value stays exact
                    var decimal = parser.getDecimalValue();
                    if (out != null) out.writeNumber(decimal);
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    if (out != null) out.writeBoolean(token == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> {
                    if (out != null) out.writeNull();
                }
                default -> throw new StreamReadException(parser, "unexpected token " + token);
            }
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
        }
    }

    /** An integer as the tree held it: int, long or BigInteger by size (so {@code -0} is written {@code 0}). */
    private static void integer(JsonParser parser, JsonGenerator out) {
        switch (parser.getNumberType()) {
            case INT -> {
                int number = parser.getIntValue();
                if (out != null) out.writeNumber(number);
            }
            case LONG -> {
                long number = parser.getLongValue();
                if (out != null) out.writeNumber(number);
            }
            default -> {
                var number = parser.getBigIntegerValue();
                if (out != null) out.writeNumber(number);
            }
        }
    }
}
