package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.db.QueryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code dbwarden execute-sql SQL}: the CLI twin of the execute_sql tool, with the same read-only guard. */
@Command(name = "execute-sql", description = "Run one read-only SQL statement.")
final class ExecuteSqlCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Parameters(paramLabel = "SQL")
    String sql;
    @Option(names = "--max-rows", description = "Row cap (default: limits.max_rows).")
    Integer maxRows;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            var s = warden.forConnection(null);
            QueryResult r = s.sql().execute(sql, maxRows == null ? s.database().limits().maxRows() : maxRows);
            if (common.json) {
                Render.json(System.out, r.asMap());
            } else {
                Render.table(System.out, r.columns(), r.rows());
                System.out.println("(" + r.rows().size() + " rows, " + r.elapsedMs() + " ms"
                        + (r.truncated() ? "; truncated: " + r.truncatedReason() : "") + ")");
            }
            return 0;
        }
    }
}
