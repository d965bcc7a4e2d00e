package io.securityexport.config.runs;

import io.securityexport.config.i18n.Sentences;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * A run's error in the admin's language. The run history stores the English sentence the export worker (or the
 * NO_RESULT sweep here) wrote, and the Kafka result carries only that; each of those sentences has its pattern
 * under {@code run.error.*} in the bundles, so the stored text is read back into its pattern and arguments (bucket,
 * key, role ARN, AWS's own answer…) and said again in the requested language. A text that fits no pattern — an
 * unexpected exception's message, a sentence from a newer worker — is shown as stored, in English.
 */
@Component
public class RunErrors {

    /** The worker's sentences (export-worker DayExport, ExportSwitchedOff, DayLocks; aws-access AwsFailure). */
    public static final List<String> SENTENCES = List.of(
            "run.error.no-result",
            "run.error.job-timeout",
            "run.error.day-busy",
            "run.error.storage-unavailable",
            "run.error.export-disabled",
            "run.error.not-configured",
            "run.error.role-denied",
            "run.error.unreachable",
            "run.error.aws-answer",
            "run.error.aws-answer-short");

    private final Sentences sentences;

    RunErrors(Sentences sentences) {
        this.sentences = sentences;
    }

    /** The stored English error in this language, or as stored when it cannot be read back; null stays null. */
    public String message(String stored, Locale locale) {
        return sentences
                .reread(stored, SENTENCES)
                .map(sentence -> sentences.text(sentence, locale))
                .orElse(stored);
    }

    /** The run with its error message in this language. */
    public ExportRun localized(ExportRun run, Locale locale) {
        if (run.errorMessage() == null) {
            return run;
        }
        return new ExportRun(
                run.jobId(),
                run.companyId(),
                run.day(),
                run.trigger(),
                run.status(),
                run.requestedAt(),
                run.bucket(),
                run.objectKey(),
                run.rows(),
                run.bytes(),
                run.sha256(),
                run.startedAt(),
                run.finishedAt(),
                run.errorCode(),
                message(run.errorMessage(), locale),
                run.attempt(),
                run.nextRetryAt(),
                run.durationMillis());
    }
}
