package io.dbwarden.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load of one time window: the difference between two workload snapshots, statement by statement and table by
 * table. A reset of pg_stat_statements, or a statement evicted and seen again, makes counters go down; then the
 * current counters are the window's (they started from zero inside it), and the notes say so.
 *
 * @param from        the window's start: the baseline snapshot, the last reset, or null when unknown
 * @param cumulative  true when there was no baseline, so the figures are totals since the statistics began
 */
public record WorkloadWindow(Instant from, Instant to, boolean cumulative, List<String> notes, List<StatementWindow> statements,
                             Map<String, TableWindow> tables) {

    /** One statement's load in the window. Times are milliseconds of execution (planning excluded). */
    public record StatementWindow(String queryId, String query, long calls, double totalMs, double meanMs, double stddevMs,
                                  long rows, long sharedBlksHit, long sharedBlksRead, long tempBlksWritten) {
        /** An estimated 95th percentile: mean + 1.645 standard deviations (a normal approximation; real tails are longer). */
        public double p95Ms() {
            return meanMs + 1.645 * stddevMs;
        }

        public double rowsPerCall() {
            return calls == 0 ? 0 : (double) rows / calls;
        }
    }

    /** One table's writes and scans in the window. */
    public record TableWindow(String relation, long inserts, long updates, long deletes, long hotUpdates, long seqScans,
                              long idxScans, long liveRows) {
        public long writes() {
            return inserts + updates + deletes;
        }

        /** Share of updates that were HOT (no index entry written), or -1 when there were no updates. */
        public double hotRatio() {
            return updates == 0 ? -1 : (double) hotUpdates / updates;
        }
    }

    /** The window's length in seconds, or -1 when its start is unknown. */
    public double seconds() {
        return from == null ? -1 : Math.max(1, Duration.between(from, to).toMillis() / 1000.0);
    }

    public double totalMs() {
        return statements.stream().mapToDouble(StatementWindow::totalMs).sum();
    }

    /** The window from baseline (null: none) to current. */
    public static WorkloadWindow between(WorkloadSnapshot baseline, WorkloadSnapshot current) {
        List<String> notes = new ArrayList<>();
        boolean reset = baseline != null && current.statsReset() != null && !current.statsReset().equals(baseline.statsReset());
        Instant from;
        Map<String, StatementStats> before = new HashMap<>();
        Map<String, TableActivity> tablesBefore = new HashMap<>();
        if (baseline == null) {
            from = parseOrNull(current.statsReset());
            notes.add("First snapshot of this database: the figures are totals since pg_stat_statements was last reset"
                    + (current.statsReset() != null ? " (" + current.statsReset() + ")" : "")
                    + ". The next run reports only what happened in between.");
        } else if (reset) {
            from = parseOrNull(current.statsReset());
            notes.add("pg_stat_statements was reset at " + current.statsReset() + ", inside this window: the window starts there.");
        } else {
            from = baseline.takenAt();
            baseline.statements().forEach(s -> before.put(s.queryId(), s));
        }
        if (baseline != null) baseline.tables().forEach(t -> tablesBefore.put(t.relation(), t));
        if (baseline != null && !reset && baseline.dealloc() != null && current.dealloc() != null
                && current.dealloc() > baseline.dealloc()) {
            notes.add((current.dealloc() - baseline.dealloc()) + " times in this window pg_stat_statements evicted its least-used entries "
                    + "to make room: statements evicted and not seen again are missing, and re-entered ones count only since re-entry. "
                    + "Raise pg_stat_statements.max (a restart is needed).");
        }
        List<StatementWindow> statements = new ArrayList<>();
        int restarted = 0;
        for (StatementStats now : current.statements()) {
            StatementStats old = before.get(now.queryId());
            if (old != null && now.calls() < old.calls()) {
                restarted++;
                old = null;
            }
            long calls = now.calls() - (old == null ? 0 : old.calls());
            if (calls <= 0) continue;
            double total = now.totalExecMs() - (old == null ? 0 : old.totalExecMs());
            double sumSq = now.sumSqExec() - (old == null ? 0 : old.sumSqExec());
            double mean = total / calls;
            double variance = Math.max(0, sumSq / calls - mean * mean);
            statements.add(new StatementWindow(now.queryId(), now.query(), calls, total, mean, Math.sqrt(variance),
                    now.rows() - (old == null ? 0 : old.rows()),
                    now.sharedBlksHit() - (old == null ? 0 : old.sharedBlksHit()),
                    now.sharedBlksRead() - (old == null ? 0 : old.sharedBlksRead()),
                    now.tempBlksWritten() - (old == null ? 0 : old.tempBlksWritten())));
        }
        if (restarted > 0) {
            notes.add(restarted + " statement(s) were evicted or reset and came back in this window; their figures count since they came back.");
        }
        statements.sort(Comparator.comparingDouble(StatementWindow::totalMs).reversed());
        Map<String, TableWindow> tables = new LinkedHashMap<>();
        for (TableActivity now : current.tables()) {
            TableActivity old = tablesBefore.get(now.relation());
            if (old != null && (now.inserts() < old.inserts() || now.updates() < old.updates() || now.deletes() < old.deletes())) old = null;
            tables.put(now.relation(), old == null
                    ? new TableWindow(now.relation(), now.inserts(), now.updates(), now.deletes(), now.hotUpdates(), now.seqScans(),
                    now.idxScans(), now.liveRows())
                    : new TableWindow(now.relation(), now.inserts() - old.inserts(), now.updates() - old.updates(),
                    now.deletes() - old.deletes(), now.hotUpdates() - old.hotUpdates(), Math.max(0, now.seqScans() - old.seqScans()),
                    Math.max(0, now.idxScans() - old.idxScans()), now.liveRows()));
        }
        return new WorkloadWindow(from, current.takenAt(), baseline == null, List.copyOf(notes), List.copyOf(statements), tables);
    }

    private static Instant parseOrNull(String timestamp) {
        if (timestamp == null) return null;
        try {
            // PostgreSQL's text form: 2024-05-01 10:11:12.123456+00
            String iso = timestamp.trim().replace(' ', 'T');
            if (iso.matches(".*[+-]\\d\\d$")) iso = iso + ":00";
            return java.time.OffsetDateTime.parse(iso).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
