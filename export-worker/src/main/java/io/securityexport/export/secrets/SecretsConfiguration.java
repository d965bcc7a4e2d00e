package io.securityexport.export.secrets;

import io.securityexport.common.secret.DemoKeys;
import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.common.secret.SecretKeys;
import io.securityexport.export.WorkerProperties;
import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The keyring that opens customers' sealed secrets, refused at startup when it holds a published demo key. */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    private static final String SECRETS = "security-export.worker.secrets";

    @Bean
    SecretKeyring secretKeyring(WorkerProperties properties) {
        return properties.secrets().keyring();
    }

    /**
     * Checks the keys before any bean is created, so that a refused key stops the worker before it opens a single
     * connection (the COPY pool connects as it is built), with the sentence below as the reason.
     */
    @Bean
    static BeanFactoryPostProcessor demoKeyRefusal(Environment environment) {
        return beanFactory -> {
            Binder binder = Binder.get(environment);
            DemoKeysPolicy policy = binder.bindOrCreate("security-export", DemoKeysPolicy.class);
            if (!policy.demoKeysAllowed()) {
                binder.bind(SECRETS, SecretKeys.class).ifBound(keys -> refuseDemoKeys(keys.keys()));
            }
        };
    }

    /** @throws IllegalStateException naming the variable to change, never the key */
    static void refuseDemoKeys(Map<Integer, String> keys) {
        for (int version : DemoKeys.demoSecretKeyVersions(keys)) {
            throw new IllegalStateException("SECRET_KEY_V" + version + " (" + SECRETS + ".keys." + version
                    + ") is a demo key committed in this repository, which must not seal real customers' secrets:"
                    + " generate a key of your own (openssl rand -base64 32) and set SECRET_KEY_V" + version
                    + " from your secret store, or, for a demo or a test only, set DEMO_KEYS_ALLOWED=true"
                    + " (security-export.demo-keys-allowed).");
        }
    }
}
