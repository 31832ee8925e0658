package io.dbwarden.migrate;

import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.demo.EmbeddedServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Hands out throwaway databases for shadow execution: on the embedded PostgreSQL (started on first use and kept
 * for the life of the process), or on a server the configuration names, where dbwarden creates and drops scratch
 * databases. A shadow is never the target. Loading a large schema costs seconds, so each distinct schema is loaded
 * once into a template database (named by the script's hash) and shadows are copied from it; on a configured
 * server the template outlives the process, so later runs skip the load too.
 */
public final class ShadowDatabases implements AutoCloseable {
    private final String serverUrl;
    private final int embeddedMajor;
    private final java.nio.file.Path embeddedData;
    private EmbeddedServer embedded;

    /**
     * serverUrl null: the embedded PostgreSQL of the given major, keeping its data (and so its templates) in
     * embeddedData when that is not null, so that the next process finds the schema already loaded.
     */
    public ShadowDatabases(String serverUrl, int embeddedMajor, java.nio.file.Path embeddedData) {
        this.serverUrl = serverUrl;
        this.embeddedMajor = embeddedMajor;
        this.embeddedData = embeddedData;
    }

    /** Templates kept per server; older ones are dropped so the server does not fill up with schemas. */
    static final int TEMPLATES_KEPT = 3;
    private static final String TEMPLATE_PREFIX = "dbw_tmpl_";

    /** A new empty database; closing the handle drops it. */
    public synchronized Shadow create() throws SQLException {
        String server = server();
        String name = scratchName();
        try (Connection admin = connect(server); Statement st = admin.createStatement()) {
            st.execute("create database " + name);
        }
        return new Shadow(server, name, connect(ConnectionUrl.parse(server).withDatabase(name).toUrlString()), null);
    }

    /** A new database holding the schema of {@code script}: copied from its template, which is loaded on first use. */
    public synchronized Shadow create(String script) throws SQLException {
        String server = server();
        String template = TEMPLATE_PREFIX + hash(script);
        String loadedNote;
        try (Connection admin = connect(server); Statement st = admin.createStatement()) {
            loadedNote = templateNote(st, template);
            if (loadedNote == null) {
                String building = scratchName();
                st.execute("create database " + building);
                ShadowSchema.Loaded loaded;
                try (Connection c = connect(ConnectionUrl.parse(server).withDatabase(building).toUrlString())) {
                    loaded = ShadowSchema.load(c, script);
                }
                loadedNote = note(loaded);
                // Renamed only once complete, so a half-loaded template is never used.
                try {
                    st.execute("alter database " + building + " rename to " + template);
                    st.execute("comment on database " + template + " is '" + loadedNote.replace("'", "''") + "'");
                    dropOldTemplates(st, template);
                } catch (SQLException e) {
                    // Another dbwarden built the same template meanwhile (42P04): use that one.
                    st.execute("drop database if exists " + building + " with (force)");
                    if (!"42P04".equals(e.getSQLState())) throw e;
                }
            }
            String name = scratchName();
            // FILE_COPY (PostgreSQL 15+) copies the files instead of WAL-logging every block: far faster for a schema
            // of many small, empty relations, which is what a shadow is.
            st.execute("create database " + name + " template " + template + (fileCopy(st) ? " strategy file_copy" : ""));
            return new Shadow(server, name, connect(ConnectionUrl.parse(server).withDatabase(name).toUrlString()),
                    loadedNote.isEmpty() ? null : loadedNote);
        }
    }

    private static boolean fileCopy(Statement st) throws SQLException {
        try (var rs = st.executeQuery("select current_setting('server_version_num')::int >= 150000")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String templateNote(Statement st, String template) throws SQLException {
        try (var rs = st.executeQuery("select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = '"
                + template + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** What loading could not do, in one sentence; empty when the shadow is complete. */
    private static String note(ShadowSchema.Loaded loaded) {
        StringBuilder b = new StringBuilder();
        if (!loaded.skipped().isEmpty()) b.append("The shadow lacks: ").append(String.join(", ", loaded.skipped())).append(". ");
        if (!loaded.failures().isEmpty()) {
            b.append(loaded.failures().size()).append(" object(s) of the target could not be recreated on the shadow; statements that use ")
                    .append("them may fail there for that reason: ").append(loaded.failures());
        }
        return b.toString().strip();
    }

    private static void dropOldTemplates(Statement st, String keep) throws SQLException {
        List<String> old = new java.util.ArrayList<>();
        try (var rs = st.executeQuery("select datname from pg_database where datname like '" + TEMPLATE_PREFIX + "%' and datname <> '"
                + keep + "' order by oid desc")) {
            while (rs.next()) old.add(rs.getString(1));
        }
        for (String t : old.subList(Math.min(old.size(), TEMPLATES_KEPT - 1), old.size())) {
            st.execute("drop database if exists " + t + " with (force)");
        }
    }

    private static String scratchName() {
        return "dbw_shadow_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static String hash(String script) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String server() {
        if (serverUrl != null) return serverUrl;
        if (embedded == null) {
            if (embeddedData != null) {
                try {
                    java.nio.file.Files.createDirectories(embeddedData.getParent());
                    embedded = EmbeddedServer.start(embeddedMajor, 0, embeddedData);
                } catch (RuntimeException | java.io.IOException busyOrUnwritable) {
                    // Another dbwarden uses that directory, or it cannot be written: a private one still works, only slower.
                    embedded = null;
                }
            }
            if (embedded == null) embedded = EmbeddedServer.start(embeddedMajor, 0);
        }
        return embedded.url("postgres");
    }

    static Connection connect(String url) throws SQLException {
        ConnectionUrl u = ConnectionUrl.parse(url);
        return DriverManager.getConnection(u.jdbcUrl(), u.driverProperties("dbwarden-shadow"));
    }

    /** One scratch database and a connection to it. */
    public static final class Shadow implements AutoCloseable {
        private final String server;
        private final String name;
        private final Connection connection;
        private final String note;

        Shadow(String server, String name, Connection connection, String note) {
            this.server = server;
            this.name = name;
            this.connection = connection;
            this.note = note;
        }

        public Connection connection() {
            return connection;
        }

        /** What the schema load could not recreate, or null. */
        public String note() {
            return note;
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
