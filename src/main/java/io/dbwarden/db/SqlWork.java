package io.dbwarden.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work to run on a borrowed connection inside a transaction that {@link Database} opened. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
