package io.securityexport.config.alerts;

/**
 * The answer to creating a channel: the only time a webhook's signing secret ({@code whsec_…}) is shown; it is
 * stored sealed and cannot be read back. Null for e-mail channels.
 */
public record CreatedChannel(Channel channel, String secret) {

    @Override
    public String toString() {
        return "CreatedChannel[channel=" + channel + ", secret=****]";
    }
}
