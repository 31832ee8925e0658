package io.dbwarden;

import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigLoader;
import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.demo.DemoDatabase;
import io.dbwarden.demo.EmbeddedServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL that tests use: the one DBWARDEN_TEST_DATABASE_URL names, or an embedded one started once per
 * test JVM. Tests get fresh databases on it, so they never see each other's objects.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static String serverUrl;
    private static EmbeddedServer embedded;
    private static String demoUrl;

    private TestDatabase() {
    }

    /** A URL for the server's maintenance database. */
    public static synchronized String serverUrl() {
        if (serverUrl == null) {
            String external = System.getenv("DBWARDEN_TEST_DATABASE_URL");
            if (external != null && !external.isBlank()) {
                serverUrl = external;
            } else {
                embedded = EmbeddedServer.start(EmbeddedServer.BUNDLED_MAJOR, 0);
                serverUrl = embedded.url("postgres");
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            }
        }
        return serverUrl;
    }

    /** A new empty database on the test server. */
    public static String freshDatabase(String prefix) {
        return createDatabase(serverUrl(), prefix);
    }

    static String createDatabase(String server, String prefix) {
        String name = "dbw_" + prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + ProcessHandle.current().pid() + "_"
                + COUNTER.incrementAndGet();
        exec(server, "create database " + name);
        return ConnectionUrl.parse(server).withDatabase(name).toUrlString();
    }

    /** The demo database, loaded once per JVM with its workload run. Treat it as read-only. */
    public static synchronized String demoUrl() {
        if (demoUrl == null) {
            String url = freshDatabase("demo");
            ConnectionUrl u = ConnectionUrl.parse(url);
            try {
                DemoDatabase.load(u.jdbcUrl(), u.user());
                DemoDatabase.runWorkload(u.jdbcUrl(), u.user(), 2);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot load the demo database: " + e.getMessage(), e);
            }
            demoUrl = url;
        }
        return demoUrl;
    }

    /** A second server of another major, if the machine has one: DBWARDEN_TEST_SECOND_DATABASE_URL, or 127.0.0.1:5432. */
    public static Optional<String> secondServerUrl() {
        String env = System.getenv("DBWARDEN_TEST_SECOND_DATABASE_URL");
        String candidate = env != null && !env.isBlank() ? env : "postgres://postgres@127.0.0.1:5432/postgres";
        try (Connection c = connect(candidate)) {
            return Optional.of(candidate);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    public static String createDatabaseOn(String server, String prefix) {
        return createDatabase(server, prefix);
    }

    public static void exec(String url, String... statements) {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static Connection connect(String url) throws SQLException {
        ConnectionUrl u = ConnectionUrl.parse(url);
        Properties p = new Properties();
        if (u.user() != null) p.setProperty("user", u.user());
        if (u.password() != null) p.setProperty("password", u.password());
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(u.jdbcUrl(), p);
    }

    /**
     * A configuration whose default connection is url, with everything else at its defaults, except that the
     * migration validator's shadow databases go on the test server rather than a second embedded one.
     */
    public static Config config(String url, Path projectRoot) {
        return new ConfigLoader(Map.of("DATABASE_URL", url, "DBWARDEN_SHADOW_URL", serverUrl())).loadFrom(projectRoot);
    }
}
