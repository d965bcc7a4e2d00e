package io.securityexport.config.alerts;

import org.springframework.web.util.HtmlUtils;

/** The words of an alert e-mail: the subject names the company, what happened and which day. */
final class AlertEmail {

    private AlertEmail() {}

    static String subject(AlertPayload alert) {
        return "[Security Export] " + alert.data().summary();
    }

    static String text(AlertPayload alert) {
        AlertPayload.Data data = alert.data();
        StringBuilder text = new StringBuilder()
                .append(data.summary())
                .append("\n\n")
                .append("Company: ")
                .append(data.companyId())
                .append('\n')
                .append("Alert: ")
                .append(data.kind())
                .append('\n');
        if (!data.days().isEmpty()) {
            text.append("Days (UTC): ").append(String.join(", ", data.days())).append('\n');
        }
        if (data.errorCode() != null) {
            text.append("Error code: ").append(data.errorCode()).append('\n');
        }
        if (data.message() != null) {
            text.append("Details: ").append(data.message()).append('\n');
        }
        return text.append("Raised at: ").append(alert.timestamp()).append('\n').toString();
    }

    /** Every value escaped: the error message comes from AWS or a worker and must not become markup. */
    static String html(AlertPayload alert) {
        AlertPayload.Data data = alert.data();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>")
                .append("<h2>")
                .append(escape(data.summary()))
                .append("</h2><table>");
        row(html, "Company", data.companyId());
        row(html, "Alert", data.kind());
        if (!data.days().isEmpty()) {
            row(html, "Days (UTC)", String.join(", ", data.days()));
        }
        if (data.errorCode() != null) {
            row(html, "Error code", data.errorCode());
        }
        if (data.message() != null) {
            row(html, "Details", data.message());
        }
        row(html, "Raised at", alert.timestamp());
        return html.append("</table></body></html>").toString();
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th align=\"left\">")
                .append(escape(name))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>");
    }

    private static String escape(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value);
    }
}
