package io.dbwarden.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.config.ConfigException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The only way to a target database. A small pool that connects lazily; {@link #readOnly} runs work in a READ ONLY
 * transaction with statement, lock and idle timeouts, and {@link #write} exists only when the configuration allows
 * writes. After a server restart the next call reconnects by itself.
 */
public final class Database implements AutoCloseable {
    private final String name;
    private final ConnectionUrl url;
    private final Config.Limits limits;
    private final boolean writesAllowed;
    private final ConnectionUrl readOnlyUrl;
    private final Object poolLock = new Object();
    private HikariDataSource pool;
    private HikariDataSource readOnlyPool;

    public Database(Config.Connection connection, Config.Limits limits, boolean writesAllowed) {
        this.name = connection.name();
        this.url = connection.parsed();
        this.limits = limits;
        this.writesAllowed = writesAllowed;
        this.readOnlyUrl = connection.readOnlyUrl() == null ? url : ConnectionUrl.parse(connection.readOnlyUrl());
    }

    /**
     * The pool, created on first use so that a stdio server answers initialize before touching the database. Creation
     * makes one connection and fails at once if it cannot, so a wrong URL gets its message now, not after a timeout.
     */
    private HikariDataSource pool(boolean readOnly) {
        synchronized (poolLock) {
            if (pool == null) pool = createPool(url, "dbwarden-" + name, limits);
            if (readOnlyPool == null) {
                readOnlyPool = readOnlyUrl == url ? pool : createPool(readOnlyUrl, "dbwarden-" + name + "-ro", limits);
            }
            return readOnly ? readOnlyPool : pool;
        }
    }

    private HikariDataSource createPool(ConnectionUrl target, String poolName, Config.Limits limits) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
        hc.setJdbcUrl(target.jdbcUrl());
        Properties p = target.driverProperties("dbwarden");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        hc.setDataSourceProperties(p);
        hc.setMaximumPoolSize(limits.poolSize());
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(10_000);
        hc.setIdleTimeout(120_000);
        hc.setMaxLifetime(1_800_000);
        hc.setAutoCommit(true);
        hc.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            throw describeCause(target, e, limits.statementTimeoutMs());
        }
    }

    public String name() {
        return name;
    }

    public ConnectionUrl url() {
        return url;
    }

    public Config.Limits limits() {
        return limits;
    }

    public boolean writesAllowed() {
        return writesAllowed;
    }

    /**
     * Runs work in a READ ONLY, REPEATABLE READ transaction on the read-only role, with timeouts; it is always rolled
     * back. Repeatable read gives multi-query work such as a catalog read one consistent snapshot.
     */
    public <T> T readOnly(SqlWork<T> work) {
        return inTransaction(true, limits.statementTimeoutMs(), work);
    }

    /** Like {@link #readOnly} with a statement timeout other than the configured one. */
    public <T> T readOnly(int statementTimeoutMs, SqlWork<T> work) {
        return inTransaction(true, statementTimeoutMs, work);
    }

    /** Runs work in a read-write transaction that commits; refused unless allow_writes is on. */
    public <T> T write(SqlWork<T> work) {
        if (!writesAllowed) {
            throw new ConfigException("This action writes to the database, and dbwarden is read-only. Set allow_writes: true in "
                    + "dbwarden.yaml (or DBWARDEN_ALLOW_WRITES=true) to enable writes.");
        }
        return inTransaction(false, limits.statementTimeoutMs(), work);
    }

    private <T> T inTransaction(boolean readOnly, int statementTimeoutMs, SqlWork<T> work) {
        HikariDataSource ds = pool(readOnly);
        ConnectionUrl target = readOnly ? readOnlyUrl : url;
        for (int attempt = 0; ; attempt++) {
            try {
                return runOnce(ds, readOnly, statementTimeoutMs, work);
            } catch (SQLException e) {
                // A restarted server leaves dead connections in the pool: evict them all and retry on fresh ones.
                if (attempt < 2 && DbErrors.isConnectionLoss(e)) {
                    ds.getHikariPoolMXBean().softEvictConnections();
                    continue;
                }
                throw DbErrors.describe(e, target, statementTimeoutMs);
            }
        }
    }

    private <T> T runOnce(HikariDataSource ds, boolean readOnly, int statementTimeoutMs, SqlWork<T> work) throws SQLException {
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException e) {
            if (e.getCause() instanceof SQLException cause) throw cause;
            throw e;
        }
        try (c) {
            c.setAutoCommit(false);
            boolean done = false;
            try {
                try (PreparedStatement st = c.prepareStatement(readOnly
                        ? "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "SET TRANSACTION READ WRITE")) {
                    st.execute();
                }
                try (PreparedStatement st = c.prepareStatement(
                        "select set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true), "
                                + "set_config('idle_in_transaction_session_timeout', ?, true)")) {
                    st.setString(1, statementTimeoutMs + "ms");
                    st.setString(2, limits.lockTimeoutMs() + "ms");
                    st.setString(3, limits.idleInTransactionTimeoutMs() + "ms");
                    st.execute();
                }
                T result = work.run(c);
                if (readOnly) c.rollback();
                else c.commit();
                done = true;
                return result;
            } finally {
                if (!done) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is broken; the pool discards it
                    }
                }
                // The pool restores auto-commit when the connection comes back to it.
            }
        }
    }

    /**
     * A connection of its own, outside the pool, on the read-only login: for a session that lives long, such as the
     * schema monitor's LISTEN. The caller closes it. Its statements get the configured statement timeout.
     */
    public Connection openDedicated(String purpose) {
        Properties p = readOnlyUrl.driverProperties("dbwarden-" + purpose);
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("options", "-c statement_timeout=" + limits.statementTimeoutMs() + " -c lock_timeout=" + limits.lockTimeoutMs());
        try {
            return java.sql.DriverManager.getConnection(readOnlyUrl.jdbcUrl(), p);
        } catch (SQLException e) {
            throw DbErrors.describe(e, readOnlyUrl, limits.statementTimeoutMs());
        }
    }

    /** The same clear, redacted message the pool's errors get, for work done on a dedicated connection. */
    public DatabaseException describe(SQLException e) {
        return DbErrors.describe(e, readOnlyUrl, limits.statementTimeoutMs());
    }

    /** Runs work on a plain autocommit connection, for statements that cannot run in a transaction. Writes only. */
    public <T> T autocommit(SqlWork<T> work) {
        if (!writesAllowed) {
            throw new ConfigException("This action writes to the database, and dbwarden is read-only. Set allow_writes: true to enable it.");
        }
        try (Connection c = pool(false).getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw DbErrors.describe(e, url, limits.statementTimeoutMs());
        }
    }

    private static DatabaseException describeCause(ConnectionUrl target, RuntimeException e, int timeout) {
        Throwable t = e.getCause();
        while (t != null && !(t instanceof SQLException)) t = t.getCause();
        if (t instanceof SQLException se) return DbErrors.describe(se, target, timeout);
        return new DatabaseException("Cannot connect to the database at " + target.host() + ":" + target.port() + ".", "08001", null);
    }

    @Override
    public void close() {
        synchronized (poolLock) {
            if (readOnlyPool != null && readOnlyPool != pool) readOnlyPool.close();
            if (pool != null) pool.close();
        }
    }
}
