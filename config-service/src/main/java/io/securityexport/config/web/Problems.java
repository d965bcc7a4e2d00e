package io.securityexport.config.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one shape of every error the API answers (RFC 9457 {@code application/problem+json}): a type under
 * {@link #TYPE_BASE}, a title, a detail written for the admin and, where fields are at fault, {@code errors} as
 * {@link FieldProblem}s. Each feature's {@code web} package maps its own named errors with these methods.
 */
public final class Problems {

    private static final String TYPE_BASE = "https://security-export.dev/problems/";

    private Problems() {}

    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /** A 400 that names every refused field in {@code errors}. */
    public static ProblemDetail fields(String type, String title, String detail, List<FieldProblem> problems) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, type, title, detail);
        problem.setProperty("errors", problems);
        return problem;
    }
}
