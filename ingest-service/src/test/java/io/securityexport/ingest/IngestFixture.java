package io.securityexport.ingest;

import io.securityexport.testsupport.DeadLetterTopic;
import io.securityexport.testsupport.DeadLetterTopic.DeadLetter;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.sql.SQLException;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One ingest service's own database and topics on the shared test infrastructure, and the few things its tests do at
 * the edges: publish raw records as a producer would, read the dead-letter topic, query the tables.
 */
final class IngestFixture {

    final Infrastructure infrastructure = Infrastructure.shared();
    final String prefix;
    final String database;
    final String events;
    final String deadLetters;
    final String dashboardUsers;
    final String dashboardUsersDeadLetters;

    IngestFixture(String name) {
        prefix = TestResources.uniqueName(name);
        database = infrastructure.postgres().createDatabase(name);
        events = prefix + ".security-events";
        deadLetters = prefix + ".security-events.DLT";
        dashboardUsers = prefix + ".dashboard-users";
        dashboardUsersDeadLetters = prefix + ".dashboard-users.DLT";
    }

    void register(DynamicPropertyRegistry registry) {
        infrastructure.kafka().createTopics(2, events, deadLetters, dashboardUsers, dashboardUsersDeadLetters);
        ServiceEnvironment.variables(infrastructure, database, prefix)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Publishes UTF-8 values under one key, in order (one partition), as one producer session. */
    void publish(String key, List<String> values) {
        infrastructure.kafka().publishText(events, key, values);
    }

    void publishBytes(String topic, String key, List<byte[]> values) {
        infrastructure.kafka().publish(topic, key, values);
    }

    /** Everything in the dead-letter topic right now. */
    List<DeadLetter> deadLetters() {
        return DeadLetterTopic.readAll(infrastructure.kafka(), deadLetters);
    }

    /** The dead letters of one company (record key), once there are {@code expected} of them. */
    List<DeadLetter> deadLettersOf(String company, int expected) {
        return DeadLetterTopic.awaitKeyed(infrastructure.kafka(), deadLetters, company, expected);
    }

    long count(String sql) throws SQLException {
        return infrastructure.postgres().count(database, sql);
    }

    void execute(String sql) throws SQLException {
        infrastructure.postgres().execute(database, sql);
    }
}
