package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.migrate.MigrationApplier;
import io.dbwarden.migrate.MigrationSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dbwarden apply-migration --token T FILE|DIR}: applies what migration-validator approved (needs allow_writes). */
@Command(name = "apply-migration", description = "Apply a validated migration: pass the token migration-validator printed. Needs allow_writes.")
final class ApplyMigrationCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Parameters(paramLabel = "FILE|DIR")
    Path path;
    @Option(names = "--token", required = true, description = "The validation token of exactly this migration.")
    String token;
    @Option(names = "--runner", description = "autocommit (default), single_transaction or supabase: as validated.")
    String runner;
    @Option(names = "--force", description = "Apply even if the verdict is unsafe or fails.")
    boolean force;
    @Option(names = "--confirm-destructive", description = "Required when the migration drops or truncates data.")
    boolean confirmDestructive;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            List<MigrationSource> sources = MigrationSource.load(path, warden.config().projectRoot());
            var options = MigrationValidatorCommand.options(warden, runner, false, false);
            MigrationApplier.Applied applied = warden.applier(null).apply(new MigrationApplier.Request(sources, options.mode(), token,
                    force, confirmDestructive));
            warden.monitor(null).check(List.of());
            System.out.println("Applied " + applied.statements() + " statement(s) of " + sources.size() + " file(s).");
            if (applied.backupDir() != null) {
                System.out.println("Backups of the affected tables are in " + warden.config().projectRoot().relativize(applied.backupDir())
                        + "; to restore:");
                applied.restoreCommands().forEach(c -> System.out.println("  " + c));
            }
            return 0;
        }
    }
}
