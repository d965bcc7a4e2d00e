package io.securityexport.config.alerts;

import io.securityexport.config.ConfigProperties;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Sends an alert as one e-mail (plain text and HTML alternatives) to all of a channel's addresses through the
 * configured SMTP server (spring.mail.*). JavaMail blocks for the whole SMTP conversation, so sending runs on the
 * bounded mail scheduler ({@link AlertsConfiguration#mailScheduler}), never on an event loop; its timeouts are set
 * here from ConfigProperties so that a stuck server cannot hold a mail thread for ever.
 */
@Component
class EmailSender {

    private final JavaMailSender mail;
    private final Scheduler scheduler;
    private final ConfigProperties.Alerts settings;

    EmailSender(
            ObjectProvider<JavaMailSender> mail,
            @Qualifier("mailScheduler") Scheduler scheduler,
            ConfigProperties properties) {
        this.mail = mail.getIfAvailable();
        this.scheduler = scheduler;
        this.settings = properties.alerts();
        if (this.mail instanceof JavaMailSenderImpl impl) {
            String timeout = Long.toString(settings.requestTimeout().toMillis());
            Properties javaMail = impl.getJavaMailProperties();
            javaMail.putIfAbsent("mail.smtp.connectiontimeout", timeout);
            javaMail.putIfAbsent("mail.smtp.timeout", timeout);
            javaMail.putIfAbsent("mail.smtp.writetimeout", timeout);
        }
    }

    Mono<DeliveryOutcome> send(ClaimedDelivery delivery) {
        if (!configured()) {
            return Mono.just(DeliveryOutcome.failed(null, null, "no SMTP server is configured (SMTP_HOST)"));
        }
        return Mono.fromCallable(() -> {
                    mail.send(message(delivery, Alerts.parse(delivery.payload())));
                    return DeliveryOutcome.delivered(null, null);
                })
                .subscribeOn(scheduler)
                .onErrorResume(error -> Mono.just(DeliveryOutcome.failed(null, null, describe(error))));
    }

    private boolean configured() {
        return mail instanceof JavaMailSenderImpl impl
                ? impl.getHost() != null && !impl.getHost().isBlank()
                : mail != null;
    }

    private MimeMessage message(ClaimedDelivery delivery, AlertPayload alert) throws Exception {
        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom(settings.mailFrom());
        helper.setTo(delivery.addresses().toArray(String[]::new));
        helper.setSubject(AlertEmail.subject(alert));
        helper.setText(AlertEmail.text(alert), AlertEmail.html(alert));
        // lets a mailbox thread and deduplicate retries of one delivery the way webhook receivers use webhook-id
        message.setHeader("X-Security-Export-Delivery", delivery.id().toString());
        return message;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return "SMTP: " + error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
