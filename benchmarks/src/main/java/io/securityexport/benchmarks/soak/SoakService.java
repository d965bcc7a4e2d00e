package io.securityexport.benchmarks.soak;

import io.securityexport.config.ConfigApplication;
import io.securityexport.export.WorkerApplication;
import io.securityexport.ingest.IngestApplication;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.support.GenericApplicationContext;

/**
 * One service of the soak in a JVM of its own: the service's own application, unchanged, with the soak's
 * {@link SharedClock} in place of the system clock ({@code -Dsoak.service=ingest|config|worker},
 * {@code -Dsoak.clock=<file>}); the arguments are the service's (its {@code --name=value} properties).
 */
public final class SoakService {

    private SoakService() {}

    public static void main(String[] args) {
        String service = System.getProperty("soak.service");
        SpringApplicationBuilder builder = switch (service) {
            case "ingest" -> IngestApplication.builder();
            case "config" -> ConfigApplication.builder();
            case "worker" -> WorkerApplication.builder();
            default -> throw new IllegalArgumentException("soak.service must be ingest, config or worker");
        };
        SharedClock clock = new SharedClock(Path.of(System.getProperty("soak.clock")));
        builder.initializers(context -> ((GenericApplicationContext) context)
                        .registerBean("soakClock", Clock.class, () -> clock, bean -> bean.setPrimary(true)))
                .run(args);
    }
}
