package io.securityexport.export;

import io.securityexport.aws.AwsClients;
import io.securityexport.common.secret.SecretKeyring;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    /** Each service reads its own {@code <name>.yml}, so all three can share one classpath (local stack, end-to-end tests). */
    public static final String CONFIG_NAME = "export-worker";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    AwsClients awsClients(WorkerProperties properties) {
        return new AwsClients(properties.aws());
    }

    @Bean
    SecretKeyring secretKeyring(WorkerProperties properties) {
        return properties.secrets().keyring();
    }
}
