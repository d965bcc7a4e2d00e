package io.securityexport.export.clients;

import io.securityexport.aws.AwsClients;
import io.securityexport.export.WorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClientsConfiguration {

    /** The SDK's shared HTTP clients and threads behind every company's client; closed at shutdown. */
    @Bean(destroyMethod = "close")
    AwsClients awsClients(WorkerProperties properties) {
        return new AwsClients(properties.aws(), properties.awsTuning());
    }
}
