package io.securityexport.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.event.SecurityEventJson;
import io.securityexport.ingest.IngestApplication;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest throughput end to end against its raw baseline, in one run on the same PostgreSQL and table:
 * <ol>
 *   <li>publishes N realistic events to Kafka (not timed);</li>
 *   <li>ingest: starts the ingest service with a fresh consumer group and times it from the first stored row to
 *       the N-th (parse, validate, dedup, insert — everything);</li>
 *   <li>baseline: the same N rows COPY'd straight into the same table through pgjdbc's CopyManager.</li>
 * </ol>
 * Rounds alternate (ingest, baseline, ingest, …) with the table truncated before each; medians are reported.
 * Options (system properties): events (1,000,000), partitions (3), rounds (3), concurrency (listener threads, 2).
 */
public final class IngestBenchmark {

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("events", 1_000_000);
        int partitions = Integer.getInteger("partitions", 3);
        int rounds = Integer.getInteger("rounds", 3);
        String concurrency = System.getProperty("concurrency", "2");
        System.setProperty("spring.main.banner-mode", "off");
        System.setProperty("spring.main.log-startup-info", "false");

        Infrastructure infrastructure = Infrastructure.shared();
        String prefix = TestResources.uniqueName("bench");
        String database = infrastructure.postgres().createDatabase("bench");
        String topic = prefix + ".security-events";
        infrastructure
                .kafka()
                .createTopics(partitions, topic, prefix + ".security-events.DLT", prefix + ".dashboard-users");
        SyntheticEvents generator = new SyntheticEvents(42, 500, Instant.parse("2026-11-01T00:00:00Z"));

        long published = publish(infrastructure, topic, generator, events);
        report(
                "published %,d events in %.1f s (%,.0f/s, not part of the comparison)",
                events, published / 1e9, events / (published / 1e9));

        List<Double> ingestRates = new ArrayList<>();
        List<Double> copyRates = new ArrayList<>();
        long maxHeap = 0;
        for (int round = 1; round <= rounds; round++) {
            truncate(infrastructure, database);
            IngestRun ingest = ingest(infrastructure, database, prefix, concurrency, events, round);
            ingestRates.add(ingest.rowsPerSecond());
            maxHeap = Math.max(maxHeap, ingest.maxLiveHeapMiB());
            report(
                    "round %d ingest:   %,.0f rows/s (%.1f s), max live heap %d MiB",
                    round, ingest.rowsPerSecond(), ingest.seconds(), ingest.maxLiveHeapMiB());

            truncate(infrastructure, database);
            double copy = copyBaseline(infrastructure, database, generator, events);
            copyRates.add(copy);
            report("round %d baseline: %,.0f rows/s (COPY)", round, copy);
        }
        double ingestMedian = median(ingestRates);
        double copyMedian = median(copyRates);
        report(
                "RESULT events=%,d partitions=%d concurrency=%s: ingest median %,.0f rows/s, COPY median %,.0f rows/s,"
                        + " ratio %.2f, max live heap %d MiB (JVM incl. the in-process Kafka broker), -Xmx %d MiB",
                events,
                partitions,
                concurrency,
                ingestMedian,
                copyMedian,
                ingestMedian / copyMedian,
                maxHeap,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.exit(0);
    }

    record IngestRun(double seconds, double rowsPerSecond, long maxLiveHeapMiB) {}

    private static long publish(Infrastructure infrastructure, String topic, SyntheticEvents generator, int events) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                512 * 1024,
                ProducerConfig.ACKS_CONFIG,
                "all");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                SecurityEvent event = generator.event(i);
                producer.send(new ProducerRecord<>(topic, event.companyId(), SecurityEventJson.toJson(event)));
            }
            producer.flush();
        }
        return System.nanoTime() - start;
    }

    private static IngestRun ingest(
            Infrastructure infrastructure, String database, String prefix, String concurrency, int events, int round)
            throws InterruptedException {
        Map<String, String> env = new HashMap<>(ServiceEnvironment.variables(infrastructure, database, prefix));
        env.put("spring.kafka.consumer.group-id", prefix + "-round-" + round);
        env.put("spring.kafka.listener.concurrency", concurrency);
        env.put("INGEST_PORT", "0");
        env.put("logging.level.root", "WARN");
        // -Dspring.kafka.consumer.max-poll-records=5000 and the like reach the service too
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("spring.") && !name.startsWith("spring.main."))
                .forEach(name -> env.put(name, System.getProperty(name)));
        String[] args = env.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try (HeapSampler heap = new HeapSampler();
                ConfigurableApplicationContext service =
                        IngestApplication.builder().run(args)) {
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            long first = 0;
            while (stored(meters) < events) {
                if (first == 0 && stored(meters) > 0) {
                    first = System.nanoTime();
                }
                Thread.sleep(20); // polling a counter in a benchmark driver, not a test
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            return new IngestRun(seconds, events / seconds, heap.maxLiveMiB());
        }
    }

    private static double stored(MeterRegistry meters) {
        var counter = meters.find("ingest.events.stored").counter();
        return counter == null ? 0 : counter.count();
    }

    /** The same rows as the service stores, COPY'd as CSV into the same partitioned table with the same indexes. */
    private static double copyBaseline(
            Infrastructure infrastructure, String database, SyntheticEvents generator, int events) throws SQLException {
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        String receivedAt = Instant.now().toString();
        long start = System.nanoTime();
        try (Connection connection = connect(infrastructure, database)) {
            CopyIn copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY ingest.security_events (received_day, company_id, event_id, received_at, occurred_at, event_name,"
                                    + " actor_developer_id, actor_email, other_account, properties) FROM STDIN WITH (FORMAT csv)");
            StringBuilder chunk = new StringBuilder(1 << 20);
            for (int i = 0; i < events; i++) {
                SecurityEvent event = generator.event(i);
                chunk.append(day)
                        .append(',')
                        .append(quoted(event.companyId()))
                        .append(',')
                        .append(quoted(event.eventId()))
                        .append(',')
                        .append(receivedAt)
                        .append(',')
                        .append(event.occurredAt())
                        .append(',')
                        .append(quoted(event.eventName()))
                        .append(',')
                        .append(quoted(event.actor().developerId()))
                        .append(',')
                        .append(quoted(event.actor().email()))
                        .append(',')
                        .append(event.otherAccount() == null ? "" : quoted(event.otherAccount()))
                        .append(',')
                        .append(quoted(event.properties()))
                        .append('\n');
                if (chunk.length() > (1 << 20) - 4096) {
                    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    chunk.setLength(0);
                }
            }
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        }
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void truncate(Infrastructure infrastructure, String database) throws SQLException {
        try (Connection connection = connect(infrastructure, database)) {
            // the ingest service creates the schema on its first start
            boolean exists = connection
                            .createStatement()
                            .executeQuery(
                                    "SELECT 1 FROM pg_tables WHERE schemaname = 'ingest' AND tablename = 'security_events'")
                            .next()
                    || connection
                            .createStatement()
                            .executeQuery("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                    + " WHERE n.nspname = 'ingest' AND c.relname = 'security_events'")
                            .next();
            if (exists) {
                connection.createStatement().execute("TRUNCATE ingest.security_events");
                connection.createStatement().execute("VACUUM ANALYZE ingest.security_events");
            }
        }
    }

    private static Connection connect(Infrastructure infrastructure, String database) throws SQLException {
        return DriverManager.getConnection(
                infrastructure.postgres().jdbcUrl(database),
                infrastructure.postgres().username(),
                infrastructure.postgres().password());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void report(String format, Object... args) {
        System.out.println("[ingest-benchmark] " + String.format(format, args));
    }
}
