package io.securityexport.config.alerts;

/**
 * How one attempt went. {@code statusCode} and {@code response} (at most {@link #EXCERPT} characters) when the
 * receiver answered; {@code error} says what went wrong in words (never a secret).
 */
record DeliveryOutcome(boolean delivered, Integer statusCode, String response, String error) {

    static final int EXCERPT = 200;
    static final int MAX_ERROR = 500;

    static DeliveryOutcome delivered(Integer statusCode, String response) {
        return new DeliveryOutcome(true, statusCode, cut(response, EXCERPT), null);
    }

    static DeliveryOutcome failed(Integer statusCode, String response, String error) {
        return new DeliveryOutcome(false, statusCode, cut(response, EXCERPT), cut(error, MAX_ERROR));
    }

    private static String cut(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit);
    }
}
