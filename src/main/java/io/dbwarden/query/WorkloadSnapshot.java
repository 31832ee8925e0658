package io.dbwarden.query;

import java.time.Instant;
import java.util.List;

/**
 * pg_stat_statements and the table write counters at one instant, with the two facts that decide how a later snapshot
 * differs from it: when the statistics were last reset and how many entries had been evicted (both null before
 * PostgreSQL 14, where pg_stat_statements_info does not exist). {@code id} is 0 until the snapshot is stored.
 */
public record WorkloadSnapshot(long id, Instant takenAt, String statsReset, Long dealloc, List<StatementStats> statements,
                               List<TableActivity> tables) {
    public WorkloadSnapshot {
        statements = List.copyOf(statements);
        tables = List.copyOf(tables);
    }

    WorkloadSnapshot withId(long newId) {
        return new WorkloadSnapshot(newId, takenAt, statsReset, dealloc, statements, tables);
    }
}
