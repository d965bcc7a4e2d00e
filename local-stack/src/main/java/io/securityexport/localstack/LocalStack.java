package io.securityexport.localstack;

import io.securityexport.common.export.DaySettlement;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ShiftedClock;
import io.securityexport.testsupport.SmtpServer;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
        // only a JDK is needed: no Docker probe (it logs an ERROR where no engine runs), unless asked for
        Infrastructure.preferEmbedded();
        Infrastructure infrastructure = Infrastructure.shared();
        StackTopics topics = StackTopics.defaults();
        infrastructure.kafka().createTopics(3, topics.all().toArray(String[]::new));
        String database = infrastructure.postgres().createDatabase("security_export");
        // one clock for all three services: a midnight made to come is the same midnight for each
        ShiftedClock clock = new ShiftedClock(Instant.now());
        LocalTokens tokens = LocalTokens.demoKeys();
        // alerts reach a real SMTP server and a webhook receiver in this JVM, as they would a customer's
        SmtpServer smtp = SmtpServer.start();
        DemoWebhookReceiver receiver = DemoWebhookReceiver.start();
        RunningServices services = RunningServices.start(
                settings(
                        infrastructure,
                        database,
                        topics,
                        "local",
                        Integer.getInteger("config.port", 8080),
                        Integer.getInteger("ingest.port", 8081),
                        Integer.getInteger("worker.port", 8082)),
                configExtra(smtp),
                options(clock, tokens));
        ControlPort control = new ControlPort(Integer.getInteger("control.port", 8079));
        Midnight midnight = new Midnight(clock, DaySettlement.DEFAULT);
        control.serve("/midnight", midnight::handle);
        TokenDesk tokenDesk = new TokenDesk(
                tokens, URI.create("http://localhost:" + services.configApi().getPort() + "/admin"));
        control.serve("/token", tokenDesk::handle);
        control.serve("/role", new RoleDesk(infrastructure.sts())::handle);
        StackShutdown shutdown = StackShutdown.onSignals(
                "local-stack-shutdown",
                control,
                services,
                receiver,
                smtp,
                StackShutdown.quietKafkaInternals(),
                infrastructure::stop);

        AccessKey customerKey = infrastructure.s3().createUser("demo");
        Demo demo = new Demo(
                infrastructure, services, database, topics, customerKey, midnight, control.uri("/midnight"), tokens);
        try {
            ReadmeExamples.prepare(infrastructure, demo);
            Demo.Outcome outcome = demo.run(events);
            new AlertDemo(infrastructure, demo, smtp, receiver).run();
            printWelcome(infrastructure, services, database, customerKey, outcome, control, tokens, tokenDesk);
        } catch (RuntimeException e) {
            if (shutdown.begun()) {
                return; // Ctrl-C during the demo: what failed was stopped under it, nothing to report
            }
            throw e;
        }
        shutdown.await();
    }

    static StackSettings settings(
            Infrastructure infrastructure,
            String database,
            StackTopics topics,
            String consumerGroupPrefix,
            int configPort,
            int ingestPort,
            int workerPort) {
        return new StackSettings(
                infrastructure.postgres().host(),
                infrastructure.postgres().port(),
                database,
                infrastructure.postgres().username(),
                infrastructure.postgres().password(),
                infrastructure.kafka().bootstrapServers(),
                topics,
                consumerGroupPrefix,
                infrastructure.s3().endpoint(),
                infrastructure.sts().endpoint(),
                infrastructure.sts().platformKey().accessKeyId(),
                infrastructure.sts().platformKey().secretAccessKey(),
                infrastructure.sts().platformAccountId(),
                LOCAL_SECRET_KEY,
                configPort,
                ingestPort,
                workerPort);
    }

    private static Map<String, String> configExtra(SmtpServer smtp) {
        Map<String, String> configExtra = new HashMap<>(smtp.environment());
        // the scheduler looks every 2 s (15 s in production), so a midnight made to come shows at once
        configExtra.put("security-export.config.schedule.check-interval", "2s");
        return configExtra;
    }

    /** How the local stack runs its services: on one clock, trusting the local tokens. */
    static RunningServices.Options options(ShiftedClock clock, LocalTokens tokens) {
        return RunningServices.Options.defaults().withClock(clock).withTokenKey(tokens.publicKeyPem());
    }

    private static void printWelcome(
            Infrastructure infrastructure,
            RunningServices services,
            String database,
            AccessKey customerKey,
            Demo.Outcome outcome,
            ControlPort control,
            LocalTokens tokens,
            TokenDesk tokenDesk) {
        AccessKey root = infrastructure.s3().rootKey();
        LocalTokens.Token token = tokens.mint(Demo.COMPANY, LocalTokens.Scope.ADMIN);
        String text = """

                ==================================================================================
                 Security Event Export is running.  Ctrl-C stops everything.
                ----------------------------------------------------------------------------------
                 TOKEN (%2$s, admin, 12 h):
                   export TOKEN=%17$s
                 Admin console     %19$s
                 Any other company curl -s '%18$s?company=acme'   (&scope=read: read-only; JSON with token and consoleUrl)
                                   export TOKEN=$(curl -s '%18$s?company=acme' | sed -E 's/.*"token":"([^"]+)".*/\\1/')
                 Its bucket        the demo company's key above may write to s3://%15$s (any folder)
                 Its role          curl -X POST '%24$s?arn=arn:aws:iam::210987654321:role/my-export&externalId=sx-…'
                                   (creates the role in the local AWS, trusting the external ID the console shows)
                 Config API        %1$s/api/v1/companies/%2$s/security-export   (-H "Authorization: Bearer $TOKEN")
                 API description   %1$s/v3/api-docs
                 Run history       %1$s/api/v1/companies/%2$s/security-export/runs
                 Health/metrics    %1$s/actuator/health  %3$s/actuator/prometheus  %4$s/actuator/prometheus
                 Kafka             %5$s   (topic security-events, keyed by company ID)
                 PostgreSQL        jdbc:postgresql://%6$s:%7$d/%8$s  user %9$s
                 S3 endpoint       %10$s   region us-east-1, path-style
                   admin key       AWS_ACCESS_KEY_ID=%11$s AWS_SECRET_ACCESS_KEY=%12$s
                   demo company    AWS_ACCESS_KEY_ID=%13$s AWS_SECRET_ACCESS_KEY=%14$s
                   README's acme   bucket %21$s (eu-west-1), key %22$s, role %23$s
                 Look around       AWS_ACCESS_KEY_ID=%11$s AWS_SECRET_ACCESS_KEY=%12$s \\
                                   aws --endpoint-url %10$s --region us-east-1 s3 ls s3://%15$s --recursive
                 Export a day      curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"day":"%16$s"}' \\
                                   %1$s/api/v1/companies/%2$s/security-export/runs
                 Midnight, now     curl -X POST %20$s   (the services' one clock jumps past the next midnight)
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
                        token.jwt(),
                        control.uri("/token"),
                        tokenDesk.consoleUrl(token),
                        control.uri("/midnight"),
                        ReadmeExamples.BUCKET,
                        ReadmeExamples.KEY.accessKeyId(),
                        ReadmeExamples.ROLE_ARN,
                        control.uri("/role"));
        System.out.println(text);
        log.debug("welcome printed");
    }
}
