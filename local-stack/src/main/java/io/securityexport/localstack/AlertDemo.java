package io.securityexport.localstack;

import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.S3Permission;
import io.securityexport.testsupport.SmtpServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The second part of the demo: a company whose bucket refuses PutObject. Its admin registered a webhook (a receiver
 * in this JVM that checks signatures) and an e-mail address (a real SMTP server in this JVM); the export fails and
 * both are told once; the bucket is fixed, the day exported again, and both are told it recovered.
 */
final class AlertDemo {

    static final String COMPANY = "broken-company";
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final Infrastructure infrastructure;
    private final Demo demo;
    private final SmtpServer smtp;
    private final DemoWebhookReceiver receiver;

    AlertDemo(Infrastructure infrastructure, Demo demo, SmtpServer smtp, DemoWebhookReceiver receiver) {
        this.infrastructure = infrastructure;
        this.demo = demo;
        this.smtp = smtp;
        this.receiver = receiver;
    }

    void run() {
        AccessKey key = infrastructure.s3().createUser("broken");
        infrastructure.s3().deny(key.accessKeyId(), S3Permission.PUT_OBJECT, Demo.BUCKET);
        Demo.say("alerts: " + COMPANY + " saves settings whose key may not write to " + Demo.BUCKET
                + " (saved anyway), and registers a webhook and an e-mail address");
        demo.call(COMPANY, "PUT", "?saveAnyway=true", """
                {"bucket":"%s","folderPath":"broken-company",
                 "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(
                        Demo.BUCKET, key.accessKeyId(), key.secretAccessKey()));
        JsonNode webhook = demo.call(COMPANY, "POST", "/channels", """
                {"kind":"webhook","url":"%s"}""".formatted(receiver.url()));
        receiver.secret(webhook.get("secret").asString());
        demo.call(COMPANY, "POST", "/channels", """
                {"kind":"email","addresses":["security-team@broken-company.example"]}""");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        exportToday(today);
        await(() -> receiver.received().size() >= 1 && smtp.received().size() >= 1, "the export.failed alert");
        printMail(smtp.received().get(0));

        Demo.say("alerts: the bucket policy is fixed; exporting " + today + " again");
        infrastructure.s3().allowAll(key.accessKeyId());
        exportToday(today);
        await(() -> receiver.received().size() >= 2 && smtp.received().size() >= 2, "the export.recovered alert");
        printMail(smtp.received().get(1));
        Demo.say("alerts: health of " + COMPANY + ": "
                + demo.call(COMPANY, "GET", "/health", null).get("status").asString());
    }

    private void exportToday(LocalDate today) {
        String jobId = demo.call(COMPANY, "POST", "/runs", "{\"day\":\"" + today + "\"}")
                .get("jobId")
                .asString();
        Demo.say(Demo.describe(
                demo.awaitRun(COMPANY, run -> run.get("jobId").asString().equals(jobId))));
    }

    private static void printMail(MimeMessage mail) {
        try {
            Demo.say("e-mail in the local SMTP server: To: "
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(mail.getAllRecipients())
                                    .map(Object::toString)
                                    .toList())
                    + " | Subject: " + mail.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            Demo.say("e-mail in the local SMTP server (unreadable: " + e.getMessage() + ")");
        }
    }

    private static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not arrive in time");
            }
            Demo.pause();
        }
    }
}
