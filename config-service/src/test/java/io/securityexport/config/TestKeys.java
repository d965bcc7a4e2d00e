package io.securityexport.config;

/** What the tests need to start the service with test-support's committed keys. */
public final class TestKeys {

    /**
     * ServiceEnvironment's SECRET_KEY_V1 is a committed key, which the service refuses unless allowed. Set here until
     * test-support's ServiceEnvironment sets it for every service; harmless twice.
     */
    public static final String DEMO_KEYS_ALLOWED = "DEMO_KEYS_ALLOWED=true";

    private TestKeys() {}
}
