package io.securityexport.export.day;

import io.securityexport.export.WorkerProperties.JobConsumption;
import java.util.Locale;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Which of the two job consumers a worker runs ({@code security-export.worker.job-consumption}, from
 * {@code WORKER_JOB_CONSUMPTION}). Read here before the properties are bound, because it decides which beans exist;
 * an empty value (the variable set empty) means {@link JobConsumption#DEFAULT}, as in {@code WorkerProperties}.
 */
final class JobConsumptionMode {

    static final String PROPERTY = "security-export.worker.job-consumption";

    private JobConsumptionMode() {}

    static JobConsumption of(ConditionContext context) {
        String value = context.getEnvironment().getProperty(PROPERTY, "").trim();
        if (value.isEmpty()) {
            return JobConsumption.DEFAULT;
        }
        try {
            return JobConsumption.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalStateException(
                    "WORKER_JOB_CONSUMPTION (" + PROPERTY + ") is '" + value + "'; it must be share or group", unknown);
        }
    }

    /** Share-group consumption: {@link ShareJobSlots} and {@link JobSlotListener}. */
    static final class Share implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context) == JobConsumption.SHARE;
        }
    }

    /** Consumer-group consumption, the fallback: {@link ExportJobListener}. */
    static final class Group implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context) == JobConsumption.GROUP;
        }
    }
}
