package io.securityexport.export.day;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.export.WorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** What a day's export needs besides its classes: the COPY connections and threads, and the job's failure policy. */
@Configuration(proxyBeanMethods = false)
class DayExportConfiguration {

    /**
     * A job whose result could not be reported (after {@link ExportResults}' own retries) is exported and reported
     * again, {@code results.redeliveries} times {@code results.redelivery-interval} apart, then let go: the config
     * service's NO_RESULT sweep plans the day again.
     */
    @Bean
    DefaultErrorHandler jobErrorHandler(WorkerProperties properties) {
        WorkerProperties.Results results = properties.results();
        return new DefaultErrorHandler(
                new FixedBackOff(results.redeliveryInterval().toMillis(), results.redeliveries()));
    }

    /** Connections for the COPY reads of running exports: one per export this worker runs at once. */
    @Bean(destroyMethod = "close")
    HikariDataSource copyDataSource(WorkerProperties properties) {
        WorkerProperties.CopyDatabase database = properties.copyDatabase();
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("day-csv");
        pool.setJdbcUrl(database.url());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(properties.concurrency());
        pool.setMinimumIdle(0);
        // a COPY that stops sending for this long is a dead connection, not a slow day: fail it, do not hang
        pool.addDataSourceProperty("socketTimeout", database.socketTimeout().toSeconds());
        return new HikariDataSource(pool);
    }

    /**
     * Where each day's COPY reads from: {@code copyDataSource}, or a read replica that has replayed the day (see
     * {@link CopyConnections}). The replica's pool is not a {@code DataSource} bean on purpose: the readiness group's
     * {@code db} check must not go DOWN for a replica the worker can do without.
     */
    @Bean(destroyMethod = "close")
    CopyConnections copyConnections(
            WorkerProperties properties, HikariDataSource copyDataSource, MeterRegistry meters) {
        WorkerProperties.CopyDatabase database = properties.copyDatabase();
        WorkerProperties.Replica replica = database.replica();
        if (!replica.configured()) {
            return CopyConnections.primaryOnly(copyDataSource);
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("day-csv-replica");
        pool.setJdbcUrl(replica.url());
        pool.setUsername(replica.username() == null ? database.username() : replica.username());
        pool.setPassword(replica.password() == null ? database.password() : replica.password());
        pool.setReadOnly(true);
        pool.setMaximumPoolSize(properties.concurrency());
        pool.setMinimumIdle(0);
        // an unreachable replica must neither stop the worker from starting nor hold a day longer than max-wait
        pool.setInitializationFailTimeout(-1);
        pool.setConnectionTimeout(Math.max(250, replica.maxWait().toMillis()));
        pool.addDataSourceProperty(
                "connectTimeout", Math.max(1, replica.maxWait().toSeconds()));
        pool.addDataSourceProperty("socketTimeout", database.socketTimeout().toSeconds());
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        return CopyConnections.withReplica(copyDataSource, new HikariDataSource(pool), replica, meters);
    }

    /**
     * Threads for the blocking COPY reads of running exports (and their wait for a replica): one per export this
     * worker runs at once, and as many again for closing cancelled ones.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler dayCsvScheduler(WorkerProperties properties) {
        return Schedulers.newBoundedElastic(
                2 * properties.concurrency(), Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "day-csv");
    }
}
