package io.dbwarden.mcp;

import io.dbwarden.Warden;
import io.dbwarden.migrate.MigrationReport;
import io.dbwarden.migrate.MigrationSource;
import io.dbwarden.migrate.MigrationValidator;
import io.dbwarden.migrate.ReportFormats;
import io.dbwarden.migrate.RunnerMode;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** migration_validator, with the parameters of the team's plan plus the migration itself. */
final class MigrateTools {
    private final Warden warden;

    MigrateTools(Warden warden) {
        this.warden = warden;
    }

    List<McpTool> tools() {
        return List.of(migrationValidator());
    }

    private McpTool migrationValidator() {
        var tool = CoreTools.tool("migration_validator", "Validate a migration",
                "Before running a migration: will it succeed on this database's real data, block reads or writes, rewrite large "
                        + "tables, or break running code? Verdict safe, unsafe or fails per file, each issue with its line, lock, "
                        + "estimated duration and a safe rewrite. Pass sql or path. Never changes the database.",
                """
                {"type": "object", "properties": {
                  "database_url": {"type": "string", "description": "Name of a configured connection (default: \\"default\\")."},
                  "sql": {"type": "string", "description": "The migration's SQL text."},
                  "path": {"type": "string", "description": "A .sql file or a migrations directory (supabase/migrations, Flyway V<n>__*.sql), relative to the project."},
                  "runner": {"type": "string", "enum": ["autocommit", "single_transaction", "supabase"], "description": "How it will be applied: psql -f (autocommit), one transaction (Flyway, psql -1), or supabase db push."},
                  "validate_constraints": {"type": "boolean", "default": true, "description": "Run it on a throwaway copy of the schema, tracing locks and rewrites."},
                  "check_data_integrity": {"type": "boolean", "default": true, "description": "Probe the real rows for duplicates, NULLs, orphans, CHECK violations and bad casts."},
                  "performance_impact": {"type": "boolean", "default": true, "description": "Estimate how long each lock holds traffic, from real table sizes."}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            String sql = a.string("sql", null);
            String path = a.string("path", null);
            if ((sql == null) == (path == null)) {
                throw new IllegalArgumentException("Pass exactly one of sql (the migration text) or path (a file or migrations directory).");
            }
            if (sql != null && sql.length() > MigrationSource.MAX_BYTES) throw new IllegalArgumentException("sql is larger than 16 MiB.");
            Path root = warden.config().projectRoot();
            if (path != null && !root.resolve(path).normalize().startsWith(root)) {
                throw new IllegalArgumentException("path must stay inside the project (" + path + " leaves it).");
            }
            List<MigrationSource> sources = sql != null ? List.of(new MigrationSource("inline.sql", sql)) : MigrationSource.load(Path.of(path), root);
            RunnerMode mode = RunnerMode.valueOf(a.string("runner", warden.config().migrate().runner()).toUpperCase(Locale.ROOT));
            MigrationValidator.Options options = new MigrationValidator.Options(mode, a.bool("validate_constraints", true),
                    a.bool("check_data_integrity", true), a.bool("performance_impact", true));
            MigrationReport report = warden.validator(a.string("database_url", null)).validate(sources, options);
            return ToolResults.untrusted("Migration verdict: " + report.verdict().id() + ".", ReportFormats.tree(report));
        });
    }
}
