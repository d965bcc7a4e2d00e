package io.securityexport.ingest.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.securityexport.common.event.ParsedEvent;
import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.ParsedEvent.Valid;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.event.SecurityEventParser;
import io.securityexport.ingest.partitions.DayPartitions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns one polled batch into durable rows: valid events are stored once, the rest go to the dead-letter topic.
 *
 * <p>The midnight rule: the batch is stamped with one receipt time immediately before its insert statement, and
 * that statement is bounded by PostgreSQL's {@code statement_timeout} (see ingest-service.yml). So a row of day D
 * is either committed before D+1 00:00 + the timeout or not at all — a failed batch is redelivered and stamped
 * anew, landing in D+1. An export of D that starts after {@code DaySettlement.settledAt(D)} therefore sees every
 * row D will ever have.
 */
@Service
public class EventIngestion {

    private final SecurityEventParser parser;
    private final EventStore store;
    private final DeadLetters deadLetters;
    private final DayPartitions partitions;
    private final Clock clock;
    private final MeterRegistry meters;

    EventIngestion(EventStore store, DeadLetters deadLetters, DayPartitions partitions, Clock clock, MeterRegistry meters) {
        this.parser = new SecurityEventParser(clock);
        this.store = store;
        this.deadLetters = deadLetters;
        this.partitions = partitions;
        this.clock = clock;
        this.meters = meters;
    }

    public Mono<Void> ingest(List<ConsumerRecord<String, byte[]>> records) {
        Timer.Sample batch = Timer.start(meters);
        List<SecurityEvent> valid = new ArrayList<>(records.size());
        List<Mono<Void>> rejections = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ParsedEvent parsed = parser.parse(record.key(), record.value());
            if (parsed instanceof Valid v) {
                valid.add(v.event());
            } else if (parsed instanceof Rejected r) {
                rejections.add(deadLetters.send(record, r));
            }
        }
        return Flux.concat(rejections)
                .then(Mono.defer(() -> storeAll(valid)))
                .doOnSuccess(ignored -> batch.stop(meters.timer("ingest.batch.duration")));
    }

    private Mono<Void> storeAll(List<SecurityEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        Instant receivedAt = clock.instant();
        LocalDate day = LocalDate.ofInstant(receivedAt, ZoneOffset.UTC);
        return partitions.ensure(day)
                .then(store.store(events, receivedAt, day))
                .doOnNext(stored -> countStored(events.size(), stored))
                .then();
    }

    private void countStored(int received, long stored) {
        meters.counter("ingest.events.stored").increment(stored);
        meters.counter("ingest.events.duplicates_skipped").increment(received - stored);
    }
}
