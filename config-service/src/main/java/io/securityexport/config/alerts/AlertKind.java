package io.securityexport.config.alerts;

import java.util.Arrays;
import java.util.Optional;

/** What an alert is about; {@link #wireName()} is the payload's {@code type} and {@code data.kind}. */
public enum AlertKind {
    EXPORT_FAILED("export.failed"),
    EXPORT_RECOVERED("export.recovered"),
    EXPORT_AT_RISK("export.at_risk"),
    CREDENTIALS_CHECK_FAILED("credentials.check_failed"),
    TEST("test");

    private final String wireName;

    AlertKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AlertKind> ofWireName(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.wireName.equals(name))
                .findFirst();
    }
}
