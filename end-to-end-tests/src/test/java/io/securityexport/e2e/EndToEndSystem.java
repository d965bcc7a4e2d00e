package io.securityexport.e2e;

import io.securityexport.localstack.RunningServices;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one fixture of the end-to-end tests: a running system (the three services wired as the local stack wires them,
 * on their own database and topics), a customer's bucket and a customer's IAM-like user on the SigV4-checking S3
 * server. Started before a class's first test, stopped after its last:
 * {@code @RegisterExtension static final EndToEndSystem E2E = EndToEndSystem.named("pipeline");}
 * Outside JUnit Jupiter (jqwik), call {@link #start()} and {@link #stop()} from the container lifecycle.
 */
final class EndToEndSystem implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final Supplier<RunningServices.Options> options;
    private final int jobPartitions;
    private SystemUnderTest system;
    private String bucket;
    private AccessKey customerKey;

    private EndToEndSystem(String name, Supplier<RunningServices.Options> options, int jobPartitions) {
        this.name = name;
        this.options = options;
        this.jobPartitions = jobPartitions;
    }

    static EndToEndSystem named(String name) {
        return new EndToEndSystem(name, RunningServices.Options::defaults, 3);
    }

    /** The services started differently (an ingest clock in hand, no worker, worker properties); read at start. */
    EndToEndSystem with(Supplier<RunningServices.Options> options) {
        return new EndToEndSystem(name, options, jobPartitions);
    }

    /** The job topic with this many partitions (3 otherwise). */
    EndToEndSystem withJobPartitions(int partitions) {
        return new EndToEndSystem(name, options, partitions);
    }

    void start() {
        system = new SystemUnderTest(name, options.get(), jobPartitions);
        bucket = TestResources.uniqueName(name + "-audit");
        system.infrastructure.s3().createBucket(bucket);
        customerKey = system.infrastructure.s3().createUser(name);
    }

    void stop() {
        if (system != null) {
            system.close();
        }
    }

    SystemUnderTest system() {
        return system;
    }

    Infrastructure infrastructure() {
        return system.infrastructure;
    }

    /** The customer's bucket, empty at start. */
    String bucket() {
        return bucket;
    }

    /** A user of the S3 server with access to {@link #bucket()}: what a customer enters as its access key. */
    AccessKey customerKey() {
        return customerKey;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }
}
