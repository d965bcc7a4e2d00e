package io.securityexport.benchmarks.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securityexport.benchmarks.soak.SoakLedger.SentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The upstream producers of the soak: valid events at a steady rate for every company, some sent again minutes later
 * (same event ID), a share of malformed records, and dashboard users changing their e-mail addresses. Delivery is
 * at least once, as a careless producer's: a send the broker did not acknowledge (it was being restarted) is sent
 * again, and an event counts as sent (enters the ledger) once acknowledged.
 */
final class Traffic implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES =
            List.of("Signed In", "Failed Login", "Enabled 2FA", "Added REST API key", "Changed User Role");

    private final KafkaProducer<String, byte[]> producer;
    private final SoakSettings settings;
    private final List<String> companies;
    private final Clock clock;
    private final String eventsTopic;
    private final String usersTopic;
    private final SplittableRandom random;

    final Map<String, SentEvent> events = new ConcurrentHashMap<>();
    final Set<String> malformed = ConcurrentHashMap.newKeySet();
    final AtomicLong duplicatesSent = new AtomicLong();
    final AtomicLong resends = new AtomicLong();
    final AtomicLong userChanges = new AtomicLong();
    private final DelayQueue<Later> later = new DelayQueue<>();
    private final AtomicLong unacknowledged = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    Traffic(
            String bootstrapServers,
            SoakSettings settings,
            List<String> companies,
            Clock clock,
            String eventsTopic,
            String usersTopic) {
        this.settings = settings;
        this.companies = List.copyOf(companies);
        this.clock = clock;
        this.eventsTopic = eventsTopic;
        this.usersTopic = usersTopic;
        this.random = new SplittableRandom(settings.seed());
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                        ProducerConfig.LINGER_MS_CONFIG, "5",
                        // a broker restart takes seconds; a send gives up only after this, and is then sent again
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000",
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    void start() {
        thread = new Thread(this::run, "soak-traffic");
        thread.start();
    }

    private void run() {
        long tick = 0;
        double perTick = settings.eventsPerSecond() / 10.0;
        double owed = 0;
        while (running) {
            Instant started = Instant.now();
            owed += perTick;
            for (; owed >= 1; owed--) {
                if (random.nextDouble() < settings.malformedShare()) {
                    sendMalformed();
                } else {
                    sendNew();
                }
            }
            for (Later due = later.poll(); due != null; due = later.poll()) {
                sendAgain(due);
            }
            if (tick++ % 10 == 0) {
                changeUser();
            }
            Soak.pause(Duration.ofMillis(100).minus(Duration.between(started, Instant.now())));
        }
    }

    private void sendNew() {
        String company = companies.get(random.nextInt(companies.size()));
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        SentEvent sent = new SentEvent(id, company, day, day.plusDays(1));
        ObjectNode event = JSON.createObjectNode()
                .put("eventId", id)
                .put("companyId", company)
                .put("occurredAt", now.minusMillis(random.nextInt(5000)).toString())
                .put("eventName", NAMES.get(random.nextInt(NAMES.size())));
        int developer = random.nextInt(10);
        event.putObject("actor")
                .put("developerId", developer(company, developer))
                .put("email", "dev" + developer + "@" + company + ".example");
        event.put("otherAccount", random.nextInt(4) == 0 ? "other@" + company + ".example" : null);
        event.putObject("properties")
                .put("soakId", id)
                .put("ip", "203.0.113." + random.nextInt(256))
                .put("note", random.nextInt(8) == 0 ? "quote \" comma , newline \n 日本語 🙂" : "plain");
        byte[] value = event.toString().getBytes(StandardCharsets.UTF_8);
        send(company, value, sent);
        if (random.nextDouble() < settings.duplicateShare()) {
            long delay = 30_000 + random.nextLong(120_000);
            later.add(new Later(company, value, sent, true, System.currentTimeMillis() + delay));
        }
    }

    /** Each malformed record carries {@code soak-m-<uuid>} in its bytes, so the dead-letter topic can be checked. */
    private void sendMalformed() {
        String company = companies.get(random.nextInt(companies.size()));
        String id = "soak-m-" + UUID.randomUUID();
        String value = switch (random.nextInt(4)) {
            case 0 -> "{\"eventId\":\"" + id + "\",\"companyId\":\"" + company + "\",\"occurredAt\":"; // cut off
            case 1 ->
                "{\"eventId\":\"" + id + "\",\"companyId\":\"" + company
                        + "\",\"eventName\":\"Signed In\"}"; // no occurredAt
            case 2 ->
                "{\"eventId\":\"" + id + "\",\"companyId\":\"someone-else\",\"occurredAt\":\"" + clock.instant()
                        + "\",\"eventName\":\"Signed In\"}"; // key and companyId differ
            default -> "not json at all " + id + " \u0000\uFFFD";
        };
        malformed.add(id);
        send(company, value.getBytes(StandardCharsets.UTF_8), null);
    }

    private void changeUser() {
        String company = companies.get(random.nextInt(companies.size()));
        String developer = developer(company, random.nextInt(10));
        ObjectNode user = JSON.createObjectNode()
                .put("developerId", developer)
                .put("companyId", company)
                .put("email", developer + "+" + random.nextInt(1000) + "@" + company + ".example")
                .put("deleted", false);
        userChanges.incrementAndGet();
        producer.send(
                new ProducerRecord<>(usersTopic, developer, user.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String developer(String company, int index) {
        return "dev-" + company + "-" + index;
    }

    private void sendAgain(Later record) {
        if (record.duplicate()) {
            duplicatesSent.incrementAndGet();
        }
        send(record.company(), record.value(), record.sent());
    }

    /** Sends until acknowledged; the event enters the ledger on its first acknowledgement. */
    private void send(String company, byte[] value, SentEvent sent) {
        unacknowledged.incrementAndGet();
        producer.send(new ProducerRecord<>(eventsTopic, company, value), (metadata, error) -> {
            if (error != null) {
                resends.incrementAndGet();
                later.add(new Later(company, value, sent, false, System.currentTimeMillis()));
            } else if (sent != null) {
                events.putIfAbsent(sent.eventId(), sent);
            }
            unacknowledged.decrementAndGet();
        });
    }

    /** Stops sending new events; what is waiting to be sent again (duplicates, resends) is sent now. */
    void finish() throws InterruptedException {
        running = false;
        thread.join();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while ((!later.isEmpty() || unacknowledged.get() > 0) && Instant.now().isBefore(deadline)) {
            for (Later waiting : later.toArray(new Later[0])) {
                if (later.remove(waiting)) {
                    sendAgain(waiting);
                }
            }
            producer.flush();
            Soak.pause(Duration.ofMillis(100));
        }
        if (!later.isEmpty() || unacknowledged.get() > 0) {
            throw new IllegalStateException("records still unacknowledged after 3 minutes: " + unacknowledged.get());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** A record to send again: a duplicate the producer sends on purpose, or one the broker did not acknowledge. */
    private record Later(String company, byte[] value, SentEvent sent, boolean duplicate, long dueAtMillis)
            implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueAtMillis - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }
    }
}
