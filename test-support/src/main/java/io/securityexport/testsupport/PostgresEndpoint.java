package io.securityexport.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Connection facts of a running PostgreSQL, whichever backend started it. */
record PostgresEndpoint(String host, int port, String username, String password, String adminDatabase)
        implements PostgresServer {

    // Lowercase so that the name needs no quoting: unquoted identifiers fold to lowercase anyway.
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,53}");

    /** '-' in the prefix becomes '_', so a {@link TestResources#uniqueName} result can serve as prefix. */
    @Override
    public String createDatabase(String prefix) {
        String normalized = prefix.replace('-', '_');
        if (!PREFIX.matcher(normalized).matches()) {
            throw new IllegalArgumentException(
                    "database prefix must be 1-54 chars of lowercase letters, digits, '_' and '-': " + prefix);
        }
        String name = normalized + "_" + RandomStrings.lowerHex(8);
        try (Connection connection = DriverManager.getConnection(jdbcUrl(adminDatabase), username, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return name;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[" + host + ":" + port + ", user=" + username + "]";
    }
}
