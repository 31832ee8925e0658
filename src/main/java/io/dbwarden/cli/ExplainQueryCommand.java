package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.db.SqlRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code dbwarden explain-query SQL}: the CLI twin of the explain_query tool. */
@Command(name = "explain-query", description = "Show a statement's plan with a readable summary.")
final class ExplainQueryCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Parameters(paramLabel = "SQL")
    String sql;
    @Option(names = "--analyze", description = "Also execute it (read-only statements only) for real timings.")
    boolean analyze;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            SqlRunner.Explained e = warden.forConnection(null).sql().explain(sql, analyze);
            if (common.json) Render.json(System.out, e.asMap());
            else e.summary().forEach(System.out::println);
            return 0;
        }
    }
}
