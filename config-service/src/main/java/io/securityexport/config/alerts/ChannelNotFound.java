package io.securityexport.config.alerts;

/** No such channel for this company (another company's channel is "not found" too: nothing leaks). */
public final class ChannelNotFound extends RuntimeException {

    ChannelNotFound() {
        super("No notification channel with this ID.", null, false, false);
    }
}
