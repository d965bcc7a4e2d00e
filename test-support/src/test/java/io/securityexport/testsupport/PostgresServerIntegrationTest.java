package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerIntegrationTest {

    private final PostgresServer postgres = Infrastructure.shared().postgres();

    @Test
    void createdDatabaseAcceptsJdbcConnectionsAndQueries() throws Exception {
        String database = postgres.createDatabase("pg_test");

        assertThat(database).matches("pg_test_[0-9a-f]{8}");
        try (Connection connection = DriverManager.getConnection(
                        postgres.jdbcUrl(database), postgres.username(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select 1, current_database()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(1);
            assertThat(result.getString(2)).isEqualTo(database);
        }
    }

    @Test
    void eachCreatedDatabaseIsNewEvenForTheSamePrefix() {
        assertThat(postgres.createDatabase("same")).isNotEqualTo(postgres.createDatabase("same"));
    }

    @Test
    void uniqueNamesServeAsDatabasePrefixesWithDashesTurnedIntoUnderscores() {
        String prefix = TestResources.uniqueName("export-worker");

        assertThat(postgres.createDatabase(prefix)).startsWith(prefix.replace('-', '_') + "_");
    }

    @Test
    void urlsNameHostPortAndDatabase() {
        String hostPort = postgres.host() + ":" + postgres.port();

        assertThat(postgres.jdbcUrl("db1")).isEqualTo("jdbc:postgresql://" + hostPort + "/db1");
        assertThat(postgres.r2dbcUrl("db1")).isEqualTo("r2dbc:postgresql://" + hostPort + "/db1");
    }
}
