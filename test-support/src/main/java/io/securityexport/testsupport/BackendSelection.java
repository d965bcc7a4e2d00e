package io.securityexport.testsupport;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The one place that decides between Testcontainers and embedded servers: Docker when an engine
 * answers, embedded otherwise. The system property {@value #PROPERTY} (or environment variable
 * {@value #ENVIRONMENT}) set to {@code docker} or {@code embedded} overrides the probe.
 */
final class BackendSelection {

    static final String PROPERTY = "securityexport.testsupport.backend";
    static final String ENVIRONMENT = "SECURITYEXPORT_TESTSUPPORT_BACKEND";

    private static final Logger log = LoggerFactory.getLogger(BackendSelection.class);

    private BackendSelection() {}

    static Backend select() {
        String requested = System.getProperty(PROPERTY, System.getenv().getOrDefault(ENVIRONMENT, "auto"))
                .trim()
                .toLowerCase(Locale.ROOT);
        Backend backend = switch (requested) {
            case "docker" -> new DockerBackend();
            case "embedded" -> new EmbeddedBackend();
            case "auto", "" ->
                DockerClientFactory.instance().isDockerAvailable() ? new DockerBackend() : new EmbeddedBackend();
            default ->
                throw new IllegalArgumentException(PROPERTY + " must be docker, embedded or auto, not " + requested);
        };
        log.info(
                "test infrastructure backend: {} (requested: {})",
                backend.dockerBacked() ? "Testcontainers" : "embedded",
                requested);
        return backend;
    }
}
