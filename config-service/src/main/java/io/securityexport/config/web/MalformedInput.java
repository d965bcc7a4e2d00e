package io.securityexport.config.web;

import io.securityexport.common.error.Causes;
import io.securityexport.config.i18n.Sentence;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * What was wrong with a request that could not even be read into a controller's arguments, said per field: the
 * JSON body's field as a dotted path ({@code credentials.method}, {@code list[0]}), or the query, path or header
 * parameter's name. Only names and the expected type or format are ever said, never the submitted value: Jackson's
 * and Spring's own messages quote it, and it may be a secret.
 */
record MalformedInput(Sentence detail, List<FieldProblem> problems) {

    static final Sentence FIELDS = Sentence.of("problem.malformed-request.fields");
    static final Sentence NOT_JSON = Sentence.of("problem.malformed-request.not-json");
    static final Sentence CUT_SHORT = Sentence.of("problem.malformed-request.cut-short");
    static final Sentence NOT_ONE_OBJECT = Sentence.of("problem.malformed-request.not-one-object");
    static final Sentence NO_BODY = Sentence.of("problem.malformed-request.no-body");
    static final Sentence UNREADABLE = Sentence.of("problem.malformed-request.unreadable");

    static MalformedInput of(ServerWebInputException error) {
        Optional<JacksonException> json = Causes.find(error, JacksonException.class);
        if (json.isPresent()) {
            return body(json.get());
        }
        Optional<TypeMismatchException> mismatch = Causes.find(error, TypeMismatchException.class);
        if (mismatch.isPresent() && mismatch.get().getPropertyName() != null) {
            return field(
                    mismatch.get().getPropertyName(), expected(mismatch.get().getRequiredType()));
        }
        if (error instanceof MissingRequestValueException missing) {
            return field(missing.getName(), Sentence.of("field.required"));
        }
        if (error.getMethodParameter() != null
                && error.getMethodParameter().hasParameterAnnotation(RequestBody.class)) {
            return new MalformedInput(NO_BODY, List.of());
        }
        return new MalformedInput(UNREADABLE, List.of());
    }

    private static MalformedInput body(JacksonException error) {
        String path = path(error);
        boolean syntax = error instanceof StreamReadException;
        if (error instanceof UnexpectedEndOfInputException) {
            return new MalformedInput(CUT_SHORT, List.of()); // the body was cut, not the field it was cut in
        }
        if (path.isEmpty()) {
            return new MalformedInput(syntax ? NOT_JSON : NOT_ONE_OBJECT, List.of());
        }
        if (syntax) {
            return field(path, Sentence.of(duplicate(error) ? "field.duplicate-key" : "field.not-json"));
        }
        return field(
                path,
                error instanceof MismatchedInputException mismatch
                        ? expected(mismatch.getTargetType())
                        : Sentence.of("field.unacceptable"));
    }

    private static MalformedInput field(String name, Sentence message) {
        return new MalformedInput(FIELDS, List.of(new FieldProblem(name, message)));
    }

    /**
     * Jackson has no exception type of its own for a duplicate key, only this message (pinned by a test, so an
     * upgrade that rewords it is noticed).
     */
    private static boolean duplicate(JacksonException error) {
        String message = error.getOriginalMessage();
        return message != null && message.startsWith("Duplicate Object property");
    }

    /**
     * A syntax error (a duplicate key among them) is found by the parser, whose context knows where it stood,
     * including the duplicated name itself; binding errors carry the path of properties that databind added.
     */
    private static String path(JacksonException error) {
        if (error instanceof StreamReadException read && read.processor() != null) {
            return path(read.processor());
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : error.getPath()) {
            if (reference.getPropertyName() != null) {
                appendName(path, reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String path(JsonParser parser) {
        List<String> segments = new ArrayList<>();
        for (TokenStreamContext context = parser.streamReadContext();
                context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inArray()) {
                segments.add(0, "[" + Math.max(context.getCurrentIndex(), 0) + "]");
            } else if (context.currentName() != null) {
                segments.add(0, "." + context.currentName());
            }
        }
        String joined = String.join("", segments);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static void appendName(StringBuilder path, String name) {
        if (!path.isEmpty()) {
            path.append('.');
        }
        path.append(name);
    }

    /** What a value of this type looks like, in the API's words. */
    static Sentence expected(Class<?> type) {
        if (type == null) {
            return Sentence.of("field.wrong-type");
        }
        if (type == Boolean.class || type == boolean.class) {
            return Sentence.of("field.boolean");
        }
        if (type == LocalDate.class) {
            return Sentence.of("field.date");
        }
        if (type.isEnum()) {
            return Sentence.of(
                    "field.one-of",
                    Arrays.stream(type.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant).name())
                            .collect(Collectors.joining(", ")));
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return Sentence.of("field.string");
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return Sentence.of("field.whole-number");
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return Sentence.of("field.number");
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return Sentence.of("field.array");
        }
        return Sentence.of("field.object");
    }
}
