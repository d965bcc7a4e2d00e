package io.securityexport.testsupport;

/** A running PostgreSQL server reachable over TCP; its user may create databases. */
public interface PostgresServer {

    String host();

    int port();

    String username();

    String password();

    /** Runs {@code CREATE DATABASE <prefix>_<8 random lowercase hex>} and returns the new database's name. */
    String createDatabase(String prefix);

    /** {@code jdbc:postgresql://host:port/database} */
    String jdbcUrl(String database);

    /** {@code r2dbc:postgresql://host:port/database} */
    String r2dbcUrl(String database);
}
