package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.migrate.AppliedMigrations;
import io.dbwarden.migrate.MigrationReport;
import io.dbwarden.migrate.MigrationSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dbwarden check}: the single CI command. Validates every migration the target has not applied yet and exits
 * 0 when all are safe, 1 when one is unsafe, 2 when one fails, 3 on a usage error (nothing could be checked).
 */
@Command(name = "check", description = "Validate every migration not yet applied (CI). Exit 0 safe, 1 unsafe, 2 fails, 3 usage error.")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Parameters(paramLabel = "DIR", arity = "0..1", description = "Migrations directory (default: migrate.directory, supabase/migrations, "
            + "or db/migration).")
    Path directory;
    @Option(names = "--runner", description = "autocommit, single_transaction or supabase (default: migrate.runner, or supabase for supabase/migrations).")
    String runner;
    @Option(names = "--junit", description = "Print JUnit XML.")
    boolean junit;
    @Option(names = "--sarif", description = "Print SARIF 2.1.0.")
    boolean sarif;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            Path root = warden.config().projectRoot();
            Path dir = directory != null ? directory : defaultDirectory(warden, root);
            if (dir == null) {
                System.err.println("dbwarden: no migrations directory found: pass one, or set migrate.directory in dbwarden.yaml.");
                return 3;
            }
            List<MigrationSource> all = MigrationSource.load(dir, root);
            AppliedMigrations.Pending pending = AppliedMigrations.pending(warden.forConnection(null).database(), all);
            if (pending.files().isEmpty()) {
                System.err.println("dbwarden: all " + all.size() + " migrations in " + dir + " are applied (" + pending.history() + " history); nothing to check.");
                MigrationValidatorCommand.print(new MigrationReport(warden.forConnection(null).database().url().display(), 0,
                        io.dbwarden.migrate.RunnerMode.AUTOCOMMIT, io.dbwarden.migrate.Verdict.SAFE, List.of(), List.of("nothing pending"), null),
                        common.json, junit, sarif);
                return 0;
            }
            String mode = runner != null ? runner : dir.endsWith(Path.of("supabase", "migrations")) ? "supabase" : null;
            MigrationReport report = warden.validator(null).validate(pending.files(),
                    MigrationValidatorCommand.options(warden, mode, false, false));
            System.err.println("dbwarden: " + pending.files().size() + " pending of " + all.size() + " migrations (" + pending.history() + " history).");
            MigrationValidatorCommand.print(report, common.json, junit, sarif);
            return MigrationValidatorCommand.exitCode(report.verdict());
        } catch (IllegalArgumentException | io.dbwarden.config.ConfigException | io.dbwarden.db.DatabaseException e) {
            System.err.println("dbwarden: " + io.dbwarden.config.Redactor.redact(e.getMessage()));
            return 3;
        }
    }

    private static Path defaultDirectory(Warden warden, Path root) {
        String configured = warden.config().migrate().directory();
        if (configured != null) return Path.of(configured);
        for (String candidate : List.of("supabase/migrations", "db/migration", "src/main/resources/db/migration", "migrations")) {
            if (Files.isDirectory(root.resolve(candidate))) return Path.of(candidate);
        }
        return null;
    }
}
