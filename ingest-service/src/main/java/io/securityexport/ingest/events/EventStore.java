package io.securityexport.ingest.events;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.ingest.IngestProperties;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a batch of events in one transaction on one connection: the batch is staged with a binary {@code COPY} into a
 * temporary table of the session, then one {@code INSERT … SELECT} moves it into {@code ingest.security_events}, where
 * {@code DISTINCT ON} drops duplicates inside the batch, {@code NOT EXISTS} those already stored within the dedup
 * window (across day partitions), and {@code ON CONFLICT} a concurrent twin. The staged rows go at commit or rollback
 * ({@code ON COMMIT DELETE ROWS}), so a connection the pool hands to the next batch starts with an empty table, and a
 * new connection (after a PostgreSQL restart, say) creates its own.
 *
 * <p>Measured reason (BENCHMARKS.md, issue 13): binding each column as one text array made PostgreSQL parse eight
 * array literals per batch and the JVM build them; binary COPY is what the raw baseline uses.
 *
 * <p>The midnight rule ({@code EventIngestion}): the receipt is stamped only once the batch is staged, right before
 * the insert, and the insert and its {@code COMMIT} travel as one message, so no client pause can fall between them;
 * the insert is bounded by {@code statement_timeout} as before. The stamp goes into that message as SQL literals,
 * since the simple-query protocol that carries two statements in one message takes no parameters; they are formatted
 * here from a {@code LocalDate} and an {@code Instant}, never from input.
 */
@Component
class EventStore {

    /**
     * Opens the transaction and makes sure this session has its staging table. The two settings (for this transaction
     * only) keep the dedup probe a nested loop of index lookups, a cost that grows with the batch: a day's partition is
     * filled faster than autovacuum analyses it, and with its statistics behind (692 rows estimated for 300,000 in
     * the measured case) the planner chose a merge anti join that read and sorted the whole partition for every
     * batch, spilling to disk: a batch cost that grew with the day.
     */
    private static final String BEGIN_WITH_STAGING_TABLE = """
            BEGIN;
            SET LOCAL enable_hashjoin = off;
            SET LOCAL enable_mergejoin = off;
            CREATE TEMPORARY TABLE IF NOT EXISTS ingest_batch (
                company_id text, event_id text, occurred_at timestamptz, event_name text,
                actor_developer_id text, actor_email text, other_account text, properties text
            ) ON COMMIT DELETE ROWS
            """;

    private static final String COPY = """
            COPY pg_temp.ingest_batch (company_id, event_id, occurred_at, event_name,
                                       actor_developer_id, actor_email, other_account, properties)
            FROM STDIN (FORMAT binary)
            """;

    private static final int COLUMNS = 8;

    /** Rows per CopyData message: PostgreSQL reads one while the next is encoded. */
    private static final int ROWS_PER_MESSAGE = 1_000;

    /**
     * {@code %1$s} the receipt day, {@code %2$s} the receipt time, {@code %3$s} the first day of the dedup window,
     * {@code %4$s} the day before the receipt day. The receipt day's own partition is left to {@code ON CONFLICT}: the
     * primary key (company, event, day) makes a twin stored that day a conflict, which that probe finds anyway, so
     * {@code NOT EXISTS} probing it too was a second lookup of every row in the same index.
     */
    private static final String INSERT_AND_COMMIT = """
            INSERT INTO ingest.security_events (received_day, company_id, event_id, received_at, occurred_at, event_name,
                                                actor_developer_id, actor_email, other_account, properties)
            SELECT DISTINCT ON (b.company_id, b.event_id)
                   DATE '%1$s', b.company_id, b.event_id, TIMESTAMPTZ '%2$s', b.occurred_at, b.event_name,
                   b.actor_developer_id, b.actor_email, b.other_account, b.properties
              FROM pg_temp.ingest_batch b
             WHERE NOT EXISTS (SELECT 1 FROM ingest.security_events e
                                WHERE e.company_id = b.company_id AND e.event_id = b.event_id
                                  AND e.received_day BETWEEN DATE '%3$s' AND DATE '%4$s')
            ON CONFLICT DO NOTHING;
            COMMIT
            """;

    private final DatabaseClient database;
    private final IngestProperties properties;

