package io.dbwarden.query;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Deltas between two workload snapshots: plain windows, resets, evictions, and an exact standard deviation. */
class WorkloadWindowTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    /** A statement whose calls took exactly the given times, as pg_stat_statements would sum them. */
    private static StatementStats stats(String id, double... times) {
        double total = 0, sq = 0;
        for (double t : times) {
            total += t;
            sq += t * t;
        }
        return new StatementStats(id, "select " + id, times.length, total, 0, times.length, sq, 0, 0, 0);
    }

    private static WorkloadSnapshot snap(Instant at, String reset, Long dealloc, StatementStats... s) {
        return new WorkloadSnapshot(1, at, reset, dealloc, List.of(s), List.of(new TableActivity("public.t", 10, 5, 0, 5, 1, 1, 100)));
    }

    @Test
    void aWindowHoldsOnlyWhatHappenedInsideItWithItsOwnStandardDeviation() {
        WorkloadSnapshot before = snap(T0, "r1", 0L, stats("a", 1000, 1000, 1000), stats("b", 5));
        WorkloadSnapshot after = snap(T0.plusSeconds(600), "r1", 0L, stats("a", 1000, 1000, 1000, 10, 30), stats("b", 5));
        WorkloadWindow w = WorkloadWindow.between(before, after);
        assertThat(w.cumulative()).isFalse();
        assertThat(w.seconds()).isEqualTo(600);
        assertThat(w.statements()).hasSize(1);   // b did not run in the window
        WorkloadWindow.StatementWindow a = w.statements().get(0);
        assertThat(a.calls()).isEqualTo(2);
        assertThat(a.meanMs()).isCloseTo(20, within(1e-9));      // not (3000 + 40) / 5
        assertThat(a.stddevMs()).isCloseTo(10, within(1e-6));    // population stddev of {10, 30}
        assertThat(QueryAnalyzer.slowBecause(a, 500)).isNull();  // the slow calls were before the window
        assertThat(w.tables().get("public.t").writes()).isZero();
    }

    @Test
    void aResetStartsTheWindowAtTheResetAndCountsTheCurrentFigures() {
        WorkloadSnapshot before = snap(T0, "2024-05-01 10:00:00+00", 0L, stats("a", 1, 1, 1, 1));
        WorkloadSnapshot after = snap(T0.plusSeconds(600), "2024-05-01 10:05:00+00", 0L, stats("a", 900, 700));
        WorkloadWindow w = WorkloadWindow.between(before, after);
        assertThat(w.from()).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
        assertThat(w.notes()).anyMatch(n -> n.contains("was reset"));
        assertThat(w.statements().get(0).calls()).isEqualTo(2);
        assertThat(w.statements().get(0).meanMs()).isCloseTo(800, within(1e-9));
        assertThat(QueryAnalyzer.slowBecause(w.statements().get(0), 500)).contains("mean 800.0 ms");
    }

    @Test
    void anEvictedStatementThatCameBackCountsSinceItCameBackAndEvictionsAreReported() {
        WorkloadSnapshot before = snap(T0, "r1", 3L, stats("a", 1, 1, 1, 1, 1));
        WorkloadSnapshot after = snap(T0.plusSeconds(60), "r1", 7L, stats("a", 40, 60), stats("new", 3));
        WorkloadWindow w = WorkloadWindow.between(before, after);
        assertThat(w.notes()).anyMatch(n -> n.startsWith("4 times")).anyMatch(n -> n.startsWith("1 statement(s) were evicted"));
        assertThat(w.statements()).extracting(WorkloadWindow.StatementWindow::queryId).containsExactly("a", "new");
        assertThat(w.statements().get(0).meanMs()).isCloseTo(50, within(1e-9));
    }

    @Test
    void withoutABaselineTheFiguresAreCumulativeAndSaySo() {
        WorkloadWindow w = WorkloadWindow.between(null, snap(T0, null, null, stats("a", 100, 100, 2000)));
        assertThat(w.cumulative()).isTrue();
        assertThat(w.from()).isNull();
        assertThat(w.notes().get(0)).contains("totals since");
        // A tail over the threshold makes it slow even though the mean is under it.
        WorkloadWindow.StatementWindow a = w.statements().get(0);
        assertThat(a.meanMs()).isCloseTo(733.3, within(0.1));
        assertThat(QueryAnalyzer.slowBecause(a, 1000)).contains("95th percentile");
    }
}
