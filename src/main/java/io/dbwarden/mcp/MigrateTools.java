package io.dbwarden.mcp;

import io.dbwarden.Warden;
import io.dbwarden.migrate.MigrationApplier;
import io.dbwarden.migrate.MigrationReport;
import io.dbwarden.migrate.MigrationSource;
import io.dbwarden.migrate.MigrationValidator;
import io.dbwarden.migrate.ReportFormats;
import io.dbwarden.migrate.RunnerMode;

import java.nio.file.Path;
import java.util.List;

/**
 * migration_validator, with the parameters of the team's plan plus the migration itself, and apply_migration, which
 * is listed only when writes are enabled.
 */
final class MigrateTools {
    private final Warden warden;

    MigrateTools(Warden warden) {
        this.warden = warden;
    }

    List<McpTool> tools() {
        return List.of(migrationValidator(), applyMigration());
    }

    private McpTool applyMigration() {
        var tool = CoreTools.tool(false, "apply_migration", "Apply a validated migration",
                "Apply exactly the migration that migration_validator approved (pass its token). Refuses fails and unsafe unless "
                        + "force, and data loss unless confirm_destructive. Backs up affected tables first; uses lock_timeout with retries.",
                """
                {"type": "object", "properties": {
                  "database_url": {"type": "string", "description": "Name of a configured connection (default: \\"default\\")."},
                  "sql": {"type": "string", "description": "The same SQL text that was validated."},
                  "path": {"type": "string", "description": "The same file or directory that was validated."},
                  "runner": {"type": "string", "enum": ["autocommit", "single_transaction", "supabase"]},
                  "token": {"type": "string", "description": "The token migration_validator returned."},
                  "force": {"type": "boolean", "default": false, "description": "Apply even if the verdict is unsafe or fails."},
                  "confirm_destructive": {"type": "boolean", "default": false, "description": "Required when the migration drops or truncates data."}
                }, "required": ["token"], "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, true, (arguments, ctx) -> {
            Args a = new Args(arguments);
            String connection = a.string("database_url", null);
            MigrationApplier.Applied applied = warden.applier(connection).apply(new MigrationApplier.Request(sources(a),
                    mode(a), a.requiredString("token"), a.bool("force", false), a.bool("confirm_destructive", false)));
            warden.monitor(connection).check(List.of());
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("applied", true);
            out.put("statements", applied.statements());
            out.put("verdict_at_validation", applied.validation().verdict().id());
            if (applied.backupDir() != null) out.put("backup", warden.config().projectRoot().relativize(applied.backupDir()).toString());
            out.put("restore", applied.restoreCommands());
            return ToolResults.text(ToolResults.json(out));
        });
    }

    private List<MigrationSource> sources(Args a) {
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
        return sql != null ? List.of(new MigrationSource("inline.sql", sql)) : MigrationSource.load(Path.of(path), root);
    }

    private RunnerMode mode(Args a) {
        return RunnerMode.parse(a.string("runner", warden.config().migrate().runner()));
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
            List<MigrationSource> sources = sources(a);
            MigrationValidator.Options options = new MigrationValidator.Options(mode(a), a.bool("validate_constraints", true),
                    a.bool("check_data_integrity", true), a.bool("performance_impact", true));
            MigrationReport report = warden.validator(a.string("database_url", null)).validate(sources, options);
            return ToolResults.untrusted("Migration verdict: " + report.verdict().id() + ".", ReportFormats.tree(report));
        });
    }
}
