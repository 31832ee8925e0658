package io.dbwarden.query;

/** Cumulative writes and scans of one table (pg_stat_user_tables) in one snapshot. */
public record TableActivity(String relation, long inserts, long updates, long deletes, long hotUpdates, long seqScans,
                            long idxScans, long liveRows) {
    public long writes() {
        return inserts + updates + deletes;
    }
}
