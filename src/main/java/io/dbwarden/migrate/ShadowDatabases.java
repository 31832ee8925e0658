package io.dbwarden.migrate;

import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.db.SqlNames;
import io.dbwarden.demo.EmbeddedServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
    private final Path embeddedData;
    private EmbeddedServer embedded;
    /** Held while a template is looked up and built, so that one process builds each template once. */
    private final Object templateBuild = new Object();

    /**
     * serverUrl null: the embedded PostgreSQL of the given major, keeping its data (and so its templates) for
     * embeddedData when that is not null, so that the next process finds the schema already loaded: in a RAM file
     * system when there is one with room (see {@link #dataDirectory}), else in embeddedData itself.
     */
    public ShadowDatabases(String serverUrl, int embeddedMajor, Path embeddedData) {
        this.serverUrl = serverUrl;
        this.embeddedMajor = embeddedMajor;
        this.embeddedData = embeddedData == null || serverUrl != null ? embeddedData : dataDirectory(embeddedData, RAM);
    }

    /** A RAM file system (Linux); shadows go there when it has {@link #RAM_NEEDED} free. */
    static final Path RAM = Path.of("/dev/shm");
    private static final long RAM_NEEDED = 1L << 30;
    private static final String RAM_PREFIX = "dbwarden-shadow-";

    /**
     * Where the embedded shadow of a project keeps its data. A shadow is thousands of small files (one per table, index
     * and TOAST table) made by each validation's copy of the template and deleted after it; on a disk file system that
     * can be slow for minutes after such a deletion (ext4 without a journal passes over recently freed inodes one by one:
     * seconds per copy), in RAM it takes a fraction of a second. So the data goes to a directory of this user's under
     * {@code ram} named after the project's directory, when {@code ram} is a directory with room; otherwise, and if that
     * directory is not this user's, to {@code projectData}. Directories there of projects that no longer exist (test and
     * benchmark runs in temporary directories) are removed on the way, unless a server still runs in them.
     */
    static Path dataDirectory(Path projectData, Path ram) {
        try {
            if (!Files.isDirectory(ram) || !Files.isWritable(ram) || Files.getFileStore(ram).getUsableSpace() < RAM_NEEDED) return projectData;
            // The directory that holds the project's dbwarden state (.dbwarden): when it is gone, so is the project.
            Path project = Files.createDirectories(projectData.toAbsolutePath().normalize().getParent());
            removeAbandoned(ram);
            Path dir = ram.resolve(RAM_PREFIX + hash(System.getProperty("user.name") + "\u0000" + project));
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) return projectData;
            Files.writeString(dir.resolve("project"), project.toString());
            return dir.resolve(projectData.getFileName());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return projectData;
        }
    }

    private static void removeAbandoned(Path ram) throws IOException {
        List<Path> dirs;
        try (var list = Files.list(ram)) {
            dirs = list.filter(p -> p.getFileName().toString().startsWith(RAM_PREFIX)).toList();
        }
        for (Path dir : dirs) {
            try {
                Path project = Path.of(Files.readString(dir.resolve("project")).strip());
                if (Files.exists(project) || !Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) continue;
                try (var data = Files.list(dir)) {
                    if (data.anyMatch(d -> Files.exists(d.resolve("postmaster.pid")))) continue;
                }
                try (var all = Files.walk(dir)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            } catch (IOException | RuntimeException unreadable) {
                // another user's, or half made: not ours to remove
            }
        }
    }

    /** Templates kept per server; older ones are dropped so the server does not fill up with schemas. */
    static final int TEMPLATES_KEPT = 3;
    private static final String TEMPLATE_PREFIX = "dbw_tmpl_";

    /** A new empty database; closing the handle drops it. */
    public Shadow create() throws SQLException {
        String server = server();
        String name = scratchName();
        try (Connection admin = connect(server); Statement st = admin.createStatement()) {
            st.execute("create database " + name);
        }
        return new Shadow(server, name, connect(ConnectionUrl.parse(server).withDatabase(name).toUrlString()), null);
    }

    /** A new database holding the schema of {@code script}: copied from its template, which is loaded on first use. */
    public Shadow create(String script) throws SQLException {
        return create(script, null);
    }

    /**
     * Like {@link #create(String)}, taking the copy {@code early} made meanwhile when it is of this script's template
     * (the template's name is the script's hash, so the copy then holds exactly this schema); otherwise that copy is
     * dropped and the shadow made as usual.
     */
    public Shadow create(String script, Early early) throws SQLException {
        String template = TEMPLATE_PREFIX + hash(script);
        if (early != null) {
            Shadow copied = early.take(template);
            if (copied != null) return copied;
        }
        String server = server();
        String loadedNote;
        try (Connection admin = connect(server); Statement st = admin.createStatement()) {
            synchronized (templateBuild) {
                loadedNote = templateNote(st, template);
                if (loadedNote == null) loadedNote = buildTemplate(server, st, script, template);
            }
            String name = scratchName();
            st.execute(copy(st, name, template));
            return new Shadow(server, name, connect(ConnectionUrl.parse(server).withDatabase(name).toUrlString()),
                    loadedNote.isEmpty() ? null : loadedNote);
        }
    }

    /** Loads the script into a new database and renames it to the template once complete; returns the load's note. */
    private static String buildTemplate(String server, Statement st, String script, String template) throws SQLException {
        String building = scratchName();
        st.execute("create database " + building);
        ShadowSchema.Loaded loaded;
        try (Connection c = connect(ConnectionUrl.parse(server).withDatabase(building).toUrlString())) {
            loaded = ShadowSchema.load(c, script);
        }
        String loadedNote = note(loaded);
        // Renamed only once complete, so a half-loaded template is never used.
        try {
            st.execute("alter database " + building + " rename to " + template);
            st.execute("comment on database " + template + " is " + SqlNames.literal(loadedNote));
            dropOldTemplates(st, template);
        } catch (SQLException e) {
            // Another dbwarden built the same template meanwhile (42P04): use that one.
            st.execute("drop database if exists " + building + " with (force)");
            if (!"42P04".equals(e.getSQLState())) throw e;
        }
        return loadedNote;
    }

    /**
     * Starts copying, in the background, the template built most recently on the shadow server (starting the embedded
     * server first if need be), before the caller has read the target's schema. Copying a large template is most of a
     * validation's time, and the schema rarely changed since the last one: {@link #create(String, Early)} then finds
     * the copy made. Closing the handle drops a copy that was not taken.
     */
    public Early early() {
        CompletableFuture<Copy> copy = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                copy.complete(copyNewestTemplate());
            } catch (Throwable e) {
                // The usual path makes the shadow, and reports what goes wrong there.
                copy.complete(null);
            }
        }, "dbwarden-shadow-copy");
        t.setDaemon(true);
        t.start();
        return new Early(copy);
    }

    private Copy copyNewestTemplate() throws SQLException {
        String server = server();
        try (Connection admin = connect(server); Statement st = admin.createStatement()) {
            String template;
            try (var rs = st.executeQuery("select datname from pg_database where datname like '" + TEMPLATE_PREFIX
                    + "%' order by oid desc limit 1")) {
                if (!rs.next()) return null;
                template = rs.getString(1);
            }
            String note = templateNote(st, template);
            String name = scratchName();
            // A template dropped meanwhile (another schema's build keeps only the newest few) fails here: no copy.
            st.execute(copy(st, name, template));
            return new Copy(server, template, name, note == null || note.isEmpty() ? null : note);
        }
    }

    /**
     * CREATE DATABASE from a template. FILE_COPY (PostgreSQL 15+) copies the files instead of WAL-logging every block:
     * far faster for a schema of many small, empty relations, which is what a shadow is.
     */
    private static String copy(Statement st, String name, String template) throws SQLException {
        return "create database " + name + " template " + template + (fileCopy(st) ? " strategy file_copy" : "");
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
        synchronized (this) {
            return embedded().url("postgres");
        }
    }

    private EmbeddedServer embedded() {
        if (embedded == null) {
            if (embeddedData != null) {
                try {
                    Files.createDirectories(embeddedData.getParent());
                    embedded = EmbeddedServer.start(embeddedMajor, 0, embeddedData);
                } catch (RuntimeException | java.io.IOException busyOrUnwritable) {
                    // Another dbwarden uses that directory, or it cannot be written: a private one still works, only slower.
                    embedded = null;
                }
            }
            if (embedded == null) embedded = EmbeddedServer.start(embeddedMajor, 0);
        }
        return embedded;
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
            drop(server, name);
        }
    }

    /** A copy of a template on the shadow server, made ahead of need. */
    private record Copy(String server, String template, String name, String note) {
    }

    /** A shadow being copied in the background by {@link #early()}; closing it drops the copy unless it was taken. */
    public static final class Early implements AutoCloseable {
        private final CompletableFuture<Copy> copy;
        private boolean taken;

        Early(CompletableFuture<Copy> copy) {
            this.copy = copy;
        }

        /** Waits for the copy; the shadow when it is of {@code template}, else null (and the copy is dropped). */
        synchronized Shadow take(String template) throws SQLException {
            Copy c = copy.join();
            if (c == null || taken) return null;
            taken = true;
            if (!c.template().equals(template)) {
                drop(c.server(), c.name());
                return null;
            }
            return new Shadow(c.server(), c.name(), connect(ConnectionUrl.parse(c.server()).withDatabase(c.name()).toUrlString()),
                    c.note());
        }

        @Override
        public synchronized void close() {
            if (taken) return;
            taken = true;
            Copy c = copy.join();
            if (c != null) drop(c.server(), c.name());
        }
    }

    private static void drop(String server, String name) {
        try (Connection admin = connect(server); Statement st = admin.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException ignored) {
            // a scratch database left behind is harmless and named as such
        }
    }

    @Override
    public synchronized void close() {
        if (embedded != null) embedded.close();
        embedded = null;
    }
}
