package io.dbwarden.migrate;

import io.dbwarden.config.ConfigException;
import io.dbwarden.db.Database;
import io.dbwarden.db.DatabaseException;
import io.dbwarden.db.SqlNames;
import io.dbwarden.state.StateStore;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies exactly the migration that was validated. It validates again and refuses unless the token matches (same
 * SQL, target, runner and schema), refuses fails and unsafe unless forced, and refuses destructive changes unless
 * confirmed, failing closed. It backs up the affected tables first (COPY into .dbwarden/backups, with restore
 * commands), runs the statements like psql -f with a lock_timeout and bounded retries, and records the outcome.
 */
public final class MigrationApplier {
    private static final Set<String> DESTRUCTIVE = Set.of("drop-table", "drop-column", "drop-schema", "truncate-table",
            "truncate-cascade", "cascade-drops-dependents", "drop-database");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*");
    static final int LOCK_RETRIES = 3;

    public record Request(List<MigrationSource> sources, RunnerMode mode, String token, boolean force, boolean confirmDestructive) {
    }

    public record Applied(MigrationReport validation, Path backupDir, List<String> restoreCommands, int statements) {
    }

    private final Database target;
    private final MigrationValidator validator;
    private final StateStore state;
    private final Path projectRoot;

    public MigrationApplier(Database target, MigrationValidator validator, StateStore state, Path projectRoot) {
        this.target = target;
        this.validator = validator;
        this.state = state;
        this.projectRoot = projectRoot;
    }

    public Applied apply(Request r) {
        if (!target.writesAllowed()) {
            throw new ConfigException("apply_migration writes to the database, and dbwarden is read-only. Set allow_writes: true to enable it.");
        }
        if (r.token() == null || r.token().isBlank()) {
            throw new IllegalArgumentException("Validate first: run migration_validator on exactly this migration and pass its token.");
        }
        MigrationReport report = validator.validate(r.sources(), new MigrationValidator.Options(r.mode(), true, true, true));
        if (!report.token().equals(r.token())) {
            throw new IllegalArgumentException("The token does not match this migration: the SQL, the runner, the target or its schema "
                    + "changed since it was validated. Validate again and apply with the new token.");
        }
        List<MigrationIssue> issues = report.files().stream().flatMap(f -> f.issues().stream()).toList();
        if (report.verdict() != Verdict.SAFE && !r.force()) {
            throw new IllegalArgumentException("The migration is " + report.verdict().id() + " (" + summary(issues)
                    + "). Fix it, or apply with force if you accept that.");
        }
        List<String> destructive = issues.stream().filter(i -> DESTRUCTIVE.contains(i.ruleId()))
                .map(i -> i.ruleId() + " at statement " + i.statementIndex()).toList();
        if (!destructive.isEmpty() && !r.confirmDestructive()) {
            throw new IllegalArgumentException("The migration destroys data (" + String.join(", ", destructive)
                    + "). Apply with confirm_destructive to go ahead; a backup of the affected tables is taken first.");
        }
        Path backup = projectRoot.resolve(".dbwarden/backups").resolve(Instant.now().toString().replace(':', '-'));
        List<String> restore = backup(affectedTables(issues), backup);
        int ran = 0;
        String error = null;
        try {
            ran = run(r.sources(), r.mode());
        } catch (DatabaseException e) {
            error = e.getMessage();
        }
        record(report, r, backup, ran, error);
        if (error != null) {
            throw new IllegalStateException("The migration stopped with an error after " + ran + " statement(s): " + error
                    + (restore.isEmpty() ? "" : " Backups are in " + projectRoot.relativize(backup) + "."));
        }
        return new Applied(report, restore.isEmpty() ? null : backup, restore, ran);
    }

    private static String summary(List<MigrationIssue> issues) {
        Set<String> rules = new LinkedHashSet<>();
        issues.stream().filter(i -> i.verdict() != Verdict.SAFE).forEach(i -> rules.add(i.ruleId()));
        return String.join(", ", rules);
    }

