package io.securityexport.ingest.progress;

import io.r2dbc.spi.R2dbcException;

/**
 * What kind of error failed a batch — never its message: the message of a data error can quote record content.
 *
 * @param exception the class name of the innermost cause, which names what went wrong (a wrapper does not)
 * @param sqlState  the PostgreSQL SQLSTATE if a database error is among the causes, else null
 */
record ErrorKind(String exception, String sqlState) {

    static ErrorKind of(Throwable error) {
        Throwable innermost = error;
        String sqlState = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            innermost = cause;
            if (sqlState == null && cause instanceof R2dbcException database) {
                sqlState = database.getSqlState();
            }
        }
        return new ErrorKind(innermost.getClass().getName(), sqlState);
    }

    @Override
    public String toString() {
        return sqlState == null ? exception : exception + " (SQLSTATE " + sqlState + ")";
    }
}
