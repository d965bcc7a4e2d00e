package io.securityexport.config.alerts;

import java.util.List;

/** A channel as submitted: {@code kind} webhook with a {@code url}, or email with {@code addresses}. */
public record NewChannel(String kind, String url, List<String> addresses) {}
