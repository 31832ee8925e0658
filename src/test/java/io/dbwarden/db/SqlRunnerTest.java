package io.dbwarden.db;

import io.dbwarden.TestDatabase;
import io.dbwarden.config.Config;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlRunnerTest {

    private static Database demo(int maxRows, int maxBytes) {
        Config.Limits l = new Config.Limits(15_000, 2_000, 60_000, maxRows, maxBytes, 2);
        return new Database(new Config.Connection("t", TestDatabase.demoUrl(), null, null), l, false);
    }

    @Test
    void capsRowsAndBytesAndSaysWhy() {
        try (Database db = demo(50, 1_000_000)) {
            QueryResult r = new SqlRunner(db).execute("select id from work_orders order by id", 500);
            assertThat(r.rows()).hasSize(50);
            assertThat(r.truncated()).isTrue();
            assertThat(r.truncatedReason()).contains("row limit 50");
        }
        try (Database db = demo(500, 2_000)) {
            QueryResult r = new SqlRunner(db).execute("select payload from activity_logs", 500);
            assertThat(r.truncated()).isTrue();
            assertThat(r.truncatedReason()).contains("2000 bytes");
        }
    }

    @Test
    void mapsTypesToJsonValues() {
        try (Database db = demo(10, 100_000)) {
            QueryResult r = new SqlRunner(db).execute(
                    "select 1::int as i, 2::bigint as b, true as t, null::text as n, 1.5::float8 as f, 'x' as s, 12.30::numeric as d", 10);
            assertThat(r.rows().get(0)).containsExactly(1L, 2L, true, null, 1.5, "x", "12.30");
        }
    }

    @Test
    void explainFindsTheMissingIndexAndKeepsThePlanCompact() {
        try (Database db = demo(10, 100_000)) {
            SqlRunner.Explained e = new SqlRunner(db).explain("select * from work_orders where crew_id = 42", true);
            assertThat(e.summary()).anyMatch(line -> line.contains("Sequential scan of public.work_orders")
                    && line.contains("crew_id") && line.contains("index"));
            String plan = e.plan().toString();
            assertThat(plan).contains("Actual Rows").doesNotContain("\"Output\"").doesNotContain("Local Hit Blocks");
        }
    }

    @Test
    void explainWithoutAnalyzeNeverRunsTheStatement() {
        try (Database db = demo(10, 100_000)) {
            SqlRunner runner = new SqlRunner(db);
            // Planned only: PostgreSQL plans an UPDATE without running it, even in a read-only transaction.
            SqlRunner.Explained e = runner.explain("update work_orders set title = 'x' where id = 1", false);
            assertThat(e.analyzed()).isFalse();
            assertThat(e.plan().toString()).contains("ModifyTable");
            assertThatThrownBy(() -> runner.explain("update work_orders set title = 'x' where id = 1", true))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(runner.execute("select title from work_orders where id = 1", 1).rows().get(0).get(0)).isNotEqualTo("x");
        }
    }

    @Test
    void hugeAndEmptyInputGetClearErrors() {
        try (Database db = demo(10, 100_000)) {
            SqlRunner runner = new SqlRunner(db);
            assertThatThrownBy(() -> runner.execute("  ", 1)).hasMessageContaining("empty");
            assertThatThrownBy(() -> runner.execute("select 1 " + "-- x\n".repeat(50_000), 1)).hasMessageContaining("limit");
            assertThatThrownBy(() -> runner.execute("select * from no_such_table", 1))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("no_such_table");
        }
    }
}
