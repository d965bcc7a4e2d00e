package io.securityexport.ingest.isolation;

import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.RejectionReason;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a database error caused by the rows of a statement — the same rows fail every time, so retrying would stop
 * the partition for good — from one caused by the database (unreachable, restarting, timed out, locked, full,
 * permissions), which a retry with back-off outlives. Only the first kind is a refusal.
 *
 * <p>By SQLSTATE class: 22 data exception (e.g. 22021 invalid byte sequence), 23 integrity constraint violation,
 * 54 program limit exceeded (e.g. an index row too large), P0 raised by a PL/pgSQL trigger. One exception: 23514
 * without a constraint name is "no partition of relation found for row", a missing day partition — the database's
 * state, not the record's, and {@code DayPartitions.ensure} creates it on the next attempt.
 */
public final class StorageRefusal {

    private static final Map<String, String> REFUSING_CLASSES = Map.of(
            "22", "data exception",
            "23", "integrity constraint violation",
            "54", "program limit exceeded",
            "P0", "raised by a trigger");

    private StorageRefusal() {}

    public static boolean isRefusal(Throwable error) {
        return details(error).filter(StorageRefusal::refuses).isPresent();
    }

    /**
     * The dead-letter reason for a record the database refused. The detail names the SQLSTATE and the schema objects
     * involved, never the database's message: that can quote the refused value (22P02 does), or whatever a trigger said.
     */
    public static Rejected rejection(Throwable error) {
        StringBuilder detail = new StringBuilder("PostgreSQL refused the record for good");
        details(error).ifPresent(database -> {
            detail.append(": SQLSTATE ")
                    .append(database.getCode())
                    .append(" (")
                    .append(REFUSING_CLASSES.getOrDefault(classOf(database), "error"))
                    .append(')');
            database.getConstraintName()
                    .ifPresent(name -> detail.append(", constraint ").append(name));
            database.getColumnName()
                    .ifPresent(name -> detail.append(", column ").append(name));
            database.getTableName().ifPresent(name -> detail.append(", table ").append(name));
        });
        return new Rejected(RejectionReason.STORAGE_REJECTED, detail.toString());
    }

    private static boolean refuses(ErrorDetails database) {
        if ("23514".equals(database.getCode()) && database.getConstraintName().isEmpty()) {
            return false; // no partition for the row's day
        }
        return REFUSING_CLASSES.containsKey(classOf(database));
    }

    private static String classOf(ErrorDetails database) {
        String code = database.getCode();
        return code == null || code.length() < 2 ? "" : code.substring(0, 2);
    }

    private static Optional<ErrorDetails> details(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PostgresqlException postgres) {
                return Optional.ofNullable(postgres.getErrorDetails());
            }
        }
        return Optional.empty();
    }
}
