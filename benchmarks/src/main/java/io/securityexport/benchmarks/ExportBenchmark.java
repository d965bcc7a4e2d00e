package io.securityexport.benchmarks;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import io.securityexport.common.export.ExportResult;
import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.common.secret.SecretValue;
import io.securityexport.export.WorkerApplication;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Export throughput against its raw baseline, in one run, on the same PostgreSQL data and the same kind of S3 sink:
 * <ul>
 *   <li>worker — the export worker (its Spring context, in this JVM: run it with -Xmx256m) exports one company-day
 *       of N realistic rows on a job from Kafka: COPY, CSV v1, SHA-256, multipart upload, digest stamp; once per
 *       {@code upload.parts-in-flight} asked for ({@code -DpartsInFlight=1,2,4}), each in a fresh context;</li>
 *   <li>raw baseline — pgjdbc's {@code COPY (SELECT …) TO STDOUT WITH CSV} of the same rows, read and thrown away:
 *       what PostgreSQL alone delivers;</li>
 *   <li>multipart baseline — the same COPY cut into 8 MiB parts of a multipart upload, one part at a time.</li>
 * </ul>
 * The S3 endpoint is s3proxy over its null store (checks signatures, keeps no bytes), so the heap measures the
 * exporter, not stored files. Options: rows (5,000,000), rounds (3), partsInFlight (1,2,4).
 */
public final class ExportBenchmark {

    private static final String COMPANY = "bench-co";
    private static final String BUCKET = "bench-bucket";
    private static final String ACCESS_KEY_ID = "AKIABENCHMARKEXPORT1";
    private static final String SECRET = "benchmarkbenchmarkbenchmarkbenchmark0000";

