package io.securityexport.export.day;

/** The Kafka broker cannot serve a share group: the worker does not start in share consumption. */
final class ShareGroupsUnsupported extends IllegalStateException {

    ShareGroupsUnsupported(String bootstrapServers, String detail) {
        super("the Kafka broker at " + bootstrapServers + " does not support share groups (KIP-932, Kafka 4.2+): "
                + detail + "; upgrade it or set WORKER_JOB_CONSUMPTION=group");
    }
}
