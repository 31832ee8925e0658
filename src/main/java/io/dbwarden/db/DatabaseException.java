package io.dbwarden.db;

/**
 * A database problem described for the person or agent who caused it: what went wrong and what to check next.
 * The message is already free of credentials.
 */
public final class DatabaseException extends RuntimeException {
    private final String sqlState;

    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
