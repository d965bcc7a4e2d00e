package io.securityexport.config;

import io.securityexport.aws.AwsClients;
import io.securityexport.common.secret.SecretKeyring;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConfigApplication {

    /** Each service reads its own {@code <name>.yml}, so all three can share one classpath (local stack, end-to-end tests). */
    public static final String CONFIG_NAME = "config-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ConfigApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    AwsClients awsClients(ConfigProperties properties) {
        return new AwsClients(properties.aws());
    }

    @Bean
    SecretKeyring secretKeyring(ConfigProperties properties) {
        return properties.secrets().keyring();
    }
}
