package io.securityexport.testsupport;

/**
 * A PostgreSQL server of one test's own, which the test may take down and bring back — same port, same data —
 * to see how a service lives through an outage. Close it when done.
 */
public interface RestartablePostgres extends PostgresServer, AutoCloseable {

    /** Stops the server: open connections break and new ones are refused until {@link #start()}. */
    void stop();

    /** Starts it again on the same port with the same data. */
    void start();

    @Override
    void close();
}
