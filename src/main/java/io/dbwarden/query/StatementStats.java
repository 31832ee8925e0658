package io.dbwarden.query;

/**
 * Cumulative pg_stat_statements counters of one query id in one snapshot. {@code sumSqExec} is the sum of squared
 * execution times, from which the standard deviation of any window between two snapshots follows exactly.
 */
public record StatementStats(String queryId, String query, long calls, double totalExecMs, double totalPlanMs, long rows,
                             double sumSqExec, long sharedBlksHit, long sharedBlksRead, long tempBlksWritten) {
}
