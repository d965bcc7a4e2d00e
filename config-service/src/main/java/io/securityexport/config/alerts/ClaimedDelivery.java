package io.securityexport.config.alerts;

import io.securityexport.common.secret.SealedSecret;
import java.util.List;
import java.util.UUID;

/** A due delivery this replica claimed, with what sending it needs. {@code attempts}: those made before this one. */
record ClaimedDelivery(
        UUID id,
        UUID channelId,
        String companyId,
        String payload,
        int attempts,
        String channelKind,
        String url,
        List<String> addresses,
        SealedSecret secret) {

    @Override
    public String toString() {
        return "ClaimedDelivery[id=" + id + ", channelId=" + channelId + ", companyId=" + companyId + "]";
    }
}
