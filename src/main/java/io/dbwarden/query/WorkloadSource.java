package io.dbwarden.query;

import io.dbwarden.db.SqlNames;
import io.dbwarden.db.SqlResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the workload facts of the target database: whether pg_stat_statements (and HypoPG) are there, the cumulative
 * statement statistics, and the per-table write counters. Runs on a connection the caller opened read-only.
 */
final class WorkloadSource {

    /** What the server offers for query analysis. {@code pgssSchema} is null when the extension is not created here. */
    record Status(String pgssSchema, boolean pgssPreloaded, int serverVersionNum, boolean readsAllStats, String hypopgSchema,
                  boolean hypopgAvailable) {
        boolean pgssUsable() {
            return pgssSchema != null && pgssPreloaded;
        }

        int major() {
            return serverVersionNum / 10_000;
        }

        /** How to get pg_stat_statements working here, or null when it already works. */
        String enableAdvice() {
            if (pgssUsable()) return null;
            StringBuilder b = new StringBuilder("pg_stat_statements is not collecting in this database, so there is no workload to analyze. ");
            if (!pgssPreloaded) {
                b.append("Add it to the server's preloaded libraries (postgresql.conf: shared_preload_libraries = 'pg_stat_statements', "
                        + "or ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements' if the list is empty) and restart the server. ");
            }
            if (pgssSchema == null) b.append("Then run CREATE EXTENSION pg_stat_statements; in this database. ");
            b.append("On Supabase it is on by default (Database > Extensions > pg_stat_statements). Until then only the checks that need "
                    + "no workload run: foreign keys without an index, unused and duplicate indexes, and RLS policies that run per row.");
            return b.toString();
        }
    }

    Status status(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(WorkloadSource.class, "extension_status.sql"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            String pgssSchema = rs.getString("pgss_schema");
            boolean preloaded = rs.getBoolean("pgss_preloaded");
            if (rs.wasNull()) preloaded = pgssSchema != null && answers(c, pgssSchema);
            return new Status(pgssSchema, preloaded, rs.getInt("server_version_num"), rs.getBoolean("reads_all_stats"),
                    rs.getString("hypopg_schema"), rs.getBoolean("hypopg_available"));
        }
    }

    /** Whether the view answers, for a role that may not read shared_preload_libraries (the view errors when not preloaded). */
    private static boolean answers(Connection c, String pgssSchema) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute("select count(*) from (select 1 from " + SqlNames.quote(pgssSchema) + ".pg_stat_statements limit 1) s");
            c.releaseSavepoint(sp);
            return true;
        } catch (SQLException e) {
            c.rollback(sp);
            return false;
        }
    }

    /** What the server offers and the workload now, read in one transaction. */
    record Reading(Status status, WorkloadSnapshot snapshot) {
    }

    Reading readWithStatus(Connection c) throws SQLException {
        Status status = status(c);
        return new Reading(status, read(c, status));
    }

    /** A snapshot of the workload now; the statements list is empty when pg_stat_statements is not usable. */
    WorkloadSnapshot read(Connection c, Status status) throws SQLException {
        List<StatementStats> statements = new ArrayList<>();
        String statsReset = null;
        Long dealloc = null;
        if (status.pgssUsable()) {
            String schema = SqlNames.quote(status.pgssSchema());
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(WorkloadSource.class, "statements.sql").formatted(schema));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statements.add(new StatementStats(rs.getString("queryid"), rs.getString("query"), rs.getLong("calls"),
                            rs.getDouble("total_exec_ms"), rs.getDouble("total_plan_ms"), rs.getLong("rows"), rs.getDouble("sum_sq_exec"),
                            rs.getLong("shared_blks_hit"), rs.getLong("shared_blks_read"), rs.getLong("temp_blks_written")));
                }
            }
            if (status.serverVersionNum() >= 140_000) {
                try (PreparedStatement ps = c.prepareStatement(SqlResource.load(WorkloadSource.class, "statements_info.sql").formatted(schema));
                     ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        dealloc = rs.getLong("dealloc");
                        statsReset = rs.getString("stats_reset");
                    }
                }
            }
        }
        List<TableActivity> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(WorkloadSource.class, "table_activity.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(new TableActivity(rs.getString("relation"), rs.getLong("n_tup_ins"), rs.getLong("n_tup_upd"),
                        rs.getLong("n_tup_del"), rs.getLong("n_tup_hot_upd"), rs.getLong("seq_scan"), rs.getLong("idx_scan"),
                        rs.getLong("n_live_tup")));
            }
        }
        return new WorkloadSnapshot(0, Instant.now(), statsReset, dealloc, statements, tables);
    }
}
