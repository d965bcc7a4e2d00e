package io.securityexport.config.alerts;

import java.util.List;

/**
 * The JSON a webhook receives, and what an e-mail is written from; stored as text in the delivery row so that every
 * attempt sends the same body. {@code timestamp} is when the alert was raised (ISO-8601, UTC).
 */
record AlertPayload(String type, String timestamp, Data data) {

    record Data(String companyId, String kind, List<String> days, String errorCode, String message, String summary) {}
}
