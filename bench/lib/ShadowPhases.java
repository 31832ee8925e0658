import io.dbwarden.demo.EmbeddedServer;
import io.dbwarden.migrate.ShadowSchema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The migrate benchmark's look inside the shadow set-up, which the wire-protocol relay cannot see when the shadow is
 * the embedded PostgreSQL: times, in one fresh JVM as the CLI has, the steps dbwarden's migration validator takes
 * to set up a shadow: read the target's schema script, start the embedded PostgreSQL 17 (or use the given server) with a
 * fresh data directory, create a scratch database, load the script with ShadowSchema.load (what a first run does to
 * build its template), copy that database with CREATE DATABASE … TEMPLATE (what later runs do), drop both, stop.
 *
 * <p>Usage: java -cp target/dbwarden.jar bench/lib/ShadowPhases.java TARGET_JDBC_URL USER embedded|SERVER_JDBC_URL DBNAME
 * prints one JSON line; the scratch databases DBNAME and DBNAME_copy are dropped at the end (the benchmark drops
 * them too, by their prefix, if this is interrupted). With --template-name instead of the shadow, it prints the name of
 * dbwarden's template database for the target's schema.
 */
public class ShadowPhases {
    static Connection connect(String url, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("ApplicationName", "dbwarden-bench-shadow-phases");
        return DriverManager.getConnection(url, p);
    }

    static double since(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * The name dbwarden gives the template of this schema on a shadow server (ShadowDatabases: dbw_tmpl_ and the first
     * 12 bytes of the script's SHA-256 in hex), so the benchmark can drop it to measure a first run, and at the end.
     */
    static String templateName(String script) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
        return "dbw_tmpl_" + HexFormat.of().formatHex(d, 0, 12);
    }

    public static void main(String[] args) throws Exception {
        String targetUrl = args[0], user = args[1], shadow = args[2];
        long t = System.nanoTime();
        String script;
        try (Connection target = connect(targetUrl, user)) {
            script = ShadowSchema.script(target);
        }
        double scriptMs = since(t);
        if (shadow.equals("--template-name")) {
            System.out.println(templateName(script));
            return;
        }
        String name = args[3];

        // The embedded server keeps its data in a directory of its own, as the CLI does in .dbwarden/shadow-pg17: the first
        // start initialises it (initdb), a later one only starts the server on it.
        Path dataRoot = shadow.equals("embedded") ? Files.createTempDirectory("dbw-bench-shadow-") : null;
        Path dataDir = dataRoot == null ? null : dataRoot.resolve("shadow-pg17");
        t = System.nanoTime();
        EmbeddedServer embedded = null;
        String serverUrl = shadow;
        if (dataDir != null) {
            embedded = EmbeddedServer.start(17, 0, dataDir);
            serverUrl = "jdbc:postgresql://localhost:" + embedded.port() + "/postgres";
        }
        double startMs = since(t);
        String version;
        try {
            t = System.nanoTime();
            try (Connection admin = connect(serverUrl, "postgres"); Statement st = admin.createStatement()) {
                st.execute("create database " + name);
                try (var rs = st.executeQuery("show server_version")) {
                    rs.next();
                    version = rs.getString(1);
                }
            }
            double createMs = since(t);

            t = System.nanoTime();
            ShadowSchema.Loaded loaded;
            String dbUrl = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + name;
            try (Connection c = connect(dbUrl, "postgres")) {
                loaded = ShadowSchema.load(c, script);
            }
            double loadMs = since(t);

            // What later runs do instead of the load: copy the loaded database with CREATE DATABASE … TEMPLATE (by default
            // STRATEGY WAL_LOG since PostgreSQL 15); and, for comparison, the same with STRATEGY FILE_COPY.
            double copyMs, dropMs, copyFileMs;
            try (Connection admin = connect(serverUrl, "postgres"); Statement st = admin.createStatement()) {
                t = System.nanoTime();
                st.execute("create database " + name + "_copy template " + name);
                copyMs = since(t);
                t = System.nanoTime();
                st.execute("drop database if exists " + name + "_copy with (force)");
                dropMs = since(t);
                t = System.nanoTime();
                st.execute("create database " + name + "_copy template " + name + " strategy file_copy");
                copyFileMs = since(t);
                st.execute("drop database if exists " + name + "_copy with (force)");
                if (embedded == null) st.execute("drop database if exists " + name + " with (force)");
            }

            t = System.nanoTime();
            if (embedded != null) embedded.close();
            embedded = null;
            double stopMs = since(t);
            // A later CLI run: the server starts on the existing directory and copies the template it finds there.
            double restartMs = 0, copyRestartedMs = 0;
            if (dataDir != null) {
                t = System.nanoTime();
                embedded = EmbeddedServer.start(17, 0, dataDir);
                restartMs = since(t);
                try (Connection admin = connect("jdbc:postgresql://localhost:" + embedded.port() + "/postgres", "postgres");
                     Statement st = admin.createStatement()) {
                    t = System.nanoTime();
                    st.execute("create database " + name + "_copy template " + name);
                    copyRestartedMs = since(t);
                }
                embedded.close();
                embedded = null;
            }

            System.out.printf("{\"script_ms\": %.1f, \"script_bytes\": %d, \"start_ms\": %.1f, \"create_ms\": %.1f, \"load_ms\": %.1f, "
                            + "\"statements\": %d, \"failures\": %d, \"copy_ms\": %.1f, \"drop_ms\": %.1f, \"copy_file_ms\": %.1f, "
                            + "\"stop_ms\": %.1f, \"restart_ms\": %.1f, \"copy_restarted_ms\": %.1f, \"server_version\": \"%s\"}%n",
                    scriptMs, script.length(), startMs, createMs, loadMs, loaded.statements(), loaded.failures().size(), copyMs, dropMs,
                    copyFileMs, stopMs, restartMs, copyRestartedMs, version.replace("\"", ""));
        } finally {
            if (embedded != null) embedded.close();
            if (dataRoot != null) {
                try (var paths = Files.walk(dataRoot)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
