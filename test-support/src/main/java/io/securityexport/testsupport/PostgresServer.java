package io.securityexport.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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

    default Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), username(), password());
    }

    /** The first column of the first row of {@code sql}, as a number: for {@code count(*)} and the like. */
    default long count(String database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    default void execute(String database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
