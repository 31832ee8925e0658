package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.monitor.ChangeCapture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code dbwarden uninstall}: removes the change capture (prints the SQL unless --apply). */
@Command(name = "uninstall", description = "Remove dbwarden's change capture from the database (prints the SQL unless --apply).")
final class UninstallCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--apply", description = "Run the SQL (needs allow_writes).")
    boolean apply;

    @Override
    public Integer call() {
        if (!apply) {
            System.out.println(ChangeCapture.uninstallSql());
            return 0;
        }
        try (Warden warden = new Warden(common.config())) {
            ChangeCapture.uninstall(warden.forConnection(null).database());
            System.out.println("Removed dbwarden's change capture (event triggers, functions and recorded events).");
            return 0;
        }
    }
}
