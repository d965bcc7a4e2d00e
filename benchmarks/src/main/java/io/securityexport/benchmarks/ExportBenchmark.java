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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 *       of N realistic rows on a job from Kafka: r2dbc stream, CSV v1, SHA-256, multipart upload, digest stamp;</li>
 *   <li>baseline — pgjdbc's {@code COPY (SELECT …) TO STDOUT WITH CSV} of the same rows, cut into the same 8 MiB
 *       parts of a multipart upload.</li>
 * </ul>
 * The S3 endpoint is s3proxy over its null store (checks signatures, keeps no bytes), so the heap measures the
 * exporter, not stored files. Options: rows (5,000,000), rounds (3).
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

    private static void run() throws Exception {
        int rows = Integer.getInteger("rows", 5_000_000);
        int rounds = Integer.getInteger("rounds", 3);
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

        Map<String, String> env = new HashMap<>(ServiceEnvironment.variables(infrastructure, database, prefix));
        env.put("S3_ENDPOINT", s3.toString());
        env.put("WORKER_PORT", "0");
        env.put("logging.level.root", "WARN");
        env.put("security-export.worker.job-timeout", "30m");
        env.put("spring.kafka.consumer.properties.max.poll.interval.ms", "3600000");
        // config-service is on this classpath only for its migrations
        env.put("spring.autoconfigure.exclude", ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY);
        List<Double> workerRates = new ArrayList<>();
        List<Double> copyRates = new ArrayList<>();
        long maxHeap = 0;
        try (HeapSampler heap = new HeapSampler();
                ConfigurableApplicationContext worker =
                        WorkerApplication.builder().run(arguments(env));
                Jobs jobs = new Jobs(infrastructure, prefix)) {
            for (int round = 1; round <= rounds; round++) {
                ExportResult result = jobs.export(day);
                double seconds = Duration.between(result.startedAt(), result.finishedAt())
                                .toNanos()
                        / 1e9;
                workerRates.add(result.rows() / seconds);
                report(
                        "round %d worker:   %,.0f rows/s, %.1f MiB/s (%s, %,d rows, %,d bytes)",
                        round,
                        result.rows() / seconds,
                        result.bytes() / seconds / (1 << 20),
                        result.status(),
                        result.rows(),
                        result.bytes());
                double copy = copyBaseline(infrastructure, database, s3, day, rows);
                copyRates.add(copy);
                report("round %d baseline: %,.0f rows/s (COPY TO STDOUT into multipart)", round, copy);
            }
            maxHeap = heap.maxLiveMiB();
            report(
                    "max used heap of the whole JVM: %d MiB (-Xmx %d MiB)",
                    heap.maxUsedMiB(), Runtime.getRuntime().maxMemory() >> 20);
        }
        double worker = median(workerRates);
        double copy = median(copyRates);
        report(
                "RESULT rows=%,d: worker median %,.0f rows/s, COPY median %,.0f rows/s, ratio %.2f, max live heap %d MiB,"
                        + " -Xmx %d MiB",
                rows, worker, copy, worker / copy, maxHeap, Runtime.getRuntime().maxMemory() >> 20);
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

    /** The same rows and order as the worker's query, as PostgreSQL's own CSV, into 8 MiB multipart parts. */
    private static double copyBaseline(Infrastructure infrastructure, String database, URI s3, LocalDate day, int rows)
            throws Exception {
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
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("""
                    COPY (SELECT to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), e.actor_email,
                                 COALESCE(CASE WHEN u.deleted THEN NULL ELSE u.email END, e.actor_developer_id),
                                 e.event_name, e.other_account, e.properties, 1
                            FROM ingest.security_events e
                            LEFT JOIN ingest.dashboard_users u ON u.developer_id = e.actor_developer_id AND u.company_id = e.company_id
                           WHERE e.company_id = '%s' AND e.received_day = '%s'
                           ORDER BY e.occurred_at, e.event_id) TO STDOUT WITH CSV""".formatted(COMPANY, day), sink);
            sink.close();
            client.completeMultipartUpload(complete ->
                    complete.bucket(BUCKET).key(key).uploadId(upload).multipartUpload(mpu -> mpu.parts(parts)));
        }
        return rows / ((System.nanoTime() - started) / 1e9);
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

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static void report(String format, Object... args) {
        System.out.println("[export-benchmark] " + String.format(format, args));
    }
}
