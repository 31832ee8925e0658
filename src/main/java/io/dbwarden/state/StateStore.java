package io.dbwarden.state;

import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogJson;
import io.dbwarden.config.ConfigException;
import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.config.Redactor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * dbwarden's own memory: catalog snapshots, findings with their lifecycle, the schema monitor's cursor and history. A SQLite file in
 * .dbwarden/ by default, or a PostgreSQL database that a team shares. Its schema is migrated with Flyway on open.
 */
public final class StateStore implements AutoCloseable {
    public record SnapshotInfo(long id, String connection, Instant takenAt, String sha256, String label) {
    }

    private final String jdbcUrl;
    private final Properties properties;
    private final Object lock = new Object();
    private Connection connection;

    private StateStore(String jdbcUrl, Properties properties) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
    }

    /** The newest migration of both dialects (V<n>__*.sql); StateStoreTest checks it against the files. */
    static final int LATEST_VERSION = 8;

    /**
     * True when the store already has every migration: then Flyway, which scans the class path and costs a CLI command
     * about 0.4 s, is not started. Any doubt (no history table yet, a failed migration, a newer one missing) says no.
     */
    private static boolean current(String jdbc, Properties props) {
        try (Connection c = DriverManager.getConnection(jdbc, props); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select max(cast(version as integer)), min(case when success then 1 else 0 end) "
                     + "from dbwarden_state_history where version is not null")) {
            return rs.next() && rs.getInt(1) == LATEST_VERSION && rs.getInt(2) == 1;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Opens (and migrates) the store named by state.url: a file path, or a postgres:// URL. */
    public static StateStore open(String stateUrl, Path projectRoot) {
        Properties props = new Properties();
        String jdbc;
        String location;
        if (stateUrl.startsWith("postgres://") || stateUrl.startsWith("postgresql://") || stateUrl.startsWith("jdbc:postgresql:")) {
            ConnectionUrl u = ConnectionUrl.parse(stateUrl);
            jdbc = u.jdbcUrl();
            props = u.driverProperties("dbwarden-state");
            location = "classpath:io/dbwarden/state/migrations/postgresql";
        } else {
            Path file = projectRoot.resolve(stateUrl.startsWith("sqlite:") ? stateUrl.substring(7) : stateUrl).normalize();
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new ConfigException("Cannot create the state directory " + file.getParent() + ": " + e.getMessage()
                        + ". Check permissions, or point state.url elsewhere.");
            }
            jdbc = "jdbc:sqlite:" + file;
            location = "classpath:io/dbwarden/state/migrations/sqlite";
        }
        if (current(jdbc, props)) return new StateStore(jdbc, props);
        try {
            Flyway.configure().dataSource(jdbc, props.getProperty("user"), props.getProperty("password"))
                    .locations(location).table("dbwarden_state_history").load().migrate();
        } catch (FlywayException e) {
            throw new ConfigException("Cannot open the state store (" + Redactor.redactUrl(stateUrl) + "): "
                    + Redactor.redact(firstLine(e.getMessage()), props.getProperty("password")) + ". Check state.url in dbwarden.yaml.");
        }
        return new StateStore(jdbc, props);
    }

    public SnapshotInfo saveSnapshot(String connectionName, Catalog catalog, String label) {
        String json = CatalogJson.write(catalog);
        String sha = sha256(json);
        Instant now = Instant.now();
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into snapshot (connection, taken_at, sha256, label, catalog) values (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, connectionName);
                ps.setString(2, now.toString());
                ps.setString(3, sha);
                ps.setString(4, label);
                ps.setString(5, json);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new SnapshotInfo(keys.getLong(1), connectionName, now, sha, label);
                }
            }
        });
    }

    public List<SnapshotInfo> snapshots(String connectionName, int limit) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, connection, taken_at, sha256, label from snapshot "
                    + "where connection = ? order by id desc limit ?")) {
                ps.setString(1, connectionName);
                ps.setInt(2, limit);
                List<SnapshotInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SnapshotInfo(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4), rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    /** The newest snapshot of a connection, or the newest with the given label. */
    public Optional<StoredSnapshot> latestSnapshot(String connectionName, String labelOrNull) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, connection, taken_at, sha256, label, catalog from snapshot "
                    + "where connection = ? and (? is null or label = ?) order by id desc limit 1")) {
                ps.setString(1, connectionName);
                ps.setString(2, labelOrNull);
                ps.setString(3, labelOrNull);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new StoredSnapshot(new SnapshotInfo(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)),
                            rs.getString(4), rs.getString(5)), CatalogJson.read(rs.getString(6))));
                }
            }
        });
    }

    public record StoredSnapshot(SnapshotInfo info, Catalog catalog) {
    }

    /** The id of the newest snapshot of a connection, or -1: a cheap way to tell whether a cached one is current. */
    public long latestSnapshotId(String connectionName) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select max(id) from snapshot where connection = ?")) {
                ps.setString(1, connectionName);
                try (ResultSet rs = ps.executeQuery()) {
                    long id = rs.next() ? rs.getLong(1) : -1;
                    return rs.wasNull() ? -1 : id;
                }
            }
        });
    }

    public Optional<Catalog> snapshot(long id) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select catalog from snapshot where id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(CatalogJson.read(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /** Work on the store's connection; the capabilities that keep state (findings, history) use it. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in one transaction, so a check's findings and history are written together or not at all. */
    public <T> T inTransaction(Work<T> work) {
        return withConnection(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** One connection, used by one caller at a time: SQLite serialises writers anyway. */
    public <T> T withConnection(Work<T> work) {
        synchronized (lock) {
            try {
                if (connection == null || connection.isClosed()) connection = DriverManager.getConnection(jdbcUrl, properties);
                return work.run(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("State store error: " + Redactor.redact(e.getMessage(), properties.getProperty("password")), e);
            }
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        synchronized (lock) {
            try {
                if (connection != null) connection.close();
            } catch (SQLException ignored) {
                // closing: nothing to save
            }
        }
    }
}
