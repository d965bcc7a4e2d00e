package io.securityexport.config.settings;

import reactor.core.publisher.Mono;

/**
 * Test Credentials as a gate before a save: settings are stored only when their credentials work (unless the admin
 * saves anyway). Declared here and implemented by the credentials feature, so that settings, which credentials
 * builds on, does not depend on it in return.
 */
public interface CredentialCheck {

    /** The candidate when its credentials pass every check; otherwise an error naming the failed checks. */
    Mono<ExportSettings> passed(ExportSettings candidate);
}
