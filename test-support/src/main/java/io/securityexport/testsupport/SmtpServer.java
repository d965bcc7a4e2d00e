package io.securityexport.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server in this JVM (GreenMail, from Maven Central: no Docker needed, so the same on both kinds of
 * machine), on a free port of 127.0.0.1, without TLS or authentication. Every message is kept; read them with
 * {@link #received()}.
 */
public final class SmtpServer implements AutoCloseable {

    private final GreenMail mail;

    private SmtpServer(GreenMail mail) {
        this.mail = mail;
    }

    public static SmtpServer start() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        return new SmtpServer(mail);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return mail.getSmtp().getPort();
    }

    public List<MimeMessage> received() {
        return List.of(mail.getReceivedMessages());
    }

    /** The config service's SMTP variables pointing here (plain SMTP: no STARTTLS, no login). */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SMTP_HOST", host());
        env.put("SMTP_PORT", Integer.toString(port()));
        env.put("SMTP_STARTTLS", "false");
        env.put("SMTP_AUTH", "false");
        return env;
    }

    @Override
    public void close() {
        mail.stop();
    }
}