    private ExportBenchmark() {}

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the in-process broker's threads would keep a failed run alive
        }
    }

    /** One timed export: rows and bytes over seconds. */
    private record Rate(long rows, long bytes, double seconds) {

        double rowsPerSecond() {
            return rows / seconds;
        }

        double mibPerSecond() {
            return bytes / seconds / (1 << 20);
        }
    }

    private static void run() throws Exception {
        int rows = Integer.getInteger("rows", 5_000_000);
        int rounds = Integer.getInteger("rounds", 3);
        List<Integer> partsInFlight = Arrays.stream(
                        System.getProperty("partsInFlight", "1,2,4").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
        System.setProperty("spring.main.banner-mode", "off");
        System.setProperty("spring.main.log-startup-info", "false");
        Infrastructure infrastructure = Infrastructure.shared();
        String prefix = TestResources.uniqueName("exportbench");
        String database = infrastructure.postgres().createDatabase("exportbench");
        infrastructure.kafka().createTopics(1, prefix + ".security-export-jobs", prefix + ".security-export-results");
        URI s3 = startNullS3();
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        prepare(infrastructure, database, rows, day);
        report("prepared %,d rows in %.0f s (not timed)", rows, (System.nanoTime() - started) / 1e9);
        // the first read of freshly loaded rows also writes their hint bits: not what any contender should pay for
        report("warm-up read (not timed): %s", format(rawCopy(infrastructure, database, day)));

        Map<String, String> env = new HashMap<>(ServiceEnvironment.variables(infrastructure, database, prefix));
        env.put("S3_ENDPOINT", s3.toString());
        env.put("WORKER_PORT", "0");
        env.put("logging.level.root", "WARN");
        env.put("security-export.worker.job-timeout", "30m");
        env.put("spring.kafka.consumer.properties.max.poll.interval.ms", "3600000");
        // config-service is on this classpath only for its migrations
        env.put("spring.autoconfigure.exclude", ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY);
        List<Rate> raw = new ArrayList<>();
        List<Rate> multipart = new ArrayList<>();
        Map<Integer, List<Rate>> workers = new TreeMap<>();
        Map<Integer, Long> workerHeap = new TreeMap<>();
        long rawHeap = 0;
        long multipartHeap = 0;
        try (HeapSampler heap = new HeapSampler();
                Jobs jobs = new Jobs(infrastructure, prefix)) {
            // each round runs everything once, so that a busy moment of the machine hits all of them alike
            for (int round = 1; round <= rounds; round++) {
                heap.startWindow();
                Rate copy = rawCopy(infrastructure, database, day);
                rawHeap = Math.max(rawHeap, heap.windowLiveMiB());
                raw.add(copy);
                report("round %d raw COPY:       %s (COPY TO STDOUT, read and discarded)", round, format(copy));
                heap.startWindow();
                copy = copyBaseline(infrastructure, database, s3, day, rows);
                multipartHeap = Math.max(multipartHeap, heap.windowLiveMiB());
                multipart.add(copy);
                report("round %d COPY→multipart: %s (one 8 MiB part at a time)", round, format(copy));
                for (int inFlight : partsInFlight) {
                    Map<String, String> variant = new HashMap<>(env);
                    variant.put("security-export.worker.upload.parts-in-flight", Integer.toString(inFlight));
                    try (ConfigurableApplicationContext worker =
                            WorkerApplication.builder().run(arguments(variant))) {
                        heap.startWindow();
                        ExportResult result = jobs.export(day);
                        Rate rate = new Rate(
                                result.rows(),
                                result.bytes(),
                                Duration.between(result.startedAt(), result.finishedAt())
                                                .toNanos()
                                        / 1e9);
                        workerHeap.merge(inFlight, heap.windowLiveMiB(), Math::max);
                        workers.computeIfAbsent(inFlight, ignored -> new ArrayList<>())
                                .add(rate);
                        report(
                                "round %d worker, %d in flight: %s (%s, %,d rows, %,d bytes)",
                                round, inFlight, format(rate), result.status(), result.rows(), result.bytes());
                    }
                }
            }
            report(
                    "max live heap of the whole JVM %d MiB, max used %d MiB (-Xmx %d MiB)",
                    heap.maxLiveMiB(), heap.maxUsedMiB(), Runtime.getRuntime().maxMemory() >> 20);
        }
        double rawRows = median(raw, Rate::rowsPerSecond);
        double multipartRows = median(multipart, Rate::rowsPerSecond);
        report("RESULT rows=%,d, rounds=%d, medians; peak live heap of the whole JVM during each run", rows, rounds);
        report("| what | rows/s | MiB/s | ÷ raw COPY | ÷ COPY→multipart | peak live heap |");
        report("|---|---|---|---|---|---|");
        report(
                "| raw COPY TO STDOUT, discarded | %,.0f | %.1f | 1.00 | %.2f | %d MiB |",
                rawRows, median(raw, Rate::mibPerSecond), rawRows / multipartRows, rawHeap);
        report(
                "| COPY → multipart, 1 part at a time | %,.0f | %.1f | %.2f | 1.00 | %d MiB |",
                multipartRows, median(multipart, Rate::mibPerSecond), multipartRows / rawRows, multipartHeap);
        workers.forEach((inFlight, rates) -> {
            double rowsPerSecond = median(rates, Rate::rowsPerSecond);
            report(
                    "| worker, %d part(s) in flight | %,.0f | %.1f | %.2f | %.2f | %d MiB |",
                    inFlight,
                    rowsPerSecond,
                    median(rates, Rate::mibPerSecond),
                    rowsPerSecond / rawRows,
                    rowsPerSecond / multipartRows,
                    workerHeap.get(inFlight));
        });
        report("-Xmx %d MiB", Runtime.getRuntime().maxMemory() >> 20);
    }

    private static String format(Rate rate) {
        return String.format("%,.0f rows/s, %.1f MiB/s", rate.rowsPerSecond(), rate.mibPerSecond());
    }

    /** s3proxy over its null store: real SigV4 checks and multipart bookkeeping, no stored bytes. */
    private static URI startNullS3() throws Exception {
        Method nullStore = Class.forName("org.gaul.s3proxy.middleware.NullBlobStore")
                .getDeclaredMethod("newNullBlobStore", BlobStore.class);
        nullStore.setAccessible(true); // package-private factory; benchmark-only
        BlobStore store = (BlobStore) nullStore.invoke(null, new TransientNio2BlobStore());
        S3Proxy proxy = S3Proxy.builder()
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET)
                .blobStore(store)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.setBlobStoreLocator(
                (identity, container, blob) -> ACCESS_KEY_ID.equals(identity) ? new AccessGrant(SECRET, store) : null);
        proxy.start();
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        try (S3Client client = client(endpoint)) {
            client.createBucket(create -> create.bucket(BUCKET));
        }
        return endpoint;
    }

    private static void prepare(Infrastructure infrastructure, String database, int rows, LocalDate day)
            throws Exception {
        for (String schema : List.of("ingest", "config")) {
            Flyway.configure()
                    .dataSource(
                            infrastructure.postgres().jdbcUrl(database),
                            infrastructure.postgres().username(),
                            infrastructure.postgres().password())
                    .schemas(schema)
                    .defaultSchema(schema)
                    .locations("classpath:db/migration/" + schema)
                    .load()
                    .migrate();
        }
        SealedSecret sealed = new SecretKeyring(Map.of(1, ServiceEnvironment.TEST_SECRET_KEY), 1)
                .seal(new SecretValue(SECRET), COMPANY);
        try (Connection connection = connect(infrastructure, database)) {
            connection
                    .createStatement()
                    .execute("CREATE TABLE ingest.security_events_"
                            + day.toString().replace('-', '_')
                            + " PARTITION OF ingest.security_events FOR VALUES FROM ('" + day + "') TO ('"
                            + day.plusDays(1) + "')");
            PreparedStatement settings =
                    connection.prepareStatement("INSERT INTO config.export_settings (company_id, enabled,"
                            + " bucket, region, folder_path, sse_aes256, credential_method, access_key_id, secret_key_version,"
                            + " secret_ciphertext, version, updated_at) VALUES (?, true, ?, 'us-east-1', 'security-events', false,"
                            + " 'ACCESS_KEY', ?, 1, ?, 1, now())");
            settings.setString(1, COMPANY);
            settings.setString(2, BUCKET);
            settings.setString(3, ACCESS_KEY_ID);
            settings.setBytes(4, sealed.nonceAndCiphertext());
            settings.executeUpdate();
            connection
                    .createStatement()
                    .execute("INSERT INTO ingest.dashboard_users"
                            + " SELECT 'dev-' || g, '" + COMPANY
                            + "', 'developer' || g || '.now@bench.example', g % 10 = 0, now()"
                            + " FROM generate_series(0, 499) g");
            connection.createStatement().execute("""
                    INSERT INTO ingest.security_events
                    SELECT '%s', '%s', 'evt-' || g, now(), timestamptz '%sT00:00:00Z' + g * interval '10 millisecond',
                           (ARRAY['Signed In','Failed Login','Added REST API key','Developer Updated','Exported data to CSV'])[1 + g %% 5],
                           'dev-' || (g %% 500), 'developer' || (g %% 500) || '@bench.example',
                           CASE WHEN g %% 10 = 0 THEN 'teammate' || (g %% 50) || '@example.com' END,
                           '{"ip":"203.0.113.' || (g %% 256) || '","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36","sessionId":"' || md5(g::text) || '"}'
                      FROM generate_series(1, %d) g""".formatted(day, COMPANY, day, rows));
            connection.createStatement().execute("VACUUM ANALYZE ingest.security_events");
        }
    }

    /** The same rows and order as the worker's query, as PostgreSQL's own CSV, read and thrown away. */
    private static Rate rawCopy(Infrastructure infrastructure, String database, LocalDate day) throws Exception {
        long started = System.nanoTime();
        long rows = 0;
        long bytes = 0;
        try (Connection connection = connect(infrastructure, database)) {
            CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(baselineCopy(day));
            for (byte[] line = copy.readFromCopy(); line != null; line = copy.readFromCopy()) {
                rows++;
                bytes += line.length;
            }
        }
        return new Rate(rows, bytes, (System.nanoTime() - started) / 1e9);
    }

    private static String baselineCopy(LocalDate day) {
        return """
                COPY (SELECT to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), e.actor_email,
                             COALESCE(CASE WHEN u.deleted THEN NULL ELSE u.email END, e.actor_developer_id),
                             e.event_name, e.other_account, e.properties, 1
                        FROM ingest.security_events e
                        LEFT JOIN ingest.dashboard_users u ON u.developer_id = e.actor_developer_id AND u.company_id = e.company_id
                       WHERE e.company_id = '%s' AND e.received_day = '%s'
                       ORDER BY e.occurred_at, e.event_id) TO STDOUT WITH CSV""".formatted(COMPANY, day);
    }

    /** The same rows and order as the worker's query, as PostgreSQL's own CSV, into 8 MiB multipart parts. */
    private static Rate copyBaseline(Infrastructure infrastructure, String database, URI s3, LocalDate day, int rows)
            throws Exception {
        long[] bytes = new long[1];
        String key = "baseline/" + UUID.randomUUID() + ".csv";
        long started = System.nanoTime();
        try (Connection connection = connect(infrastructure, database);
                S3Client client = client(s3)) {
            String upload = client.createMultipartUpload(
                            create -> create.bucket(BUCKET).key(key))
                    .uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            OutputStream sink = new OutputStream() {
                private final ByteArrayOutputStream part = new ByteArrayOutputStream(9 << 20);

                @Override
                public void write(int b) {
                    part.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    part.write(bytes, offset, length);
                    if (part.size() >= 8 << 20) {
                        flushPart();
                    }
                }

                @Override
                public void close() {
                    if (part.size() > 0) {
                        flushPart();
                    }
                }

                private void flushPart() {
                    bytes[0] += part.size();
                    int number = parts.size() + 1;
                    String etag = client.uploadPart(
                                    p -> p.bucket(BUCKET)
                                            .key(key)
                                            .uploadId(upload)
                                            .partNumber(number),
                                    RequestBody.fromBytes(part.toByteArray()))
                            .eTag();
                    parts.add(CompletedPart.builder()
                            .partNumber(number)
                            .eTag(etag)
                            .build());
                    part.reset();
                }
            };
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut(baselineCopy(day), sink);
            sink.close();
            client.completeMultipartUpload(complete ->
                    complete.bucket(BUCKET).key(key).uploadId(upload).multipartUpload(mpu -> mpu.parts(parts)));
        }
        return new Rate(rows, bytes[0], (System.nanoTime() - started) / 1e9);
    }

    /** Publishes a job and waits for its result, as the config service does. */
    private static final class Jobs implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<String, byte[]> results;
        private final String prefix;

        Jobs(Infrastructure infrastructure, String prefix) {
            this.prefix = prefix;
            this.producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", infrastructure.kafka().bootstrapServers()),
                    new StringSerializer(),
                    new ByteArraySerializer());
            this.results = new KafkaConsumer<>(
                    Map.of(
                            "bootstrap.servers",
                            infrastructure.kafka().bootstrapServers(),
                            "group.id",
                            prefix + "-bench",
                            "auto.offset.reset",
                            "earliest"),
                    new StringDeserializer(),
                    new ByteArrayDeserializer());
            results.subscribe(List.of(prefix + ".security-export-results"));
        }

        ExportResult export(LocalDate day) throws Exception {
            ExportJob job = new ExportJob(UUID.randomUUID(), COMPANY, day, ExportJob.Trigger.BACKFILL, Instant.now());
            producer.send(new ProducerRecord<>(prefix + ".security-export-jobs", COMPANY, ExportMessages.toJson(job)))
                    .get();
            while (true) {
                for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(500))) {
                    ExportResult result = ExportMessages.result(record.value());
                    if (result.jobId().equals(job.jobId())) {
                        return result;
                    }
                }
            }
        }

        @Override
        public void close() {
            producer.close();
            results.close();
        }
    }

    private static S3Client client(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET)))
                .build();
    }

    private static Connection connect(Infrastructure infrastructure, String database) throws Exception {
        return DriverManager.getConnection(
                infrastructure.postgres().jdbcUrl(database),
                infrastructure.postgres().username(),
                infrastructure.postgres().password());
    }

    private static String[] arguments(Map<String, String> env) {
        return env.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    private static double median(List<Rate> rates, ToDoubleFunction<Rate> figure) {
        List<Double> sorted = rates.stream().map(figure::applyAsDouble).sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void report(String format, Object... args) {
        System.out.println("[export-benchmark] " + String.format(format, args));
    }
}
