package io.dbwarden.migrate;

import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.demo.EmbeddedServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * Hands out throwaway databases for shadow execution: on the embedded PostgreSQL (started on first use and kept
 * for the life of the process), or on a server the configuration names, where dbwarden creates and drops scratch
 * databases. A shadow is never the target.
 */
public final class ShadowDatabases implements AutoCloseable {
    private final String serverUrl;
    private final int embeddedMajor;
    private EmbeddedServer embedded;

    /** serverUrl null: the embedded PostgreSQL of the given major. */
    public ShadowDatabases(String serverUrl, int embeddedMajor) {
        this.serverUrl = serverUrl;
        this.embeddedMajor = embeddedMajor;
    }

    /** A new empty database; closing the handle drops it. */
    public synchronized Shadow create() throws SQLException {
        String server = server();
        String name = "dbw_shadow_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = connect(server); Statement st = admin.createStatement()) {
            st.execute("create database " + name);
        }
        return new Shadow(server, name, connect(ConnectionUrl.parse(server).withDatabase(name).toUrlString()));
    }

    private String server() {
        if (serverUrl != null) return serverUrl;
        if (embedded == null) embedded = EmbeddedServer.start(embeddedMajor, 0);
        return embedded.url("postgres");
    }

    static Connection connect(String url) throws SQLException {
        ConnectionUrl u = ConnectionUrl.parse(url);
        Properties p = new Properties();
        if (u.user() != null) p.setProperty("user", u.user());
        if (u.password() != null) p.setProperty("password", u.password());
        u.parameters().forEach(p::setProperty);
        p.setProperty("ApplicationName", "dbwarden-shadow");
        return DriverManager.getConnection(u.jdbcUrl(), p);
    }

    /** One scratch database and a connection to it. */
    public static final class Shadow implements AutoCloseable {
        private final String server;
        private final String name;
        private final Connection connection;

        Shadow(String server, String name, Connection connection) {
            this.server = server;
            this.name = name;
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // dropping it below is what matters
            }
            try (Connection admin = connect(server); Statement st = admin.createStatement()) {
                st.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException ignored) {
                // a scratch database left behind is harmless and named as such
            }
        }
    }

    @Override
    public synchronized void close() {
        if (embedded != null) embedded.close();
        embedded = null;
    }
}
