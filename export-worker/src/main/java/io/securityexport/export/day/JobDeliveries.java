package io.securityexport.export.day;

import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportResult;
import io.securityexport.export.WorkerProperties;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What a job slot answers for a delivered job (share consumption). ACCEPT once its result is reported, whatever the
 * result: the config service's retry plan takes failures from there. RELEASE when the worker itself could not run it
 * just now (the day is locked by another export, the database is unreachable, the result could not be sent): the
 * broker delivers the job again, to any slot. A job delivered {@code share.delivery-limit} times is not run again but
 * reported FAILED ({@value #DELIVERY_LIMIT}): its earlier deliveries all ended without a result.
 */
@Service
@Conditional(JobConsumptionMode.Share.class)
class JobDeliveries {

    static final String DELIVERY_LIMIT = "DELIVERY_LIMIT";
    private static final Logger log = LoggerFactory.getLogger(JobDeliveries.class);

    private final DayExport export;
    private final ExportResults results;
    private final int deliveryLimit;
    private final Clock clock;
    private final MeterRegistry meters;

    JobDeliveries(
            DayExport export, ExportResults results, WorkerProperties properties, Clock clock, MeterRegistry meters) {
        this.export = export;
        this.results = results;
        this.deliveryLimit = properties.share().deliveryLimit();
        this.clock = clock;
        this.meters = meters;
    }

    /** Never fails: the answer for the broker. {@code delivery} counts from 1. */
    Mono<AcknowledgeType> take(ExportJob job, int delivery) {
        if (delivery >= deliveryLimit) {
            return reported(overDeliveryLimit(job, delivery));
        }
        return export.run(job)
                .flatMap(result -> DayExport.workerSide(result) ? released(job, delivery, result) : reported(result));
    }

    private Mono<AcknowledgeType> reported(ExportResult result) {
        return results.report(result).thenReturn(AcknowledgeType.ACCEPT).onErrorResume(error -> {
            // delivered again, the job finds the object it wrote (its stamp) and reports that
            log.warn(
                    "could not report the result of jobId={} companyId={} day={}: {}; releasing the job",
                    result.jobId(),
                    result.companyId(),
                    result.day(),
                    error.getMessage());
            return Mono.just(AcknowledgeType.RELEASE);
        });
    }

    private Mono<AcknowledgeType> released(ExportJob job, int delivery, ExportResult result) {
        meters.counter("export.released", "error_code", result.errorCode()).increment();
        log.info(
                "releasing jobId={} companyId={} day={} (delivery {} of at most {}): {} {}",
                job.jobId(),
                job.companyId(),
                job.day(),
                delivery,
                deliveryLimit,
                result.errorCode(),
                result.errorMessage());
        return Mono.just(AcknowledgeType.RELEASE);
    }

    private ExportResult overDeliveryLimit(ExportJob job, int delivery) {
        meters.counter("export.jobs", "outcome", ExportResult.Status.FAILED.name(), "error_code", DELIVERY_LIMIT)
                .increment();
        log.warn(
                "jobId={} companyId={} day={} was delivered {} times without a result; reporting it failed",
                job.jobId(),
                job.companyId(),
                job.day(),
                delivery);
        Instant now = clock.instant();
        return new ExportResult(
                job.jobId(),
                job.companyId(),
                job.day(),
                ExportResult.Status.FAILED,
                null,
                null,
                0,
                0,
                null,
                now,
                now,
                DELIVERY_LIMIT,
                "the export job was delivered " + delivery
                        + " times to workers without a result (each time the worker could not run it, or stopped"
                        + " before it finished); it will be tried again later");
    }
}
