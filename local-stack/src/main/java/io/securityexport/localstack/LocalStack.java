package io.securityexport.localstack;

import io.securityexport.common.export.DaySettlement;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ShiftedClock;
import io.securityexport.testsupport.SmtpServer;
import io.securityexport.testsupport.TestTokens;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole system on one machine with only a JDK: embedded PostgreSQL, a real Kafka broker (KRaft), an
 * S3-compatible server that checks SigV4 signatures, the three services, and then the demo. Runs until Ctrl-C;
 * everything it starts lives in this JVM, so nothing is left behind when it ends.
 */
public final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    /** A fixed, local-only key; never use it anywhere else. */
    private static final String LOCAL_SECRET_KEY = "bG9jYWwtc3RhY2stb25seS1rZXktMzItYnl0ZXMhISE=";

    private LocalStack() {}

    public static void main(String[] args) throws InterruptedException {
        int events = Integer.getInteger("demo.events", 3000);
        // Three services share this console: no banners, and their own lines say which one is talking.
        System.setProperty("spring.main.banner-mode", "off");
        System.setProperty("spring.main.log-startup-info", "false");
        Infrastructure infrastructure = Infrastructure.shared();
        StackTopics topics = StackTopics.defaults();
        infrastructure.kafka().createTopics(3, topics.all().toArray(String[]::new));
        String database = infrastructure.postgres().createDatabase("security_export");
        ShiftedClock configClock = new ShiftedClock(Instant.now());
        // alerts reach a real SMTP server and a webhook receiver in this JVM, as they would a customer's
        SmtpServer smtp = SmtpServer.start();
        DemoWebhookReceiver receiver = DemoWebhookReceiver.start();
        Map<String, String> configExtra = new java.util.HashMap<>(smtp.environment());
        // the scheduler looks every 2 s (15 s in production), so a midnight made to come shows at once
        configExtra.put("security-export.config.schedule.check-interval", "2s");
        RunningServices services = RunningServices.start(
                new StackSettings(
                        infrastructure.postgres().host(),
                        infrastructure.postgres().port(),
                        database,
                        infrastructure.postgres().username(),
                        infrastructure.postgres().password(),
                        infrastructure.kafka().bootstrapServers(),
                        topics,
                        "local",
                        infrastructure.s3().endpoint(),
                        infrastructure.sts().endpoint(),
                        infrastructure.sts().platformKey().accessKeyId(),
                        infrastructure.sts().platformKey().secretAccessKey(),
                        infrastructure.sts().platformAccountId(),
                        LOCAL_SECRET_KEY,
                        Integer.getInteger("config.port", 8080),
                        Integer.getInteger("ingest.port", 8081),
                        Integer.getInteger("worker.port", 8082)),
                configExtra,
                // one clock for the config and ingest services: a midnight made to come exports the day events were
                // received on
                RunningServices.Options.defaults().withConfigClock(configClock).withIngestClock(configClock));
        Midnight midnight = new Midnight(configClock, DaySettlement.DEFAULT, Integer.getInteger("midnight.port", 8079));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            midnight.close();
                            services.close();
                            receiver.close();
                            smtp.close();
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));

        AccessKey customerKey = infrastructure.s3().createUser("demo");
        Demo demo = new Demo(infrastructure, services, database, topics, customerKey, midnight);
        Demo.Outcome outcome = demo.run(events);
        new AlertDemo(infrastructure, demo, smtp, receiver).run();
        printWelcome(infrastructure, services, database, customerKey, outcome, midnight);
        stopped.await();
    }

    private static void printWelcome(
            Infrastructure infrastructure,
            RunningServices services,
            String database,
            AccessKey customerKey,
            Demo.Outcome outcome,
            Midnight midnight) {
        AccessKey root = infrastructure.s3().rootKey();
        String text = """

                ==================================================================================
                 Security Event Export is running.  Ctrl-C stops everything.
                ----------------------------------------------------------------------------------
                 Admin token       export TOKEN=%17$s
                 Config API        %1$s/api/v1/companies/%2$s/security-export   (-H "Authorization: Bearer $TOKEN")
                 API description   %1$s/v3/api-docs
                 Run history       %1$s/api/v1/companies/%2$s/security-export/runs
                 Health/metrics    %1$s/actuator/health  %3$s/actuator/prometheus  %4$s/actuator/prometheus
                 Kafka             %5$s   (topic security-events, keyed by company ID)
                 PostgreSQL        jdbc:postgresql://%6$s:%7$d/%8$s  user %9$s
                 S3 endpoint       %10$s   region us-east-1, path-style
                   admin key       AWS_ACCESS_KEY_ID=%11$s AWS_SECRET_ACCESS_KEY=%12$s
                   demo company    AWS_ACCESS_KEY_ID=%13$s AWS_SECRET_ACCESS_KEY=%14$s
                 Look around       AWS_ACCESS_KEY_ID=%11$s AWS_SECRET_ACCESS_KEY=%12$s \\
                                   aws --endpoint-url %10$s --region us-east-1 s3 ls s3://%15$s --recursive
                 Export a day      curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"day":"%16$s"}' \\
                                   %1$s/api/v1/companies/%2$s/security-export/runs
                 Midnight, now     curl -X POST %18$s   (the config service's clock jumps past the next midnight)
                 Data              everything lives under .local-stack/ (removed at the next start)
                ==================================================================================
                """.formatted(
                        services.configApi(),
                        Demo.COMPANY,
                        services.ingestService(),
                        services.exportWorker(),
                        infrastructure.kafka().bootstrapServers(),
                        infrastructure.postgres().host(),
                        infrastructure.postgres().port(),
                        database,
                        infrastructure.postgres().username(),
                        infrastructure.s3().endpoint(),
                        root.accessKeyId(),
                        root.secretAccessKey(),
                        customerKey.accessKeyId(),
                        customerKey.secretAccessKey(),
                        Demo.BUCKET,
                        outcome.day(),
                        TestTokens.admin(Demo.COMPANY),
                        midnight.uri());
        System.out.println(text);
        log.debug("welcome printed");
    }
}
