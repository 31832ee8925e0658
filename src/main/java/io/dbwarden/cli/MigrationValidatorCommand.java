package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.migrate.MigrationReport;
import io.dbwarden.migrate.MigrationSource;
import io.dbwarden.migrate.MigrationValidator;
import io.dbwarden.migrate.ReportFormats;
import io.dbwarden.migrate.RunnerMode;
import io.dbwarden.migrate.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dbwarden migration-validator FILE|DIR}: the verdict on one migration file or a directory of them. */
@Command(name = "migration-validator", description = "Validate a migration file or directory against the database; "
        + "exit 0 safe, 1 unsafe, 2 fails, 3 usage error.")
final class MigrationValidatorCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Parameters(paramLabel = "FILE|DIR")
    Path path;
    @Option(names = "--runner", description = "autocommit (psql -f, default), single_transaction (Flyway, psql -1) or supabase.")
    String runner;
    @Option(names = "--junit", description = "Print JUnit XML.")
    boolean junit;
    @Option(names = "--sarif", description = "Print SARIF 2.1.0.")
    boolean sarif;
    @Option(names = "--no-shadow", description = "Skip shadow execution (validate_constraints=false).")
    boolean noShadow;
    @Option(names = "--no-data", description = "Skip the data probes (check_data_integrity=false).")
    boolean noData;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            List<MigrationSource> sources = MigrationSource.load(path, warden.config().projectRoot());
            MigrationReport report = warden.validator(null).validate(sources, options(warden, runner, noShadow, noData));
            print(report, common.json, junit, sarif);
            return exitCode(report.verdict());
        }
    }

    static MigrationValidator.Options options(Warden warden, String runner, boolean noShadow, boolean noData) {
        String mode = runner != null ? runner : warden.config().migrate().runner();
        return new MigrationValidator.Options(RunnerMode.parse(mode), !noShadow, !noData, true);
    }

    static void print(MigrationReport report, boolean json, boolean junit, boolean sarif) {
        if (junit) System.out.print(ReportFormats.junit(report));
        else if (sarif) System.out.println(ReportFormats.sarif(report));
        else if (json) System.out.println(ReportFormats.json(report));
        else System.out.print(ReportFormats.text(report));
    }

    static int exitCode(Verdict v) {
        return switch (v) {
            case SAFE -> 0;
            case UNSAFE -> 1;
            case FAILS -> 2;
        };
    }
}
