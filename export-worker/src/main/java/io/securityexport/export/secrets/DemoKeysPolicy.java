package io.securityexport.export.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one setting the worker shares by name with the config service ({@code security-export.demo-keys-allowed},
 * environment variable {@code DEMO_KEYS_ALLOWED}), hence outside {@code security-export.worker}.
 *
 * @param demoKeysAllowed whether the secret keys committed in this repository ({@code common}'s {@code DemoKeys}) may be used: only in
 *                        a demo or a test, never where real customers' secrets are sealed; default false (also
 *                        when the variable is set empty, which binds as null)
 */
@ConfigurationProperties("security-export")
record DemoKeysPolicy(Boolean demoKeysAllowed) {

    DemoKeysPolicy {
        demoKeysAllowed = demoKeysAllowed != null && demoKeysAllowed;
    }
}
