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
 * {@code dbwarden check}: the single CI command. Validates every migration the target has not applied yet, then runs
 * the advisors, and exits 0 when all is safe, 1 when a migration is unsafe or a lint is at or above
 * advisors.check_min_level, 2 when a migration fails (whatever the lints say), 3 on a usage error.
 */
@Command(name = "check", description = "Validate every migration not yet applied and run the lints (CI). Exit 0 safe, 1 unsafe "
        + "(or a lint at advisors.check_min_level or above), 2 fails, 3 usage error.")
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
    @Option(names = "--lint-level", description = "Lints at or above this severity make the check unsafe: critical, high, medium, low, "
            + "info or off (default: advisors.check_min_level, high).")
    String lintLevel;

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
                return finish(warden, new MigrationReport(warden.forConnection(null).database().url().display(), 0,
                        io.dbwarden.migrate.RunnerMode.AUTOCOMMIT, io.dbwarden.migrate.Verdict.SAFE, List.of(), List.of("nothing pending"), null));
            }
            String mode = runner != null ? runner : dir.endsWith(Path.of("supabase", "migrations")) ? "supabase" : null;
            MigrationReport report = warden.validator(null).validate(pending.files(),
                    MigrationValidatorCommand.options(warden, mode, false, false));
            System.err.println("dbwarden: " + pending.files().size() + " pending of " + all.size() + " migrations (" + pending.history() + " history).");
            return finish(warden, report);
        } catch (IllegalArgumentException | io.dbwarden.config.ConfigException | io.dbwarden.db.DatabaseException e) {
            System.err.println("dbwarden: " + io.dbwarden.config.Redactor.redact(e.getMessage()));
            return 3;
        }
    }

    /**
     * Runs the lints, prints the report, and folds the lints into the exit code: a lint at or above the level is as bad
     * as an unsafe migration (1); a failing migration (2) stays 2. JSON, JUnit and SARIF carry the lints with the
     * migrations; the lint summary goes to stdout in text mode and to stderr when stdout carries one of those.
     */
    private int finish(Warden warden, MigrationReport report) {
        int code = MigrationValidatorCommand.exitCode(report.verdict());
        String level = lintLevel != null ? lintLevel : warden.config().advisors().checkMinSeverity();
        List<io.dbwarden.findings.Finding> lints = null;
        if (!level.equals("off")) {
            io.dbwarden.findings.Finding.Severity min = io.dbwarden.findings.Finding.Severity.parse(level);
            lints = warden.advisors(null).run().findings().stream().filter(f -> f.severity().atLeast(min)).toList();
        }
        if (junit) System.out.print(CheckReports.junit(report, lints, level));
        else if (sarif) System.out.println(CheckReports.sarif(report, lints));
        else if (common.json) {
            // The migration report with the gated lints beside it (lint_level off: no lints key).
            java.util.Map<String, Object> tree = new java.util.LinkedHashMap<>(io.dbwarden.migrate.ReportFormats.tree(report));
            if (lints != null) {
                tree.put("lint_level", level);
                tree.put("lints", lints.stream().map(io.dbwarden.advise.AdvisorRows::row).toList());
            }
            Render.json(System.out, tree);
        } else MigrationValidatorCommand.print(report, false, false, false);
        if (lints == null) return code;
        java.io.PrintStream out = junit || sarif || common.json ? System.err : System.out;
        if (lints.isEmpty()) {
            out.println("Lints: none at " + level + " or above.");
            return code;
        }
        out.println("Lints: " + lints.size() + " at " + level + " or above (advisors.check_min_level):");
        Render.findings(out, lints);
        return code == 2 ? 2 : 1;
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
