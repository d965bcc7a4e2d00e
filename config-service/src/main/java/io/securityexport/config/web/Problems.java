package io.securityexport.config.web;

import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.i18n.Sentences;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The one shape of every error the API answers (RFC 9457 {@code application/problem+json}): a type under
 * {@link #TYPE_BASE}, a title, a detail written for the admin and, where fields are at fault, {@code errors} as
 * {@code {field, message}}. Title, detail and messages are said in the request's language: the title is the
 * sentence {@code problem.<type>.title}. Each feature's {@code web} package maps its own named errors with these
 * methods.
 */
@Component
public class Problems {

    private static final String TYPE_BASE = "https://security-export.dev/problems/";

    private final Sentences sentences;

    Problems(Sentences sentences) {
        this.sentences = sentences;
    }

    public ProblemDetail of(Locale locale, HttpStatus status, String type, Sentence detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, sentences.text(detail, locale));
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title(type, locale));
        return problem;
    }

    /** A 400 that names every refused field in {@code errors}. */
    public ProblemDetail fields(Locale locale, String type, Sentence detail, List<FieldProblem> problems) {
        ProblemDetail problem = of(locale, HttpStatus.BAD_REQUEST, type, detail);
        problem.setProperty(
                "errors",
                problems.stream()
                        .map(field -> new FieldError(field.field(), sentences.text(field.message(), locale)))
                        .toList());
        return problem;
    }

    public String title(String type, Locale locale) {
        return sentences.text(Sentence.of("problem." + type + ".title"), locale);
    }

    public String text(Sentence sentence, Locale locale) {
        return sentences.text(sentence, locale);
    }

    /** A refused field as the API shows it. */
    record FieldError(String field, String message) {}
}
