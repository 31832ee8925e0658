package io.dbwarden.cli;

import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every command takes: the database to use and the output format. */
final class CommonOptions {
    @Option(names = "--db", paramLabel = "URL", description = "Database URL (postgres://user@host:5432/db); default: DATABASE_URL or dbwarden.yaml.")
    String db;

    @Option(names = "--json", description = "Print machine-readable JSON.")
    boolean json;

    @Option(names = "--project", paramLabel = "DIR", description = "Project root holding dbwarden.yaml (default: current directory).")
    Path project = Path.of(".");

    Config config() {
        Config c = ConfigLoader.load(project);
        return db == null ? c : c.withConnection(Config.DEFAULT_CONNECTION, db);
    }
}