    EventStore(DatabaseClient database, IngestProperties properties) {
        this.database = database;
        this.properties = properties;
    }

    /**
     * @param receipt stamps the batch (and readies its day); subscribed to once the batch is staged
     * @return how many rows were new (the rest were duplicates)
     */
    Mono<Long> store(List<SecurityEvent> events, Mono<Receipt> receipt) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        return database.inConnection(connection -> inTransaction(postgres(connection), events, receipt));
    }

    private Mono<Long> inTransaction(
            PostgresqlConnection connection, List<SecurityEvent> events, Mono<Receipt> receipt) {
        return execute(connection, BEGIN_WITH_STAGING_TABLE)
                .then(stage(connection, events))
                .then(receipt)
                .flatMap(stamp -> execute(connection, insertAndCommit(stamp)))
                .onErrorResume(error -> rollback(connection).then(Mono.error(error)));
    }

    private Mono<Long> stage(PostgresqlConnection connection, List<SecurityEvent> events) {
        Flux<Mono<ByteBuf>> messages = Flux.range(0, (events.size() + ROWS_PER_MESSAGE - 1) / ROWS_PER_MESSAGE)
                .map(message -> Mono.fromSupplier(() -> encode(events, message * ROWS_PER_MESSAGE)));
        return connection.copyIn(COPY).fromMany(messages).build();
    }

    /** Rows {@code from} to the next message boundary; the first message opens with the header, the last closes. */
    static ByteBuf encode(List<SecurityEvent> events, int from) {
        int to = Math.min(events.size(), from + ROWS_PER_MESSAGE);
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer(estimatedSize(events, from, to));
        if (from == 0) {
            BinaryCopy.header(out);
        }
        for (int i = from; i < to; i++) {
            SecurityEvent event = events.get(i);
            BinaryCopy.row(out, COLUMNS);
            BinaryCopy.text(out, event.companyId());
            BinaryCopy.text(out, event.eventId());
            BinaryCopy.timestamptz(out, event.occurredAt());
            BinaryCopy.text(out, event.eventName());
            BinaryCopy.text(out, event.actor().developerId());
            BinaryCopy.text(out, event.actor().email());
            BinaryCopy.text(out, event.otherAccount());
            BinaryCopy.text(out, event.properties());
        }
        if (to == events.size()) {
            BinaryCopy.trailer(out);
        }
        return out;
    }

    /** One byte per char (ASCII, the usual case) plus the framing; the buffer grows for the rest. */
    private static int estimatedSize(List<SecurityEvent> events, int from, int to) {
        int size = 32;
        for (int i = from; i < to; i++) {
            SecurityEvent event = events.get(i);
            size += 2 + COLUMNS * 4 + 8;
            size += length(event.companyId()) + length(event.eventId()) + length(event.eventName());
            size += length(event.actor().developerId()) + length(event.actor().email());
            size += length(event.otherAccount()) + length(event.properties());
        }
        return size;
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    private String insertAndCommit(Receipt receipt) {
        return INSERT_AND_COMMIT.formatted(
                receipt.receivedDay(),
                receipt.receivedAt(),
                receipt.receivedDay().minusDays(properties.dedupWindow().toDays()),
                receipt.receivedDay().minusDays(1));
    }

    /** Rows updated over every statement of a simple query (only the insert counts any). */
    private static Mono<Long> execute(PostgresqlConnection connection, String sql) {
        return connection
                .createStatement(sql)
                .execute()
                .concatMap(PostgresqlResult::getRowsUpdated)
                .reduce(0L, Long::sum);
    }

    /**
     * Ends a failed transaction so the pooled connection is clean; if the connection is gone, so is the transaction,
     * and the original error is what the caller must see.
     */
    private static Mono<Void> rollback(PostgresqlConnection connection) {
        return Mono.from(connection.rollbackTransaction()).onErrorResume(ignored -> Mono.empty());
    }

    /** Spring's close-suppressing proxy around the pool's connection around the driver's. */
    private static PostgresqlConnection postgres(Connection connection) {
        Object target = connection;
        while (!(target instanceof PostgresqlConnection) && target instanceof Wrapped<?> wrapped) {
            target = wrapped.unwrap();
        }
        if (target instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("binary COPY needs r2dbc-postgresql; got " + connection.getClass());
    }
}
