package io.securityexport.config.alerts;

import java.time.LocalDate;
import java.util.List;

/**
 * An alert another feature wants delivered to the company's channels (e.g. {@code credentials.check_failed} from a
 * scheduled credential check): hand it to {@link AlertChannels#raise(AlertRaised)}. Export failures and recoveries
 * need no such call: this feature follows the run results itself ({@link RunAlerts}).
 */
public record AlertRaised(String companyId, AlertKind kind, List<LocalDate> days, String errorCode, String message) {

    public AlertRaised {
        days = List.copyOf(days);
    }
}
