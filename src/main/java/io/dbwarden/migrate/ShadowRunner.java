package io.dbwarden.migrate;

import io.dbwarden.db.SqlResource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a migration on a throwaway copy of the target's schema exactly as the runner would (psql -f: statement by
 * statement in autocommit, honouring the file's own BEGIN/COMMIT; or the whole file in one transaction), and traces
 * for each statement the relation locks its session holds, the relations it rewrote (changed relfilenode), indexes
 * it left invalid, and its error. Never used on the target.
 */
final class ShadowRunner {

    /** One statement as the runner sees it. */
    record Step(int index, int line, String sql, Kind kind) {
        enum Kind { BEGIN, COMMIT, ROLLBACK, NON_TRANSACTIONAL, NORMAL }
    }

    record Lock(String relation, String relkind, String mode) {
    }

    /** What one statement did on the shadow. {@code locks} are cumulative inside an explicit transaction block. */
    record Trace(Step step, List<Lock> locks, List<String> rewritten, List<String> invalidIndexes, String errorState,
                 String error, boolean inTransactionBlock) {
    }

    /** {@code invalidAtEnd}: indexes still invalid when the file is done (an ON ONLY parent index is valid once attached). */
    record Result(List<Trace> traces, boolean transactionLeftOpen, Set<String> invalidAtEnd) {
    }

    private record Rel(String name, String relkind, long filenode, boolean valid) {
    }

    private ShadowRunner() {
    }

    static Result run(Connection shadow, List<Step> steps, RunnerMode mode) throws SQLException {
        shadow.setAutoCommit(true);
        List<Trace> traces = new ArrayList<>();
        boolean inBlock = false;
        boolean aborted = false;
        boolean wrapAll = mode != RunnerMode.AUTOCOMMIT;
        if (wrapAll) {
            exec(shadow, "BEGIN");
            inBlock = true;
        }
        // Each statement's "after" is the next one's "before": one snapshot per statement.
        Map<Long, Rel> before = relations(shadow);
        for (Step step : steps) {
            String errorState = null, error = null;
            List<Lock> locks = List.of();
            boolean blockBefore = inBlock;
            // Supabase pulls statements that cannot run in a pipeline out of the batch and runs them on their own.
            boolean runAlone = step.kind() == Step.Kind.NON_TRANSACTIONAL && (mode == RunnerMode.SUPABASE || !inBlock);
            try {
                switch (step.kind()) {
                    case BEGIN -> {
                        exec(shadow, step.sql());
                        inBlock = true;
                    }
                    case COMMIT, ROLLBACK -> {
                        exec(shadow, step.sql());
                        inBlock = false;
                        aborted = false;
                    }
                    default -> {
                        if (runAlone && inBlock && mode == RunnerMode.SUPABASE) {
                            // The batch transaction stays open around it in reality only for statements after it; the
                            // statement itself runs on its own, so trace it outside any block.
                            exec(shadow, "COMMIT");
                            exec(shadow, step.sql());
                            exec(shadow, "BEGIN");
                        } else if (inBlock) {
                            exec(shadow, step.sql());
                            locks = ownLocks(shadow);
                        } else if (runAlone) {
                            exec(shadow, step.sql());
                        } else {
                            shadow.setAutoCommit(false);
                            try {
                                exec(shadow, step.sql());
                                locks = ownLocks(shadow);
                                shadow.commit();
                            } catch (SQLException e) {
                                shadow.rollback();
                                throw e;
                            } finally {
                                shadow.setAutoCommit(true);
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                errorState = e.getSQLState();
                error = firstLine(e.getMessage());
                if (inBlock) aborted = true;
            }
            Map<Long, Rel> after = errorState == null || !inBlock ? relations(shadow) : before;
            List<String> rewritten = new ArrayList<>();
            Set<String> invalid = new LinkedHashSet<>();
            for (var e : after.entrySet()) {
                Rel old = before.get(e.getKey());
                if (old == null) {
                    if (!e.getValue().valid()) invalid.add(e.getValue().name());
                    continue;
                }
                if (old.filenode() != e.getValue().filenode() && (old.relkind().equals("r") || old.relkind().equals("m")
                        || old.relkind().equals("i"))) {
                    rewritten.add(e.getValue().name() + (old.relkind().equals("i") ? " (index)" : ""));
                }
                if (old.valid() && !e.getValue().valid()) invalid.add(e.getValue().name());
            }
            traces.add(new Trace(step, locks, rewritten, List.copyOf(invalid), errorState, error, blockBefore || inBlock));
            before = after;
            if (errorState != null) {
                // psql -v ON_ERROR_STOP=1 stops at the first error; later statements would meet a state nobody intended.
                if (inBlock) safeRollback(shadow);
                return new Result(traces, false, invalid(shadow));
            }
            if (aborted) break;
        }
        boolean leftOpen = inBlock && !wrapAll;
        if (inBlock) {
            if (wrapAll) exec(shadow, "COMMIT");
            else safeRollback(shadow);
        }
        return new Result(traces, leftOpen, invalid(shadow));
    }

    private static Set<String> invalid(Connection c) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        for (Rel r : relations(c).values()) if (!r.valid()) out.add(r.name());
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute(sql);
        }
    }

    private static void safeRollback(Connection c) {
        try {
            exec(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // nothing open
        }
    }

    private static Map<Long, Rel> relations(Connection c) throws SQLException {
        Map<Long, Rel> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SqlResource.load(ShadowRunner.class, "relfilenodes.sql"))) {
            while (rs.next()) {
                out.put(rs.getLong("oid"), new Rel(rs.getString("name"), rs.getString("relkind"), rs.getLong("filenode"), rs.getBoolean("valid")));
            }
        }
        return out;
    }

    private static List<Lock> ownLocks(Connection c) throws SQLException {
        List<Lock> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SqlResource.load(ShadowRunner.class, "own_locks.sql"))) {
            while (rs.next()) out.add(new Lock(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