    /** Tables the issues name, as schema.table. */
    static List<String> affectedTables(List<MigrationIssue> issues) {
        Set<String> out = new LinkedHashSet<>();
        for (MigrationIssue i : issues) {
            if (i.verdict() == Verdict.SAFE || i.evidence() == null || !i.evidence().hasNonNull("table")) continue;
            String t = i.evidence().get("table").asText();
            if (TABLE_NAME.matcher(t).matches()) out.add(t);
        }
        return List.copyOf(out);
    }

    /** COPY each table to CSV, read-only; returns the psql commands that put the rows back. */
    private List<String> backup(List<String> tables, Path dir) {
        if (tables.isEmpty()) return List.of();
        List<String> restore = new ArrayList<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("Cannot create the backup directory " + dir + ": " + e.getMessage());
        }
        target.readOnly(c -> {
            for (String table : tables) {
                if (!exists(c, table)) continue;
                Path file = dir.resolve(table + ".csv");
                String quoted = quote(table);
                try (OutputStream out = Files.newOutputStream(file)) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM " + quoted + ") TO STDOUT WITH (FORMAT csv, HEADER)", out);
                } catch (IOException e) {
                    throw new SQLException("cannot write " + file + ": " + e.getMessage(), e);
                }
                restore.add("psql \"$DATABASE_URL\" -c \"\\copy " + quoted.replace("\"", "\\\"") + " from '" + projectRoot.relativize(file)
                        + "' with (format csv, header)\"");
            }
            return null;
        });
        return restore;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
            ps.setString(1, quote(table));
            try (var rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String quote(String table) {
        int dot = table.indexOf('.');
        return SqlNames.quote(table.substring(0, dot)) + "." + SqlNames.quote(table.substring(dot + 1));
    }

    /**
     * Runs every file like psql -v ON_ERROR_STOP=1 -f (or as one transaction for the other runners), with the
     * configured lock_timeout unless a file sets its own, retrying a statement that timed out waiting for a lock.
     */
    private int run(List<MigrationSource> sources, RunnerMode mode) {
        return target.autocommit(c -> {
            int ran = 0;
            try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute("set lock_timeout = '" + target.limits().lockTimeoutMs() + "ms'");
                st.execute("set statement_timeout = 0");
                for (MigrationSource source : sources) {
                    MigrationScript script = MigrationScript.parse(source.name(), source.text());
                    boolean wrap = mode != RunnerMode.AUTOCOMMIT;
                    if (wrap) st.execute("BEGIN");
                    boolean inBlock = wrap;
                    for (ShadowRunner.Step step : MigrationValidator.steps(script, mode)) {
                        if (step.kind() == ShadowRunner.Step.Kind.BEGIN) inBlock = true;
                        if (step.kind() == ShadowRunner.Step.Kind.COMMIT || step.kind() == ShadowRunner.Step.Kind.ROLLBACK) inBlock = false;
                        executeWithRetries(st, step.sql(), !inBlock);
                        ran++;
                    }
                    if (wrap) st.execute("COMMIT");
                }
            } catch (SQLException e) {
                try (Statement st = c.createStatement()) {
                    st.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // nothing open
                }
                throw target.describe(e);
            }
            return ran;
        });
    }

    private static void executeWithRetries(Statement st, String sql, boolean retryable) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                st.execute(sql);
                return;
            } catch (SQLException e) {
                // A lock timeout leaves nothing half done outside a transaction block: waiting and retrying is safe there.
                if (!retryable || !"55P03".equals(e.getSQLState()) || attempt > LOCK_RETRIES) throw e;
                try {
                    Thread.sleep(250L * attempt * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void record(MigrationReport report, Request r, Path backup, int statements, String error) {
        state.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into migration_applied (connection, applied_at, token, files, verdict, "
                    + "forced, backup_dir, statements, outcome, error) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, target.name());
                ps.setString(2, Instant.now().toString());
                ps.setString(3, report.token());
                ps.setString(4, String.join("\n", r.sources().stream().map(MigrationSource::name).toList()));
                ps.setString(5, report.verdict().id());
                ps.setInt(6, r.force() ? 1 : 0);
                ps.setString(7, Files.isDirectory(backup) ? projectRoot.relativize(backup).toString() : null);
                ps.setInt(8, statements);
                ps.setString(9, error == null ? "applied" : "failed");
                ps.setString(10, error);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
