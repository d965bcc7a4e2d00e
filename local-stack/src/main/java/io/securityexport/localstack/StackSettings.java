package io.securityexport.localstack;

import java.net.URI;

/**
 * Everything the three services need to find their infrastructure. Ports of 0 pick free ones.
 *
 * @param consumerGroupPrefix keeps consumer groups of separate runs apart on a shared broker
 */
public record StackSettings(
        String postgresHost,
        int postgresPort,
        String database,
        String databaseUser,
        String databasePassword,
        String kafkaBootstrapServers,
        StackTopics topics,
        String consumerGroupPrefix,
        URI s3Endpoint,
        URI stsEndpoint,
        String platformAccessKeyId,
        String platformSecretAccessKey,
        String platformAccountId,
        String secretKeyBase64,
        int configPort,
        int ingestPort,
        int workerPort) {

    @Override
    public String toString() {
        return "StackSettings[database=" + database + ", kafka=" + kafkaBootstrapServers + ", s3=" + s3Endpoint + "]";
    }
}
