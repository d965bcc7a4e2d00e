package io.securityexport.localstack;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops the local stack in order on Ctrl-C (SIGINT) or SIGTERM: the control port and the services first, then what
 * they talk to, the infrastructure last. It must happen before the JVM's shutdown hooks: those run all at once, and
 * among them are Kafka's own (it deletes the broker's log directories) and the infrastructure's, so a hook of ours
 * would stop the services while Kafka and PostgreSQL vanish under them (ERRORs and stack traces). So the signal is
 * handled here, the stack stopped, and only then the JVM told to exit. A hook remains for any other way out.
 */
final class StackShutdown {

    private static final Logger log = LoggerFactory.getLogger(StackShutdown.class);

    private final List<AutoCloseable> inOrder;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    private StackShutdown(List<AutoCloseable> inOrder) {
        this.inOrder = inOrder;
    }

    /** @param inOrder what to stop, first to last */
    static StackShutdown onSignals(String name, AutoCloseable... inOrder) {
        StackShutdown shutdown = new StackShutdown(List.of(inOrder));
        for (String signal : List.of("INT", "TERM")) {
            Signal.handle(new Signal(signal), received -> {
                shutdown.stop();
                System.exit(0);
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::stop, name));
        return shutdown;
    }

    /**
     * A step before stopping the broker: the broker's own internal clients report their closing as WARNs ("already
     * closed", "node not available"), which say nothing once the services are gone. ERRORs still show.
     */
    static AutoCloseable quietKafkaInternals() {
        return () -> ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    /** Whether stopping has started: what fails from then on is the stop's doing. */
    boolean begun() {
        return begun.get();
    }

    /** Blocks until everything has been stopped. */
    void await() throws InterruptedException {
        done.await();
    }

    private void stop() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        System.out.println("\nstopping the local stack ...");
        for (AutoCloseable part : inOrder) {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("could not stop {} cleanly: {}", part, e.toString());
            }
        }
        System.out.println("stopped; nothing is left running");
        done.countDown();
    }
}
