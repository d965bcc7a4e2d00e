package io.securityexport.export.secrets;

import java.util.Map;

/**
 * The secret keys published in this repository for demos and tests. Anyone can read them, so anything sealed with
 * them is as good as plain text: a worker refuses them unless told that this is a demo or a test.
 */
final class DemoKeys {

    /** Key value → where it is published. */
    static final Map<String, String> PUBLISHED = Map.of(
            "7PEUz9uTnzGIUbC18PSUx21vlFAyocVPXKEGr8KekDQ=", "docker/secret-keys.env",
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "test-support's ServiceEnvironment.TEST_SECRET_KEY",
            "bG9jYWwtc3RhY2stb25seS1rZXktMzItYnl0ZXMhISE=", "local-stack's LocalStack.LOCAL_SECRET_KEY");

    private DemoKeys() {
    }
}
