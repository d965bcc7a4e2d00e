package io.securityexport.testsupport;

/**
 * A PostgreSQL server of one test's own, which the test may take down and bring back — same port, same data —
 * to see how a service lives through an outage. Close it when done.
 */
public interface RestartablePostgres extends PostgresServer, AutoCloseable {

    /** Where the server is reached; it stays the same across stop and start. */
    PostgresServer endpoint();

    @Override
    default String host() {
        return endpoint().host();
    }

    @Override
    default int port() {
        return endpoint().port();
    }

    @Override
    default String username() {
        return endpoint().username();
    }

    @Override
    default String password() {
        return endpoint().password();
    }

    @Override
    default String createDatabase(String prefix) {
        return endpoint().createDatabase(prefix);
    }

    @Override
    default String jdbcUrl(String database) {
        return endpoint().jdbcUrl(database);
    }

    @Override
    default String r2dbcUrl(String database) {
        return endpoint().r2dbcUrl(database);
    }

    /** Stops the server: open connections break and new ones are refused until {@link #start()}. */
    void stop();

    /** Starts it again on the same port with the same data. */
    void start();

    @Override
    void close();
}
