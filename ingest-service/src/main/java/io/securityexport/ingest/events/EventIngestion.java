package io.securityexport.ingest.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.securityexport.common.event.ParsedEvent;
import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.ParsedEvent.Valid;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.event.SecurityEventParser;
import io.securityexport.ingest.IngestProperties;
import io.securityexport.ingest.isolation.DeadLetters;
import io.securityexport.ingest.isolation.StorageRefusal;
import io.securityexport.ingest.partitions.DayPartitions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns one polled batch into durable rows: valid events are stored once, the rest go to the dead-letter topic.
 *
 * <p>The midnight rule: the batch is stamped with one receipt time immediately before its insert statement (once
 * {@link EventStore} has staged the batch), and that statement is bounded by PostgreSQL's {@code statement_timeout}
 * (see ingest-service.yml) and sent together with its COMMIT. So a row of day D is either committed before D+1 00:00
 * + the timeout or not at all — a failed batch is redelivered and stamped anew, landing in D+1. An export of D that
 * starts after {@code DaySettlement.settledAt(D)} therefore sees every row D will ever have. When the batch is split
 * to isolate a refused record, each statement is stamped anew.
 */
@Service
public class EventIngestion {

    private static final Logger log = LoggerFactory.getLogger(EventIngestion.class);

    private final SecurityEventParser parser;
    private final EventStore store;
    private final DeadLetters deadLetters;
    private final DeadLetters.Route deadLetterRoute;
    private final DayPartitions partitions;
    private final Clock clock;
    private final MeterRegistry meters;

    EventIngestion(
            EventStore store,
            DeadLetters deadLetters,
            DayPartitions partitions,
            Clock clock,
            MeterRegistry meters,
            IngestProperties properties) {
        this.parser = new SecurityEventParser(clock);
        this.store = store;
        this.deadLetters = deadLetters;
        this.deadLetterRoute = new DeadLetters.Route(properties.topics().deadLetter(), "ingest.events.dead_lettered");
        this.partitions = partitions;
        this.clock = clock;
        this.meters = meters;
    }

    public Mono<Void> ingest(List<ConsumerRecord<String, byte[]>> records) {
        Timer.Sample batch = Timer.start(meters);
        List<Accepted> valid = new ArrayList<>(records.size());
        List<Mono<Void>> rejections = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ParsedEvent parsed = parser.parse(record.key(), record.value());
            if (parsed instanceof Valid v) {
                valid.add(new Accepted(record, v.event()));
            } else if (parsed instanceof Rejected r) {
                rejections.add(deadLetters.send(deadLetterRoute, record, r));
            }
        }
        return Flux.concat(rejections)
                .then(storeIsolatingRefusals(valid))
                .doOnSuccess(ignored -> batch.stop(meters.timer("ingest.batch.duration")));
    }

    /** A record that passed validation, kept with its origin so that the database can still refuse it alone. */
    private record Accepted(ConsumerRecord<String, byte[]> record, SecurityEvent event) {}

    /**
     * Stores the events in one statement. When the database refuses them for good ({@link StorageRefusal}: a data
     * or constraint error), the batch is halved until every refused record stands alone and goes to the dead-letter
     * topic, while the rest are stored: a bad record costs about 2·log2(batch) statements, never the partition. Any
     * other error (an outage) fails the batch, which the error handler retries with back-off.
     */
    private Mono<Void> storeIsolatingRefusals(List<Accepted> batch) {
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        return store(batch).onErrorResume(StorageRefusal::isRefusal, refusal -> isolate(batch, refusal));
    }

    private Mono<Void> isolate(List<Accepted> batch, Throwable refusal) {
        if (batch.size() == 1) {
            return deadLetters.send(deadLetterRoute, batch.get(0).record(), StorageRefusal.rejection(refusal));
        }
        log.warn(
                "the database refused a batch of {} events for good ({}); isolating the refused records",
                batch.size(),
                StorageRefusal.rejection(refusal).detail());
        int half = batch.size() / 2;
        return storeIsolatingRefusals(batch.subList(0, half))
                .then(Mono.defer(() -> storeIsolatingRefusals(batch.subList(half, batch.size()))));
    }

    private Mono<Void> store(List<Accepted> batch) {
        return Mono.defer(() -> {
            List<SecurityEvent> events = batch.stream().map(Accepted::event).toList();
            // made sure of before the store holds a connection, as ensuring may take one of its own; the receipt's
            // ensure below then finds the day known (and partitions ahead cover a batch that straddles midnight)
            return partitions
                    .ensure(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .then(store.store(events, receipt()))
                    .doOnNext(stored -> countStored(events.size(), stored))
                    .then();
        });
    }

    /**
     * Each statement gets its own receipt stamp, taken when the store asks for it, right before the statement runs:
     * the midnight rule holds per statement. The day's partition is made sure of before the statement, as it must.
     */
    private Mono<Receipt> receipt() {
        return Mono.defer(() -> {
            Instant receivedAt = clock.instant();
            LocalDate day = LocalDate.ofInstant(receivedAt, ZoneOffset.UTC);
            return partitions.ensure(day).thenReturn(new Receipt(receivedAt, day));
        });
    }

    private void countStored(int received, long stored) {
        meters.counter("ingest.events.stored").increment(stored);
        meters.counter("ingest.events.duplicates_skipped").increment(received - stored);
    }
}
