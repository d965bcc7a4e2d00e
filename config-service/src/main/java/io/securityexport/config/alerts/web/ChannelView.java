package io.securityexport.config.alerts.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.securityexport.config.alerts.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A channel as the API answers it; {@code secret} only in the answer to its creation, absent otherwise. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChannelView(
        UUID id,
        String kind,
        String url,
        List<String> addresses,
        String status,
        int consecutiveFailures,
        Instant failingSince,
        Instant createdAt,
        String secret) {

    static ChannelView of(Channel channel, String secret) {
        return new ChannelView(
                channel.id(),
                channel.kind(),
                channel.url(),
                Channel.EMAIL.equals(channel.kind()) ? channel.addresses() : null,
                channel.status(),
                channel.consecutiveFailures(),
                channel.failingSince(),
                channel.createdAt(),
                secret);
    }

    @Override
    public String toString() {
        return "ChannelView[id=" + id + ", kind=" + kind + "]";
    }
}
