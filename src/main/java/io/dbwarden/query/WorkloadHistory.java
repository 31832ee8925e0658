package io.dbwarden.query;

import io.dbwarden.state.StateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workload snapshots in the state store. Old snapshots are pruned when a new one is saved: a window never needs more
 * than the newest snapshot before its start, and the store must not grow without bound.
 */
final class WorkloadHistory {
    /** Snapshots kept per connection; at one per analyzer run or per poll this covers days. */
    static final int KEEP = 200;

    private final StateStore state;

    WorkloadHistory(StateStore state) {
        this.state = state;
    }

    WorkloadSnapshot save(String connection, WorkloadSnapshot s) {
        return state.inTransaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("insert into query_snapshot (connection, taken_at, stats_reset, dealloc) "
                    + "values (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, connection);
                ps.setString(2, s.takenAt().toString());
                ps.setString(3, s.statsReset());
                ps.setObject(4, s.dealloc());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into query_snapshot_stat (snapshot_id, queryid, query, calls, "
                    + "total_exec_ms, total_plan_ms, rows, sum_sq_exec, shared_blks_hit, shared_blks_read, temp_blks_written) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (StatementStats st : s.statements()) {
                    int i = 1;
                    ps.setLong(i++, id);
                    ps.setString(i++, st.queryId());
                    ps.setString(i++, st.query());
                    ps.setLong(i++, st.calls());
                    ps.setDouble(i++, st.totalExecMs());
                    ps.setDouble(i++, st.totalPlanMs());
                    ps.setLong(i++, st.rows());
                    ps.setDouble(i++, st.sumSqExec());
                    ps.setLong(i++, st.sharedBlksHit());
                    ps.setLong(i++, st.sharedBlksRead());
                    ps.setLong(i, st.tempBlksWritten());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into query_snapshot_table (snapshot_id, relation, n_tup_ins, n_tup_upd, "
                    + "n_tup_del, n_tup_hot_upd, seq_scan, idx_scan, n_live_tup) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (TableActivity t : s.tables()) {
                    int i = 1;
                    ps.setLong(i++, id);
                    ps.setString(i++, t.relation());
                    ps.setLong(i++, t.inserts());
                    ps.setLong(i++, t.updates());
                    ps.setLong(i++, t.deletes());
                    ps.setLong(i++, t.hotUpdates());
                    ps.setLong(i++, t.seqScans());
                    ps.setLong(i++, t.idxScans());
                    ps.setLong(i, t.liveRows());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            prune(c, connection);
            return s.withId(id);
        });
    }

    /** Stores the snapshot and returns the window from the newest snapshot at least {@code length} old (else the oldest). */
    WorkloadWindow saveAndWindow(String connection, WorkloadSnapshot snapshot, java.time.Duration length) {
        WorkloadSnapshot current = save(connection, snapshot);
        WorkloadSnapshot baseline = newestAtOrBefore(connection, current.takenAt().minus(length), current.id())
                .or(() -> oldest(connection, current.id())).orElse(null);
        return WorkloadWindow.between(baseline, current);
    }

    /** The newest stored snapshot taken at or before {@code notAfter}, other than {@code excludeId}. */
    Optional<WorkloadSnapshot> newestAtOrBefore(String connection, Instant notAfter, long excludeId) {
        return state.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, taken_at, stats_reset, dealloc from query_snapshot "
                    + "where connection = ? and id <> ? order by id desc")) {
                ps.setString(1, connection);
                ps.setLong(2, excludeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!Instant.parse(rs.getString(2)).isAfter(notAfter)) return Optional.of(load(c, rs));
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** The oldest stored snapshot other than {@code excludeId}: the widest window there is. */
    Optional<WorkloadSnapshot> oldest(String connection, long excludeId) {
        return state.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, taken_at, stats_reset, dealloc from query_snapshot "
                    + "where connection = ? and id <> ? order by id limit 1")) {
                ps.setString(1, connection);
                ps.setLong(2, excludeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(load(c, rs)) : Optional.empty();
                }
            }
        });
    }

    /** The snapshot whose header row (id, taken_at, stats_reset, dealloc) the result set is on. */
    private static WorkloadSnapshot load(Connection c, ResultSet header) throws SQLException {
        long id = header.getLong(1);
        Instant at = Instant.parse(header.getString(2));
        String statsReset = header.getString(3);
        long d = header.getLong(4);
        Long dealloc = header.wasNull() ? null : d;
        List<StatementStats> statements = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select queryid, query, calls, total_exec_ms, total_plan_ms, rows, sum_sq_exec, "
                + "shared_blks_hit, shared_blks_read, temp_blks_written from query_snapshot_stat where snapshot_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statements.add(new StatementStats(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5),
                            rs.getLong(6), rs.getDouble(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)));
                }
            }
        }
        List<TableActivity> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select relation, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, seq_scan, "
                + "idx_scan, n_live_tup from query_snapshot_table where snapshot_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableActivity(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
        }
        return new WorkloadSnapshot(id, at, statsReset, dealloc, statements, tables);
    }

    private static void prune(Connection c, String connection) throws SQLException {
        List<Long> old = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id from query_snapshot where connection = ? order by id desc")) {
            ps.setString(1, connection);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) if (++n > KEEP) old.add(rs.getLong(1));
            }
        }
        for (String table : List.of("query_snapshot_stat", "query_snapshot_table")) {
            try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where snapshot_id = ?")) {
                for (long id : old) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("delete from query_snapshot where id = ?")) {
            for (long id : old) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
