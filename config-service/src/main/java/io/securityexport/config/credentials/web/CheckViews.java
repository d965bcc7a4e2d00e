package io.securityexport.config.credentials.web;

import io.securityexport.config.credentials.CheckResult;
import io.securityexport.config.credentials.CredentialTestReport;
import io.securityexport.config.i18n.Sentences;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** The checks as the API shows them: each sentence in the request's language. */
@Component
class CheckViews {

    private final Sentences sentences;

    CheckViews(Sentences sentences) {
        this.sentences = sentences;
    }

    Report of(CredentialTestReport report, Locale locale) {
        return new Report(report.passed(), of(report.checks(), locale));
    }

    List<Check> of(List<CheckResult> checks, Locale locale) {
        return checks.stream()
                .map(check -> new Check(
                        check.check(), check.status(), check.awsErrorCode(), sentences.text(check.message(), locale)))
                .toList();
    }

    /** One check: {@code message} says what it means and what to change. */
    record Check(String check, CheckResult.Status status, String awsErrorCode, String message) {}

    /** {@code passed} when no check failed (warnings do not fail it). */
    record Report(boolean passed, List<Check> checks) {}
}
