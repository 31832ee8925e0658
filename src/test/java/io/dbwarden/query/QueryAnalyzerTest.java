package io.dbwarden.query;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.findings.FindingQuery;
import io.dbwarden.findings.StoredFinding;
import io.dbwarden.findings.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** query_analyzer against a real server: window deltas, slow-query findings that open and resolve, plan problems. */
class QueryAnalyzerTest {
    @TempDir
    Path project;

    private static final String ORDERS = """
            create extension if not exists pg_stat_statements;
            create table customers (id int primary key, name text not null);
            insert into customers select i, 'c' || i from generate_series(1, 5000) i;
            create table orders (id bigint generated always as identity primary key,
                                 customer_id int not null references customers (id), status text not null,
                                 created_at timestamptz not null, amount numeric not null);
            insert into orders (customer_id, status, created_at, amount)
            select 1 + i % 5000, case when i % 50 = 0 then 'open' else 'done' end, now() - i * interval '1 minute', i % 100
            from generate_series(1, 600000) i;
            analyze customers;
            analyze orders;
            """;

    private static final int THRESHOLD_MS = 8;

    @Test
    void aSlowQueryBecomesAFindingAndResolvesOnceAnIndexMakesItFast() {
        String url = TestDatabase.freshDatabase("qa_slow");
        TestDatabase.exec(url, ORDERS);
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            // The threshold leaves a wide margin on both sides, so a loaded machine does not flip the verdicts: a serial
            // scan of 600,000 rows takes tens of milliseconds, an index lookup well under one.
            for (int i = 0; i < 5; i++) {
                TestDatabase.exec(url, "set max_parallel_workers_per_gather = 0", "select * from orders where customer_id = " + (40 + i));
            }
            QueryAnalyzer.Report first = warden.queryAnalyzer(null).analyze(new QueryAnalyzer.Options(THRESHOLD_MS, true, true));
            assertThat(first.workloadAvailable()).isTrue();
            assertThat(first.window().cumulative()).isTrue();
            QueryAnalyzer.AnalyzedStatement slow = first.slow().stream().filter(s -> s.stats().query().contains("customer_id = $1"))
                    .findFirst().orElseThrow();
            assertThat(slow.stats().calls()).isEqualTo(5);
            assertThat(slow.plan().method()).contains(warden.forConnection(null).catalog().current().serverVersionNum() >= 160000
                    ? "GENERIC_PLAN" : "representative values");
            assertThat(slow.plan().issues()).extracting(PlanIssue::kind).contains("seq-scan-selective");
            assertThat(slow.plan().issues().get(0).fix()).contains("CREATE INDEX CONCURRENTLY ON public.orders (customer_id)");
            assertThat(first.schemaIssues()).extracting(PlanIssue::kind).contains("unindexed-fk-join");
            assertThat(first.transitions()).extracting(Transition::kind).contains(Transition.Kind.OPENED);
            List<StoredFinding> open = warden.findings().query(new FindingQuery(null, null, StoredFinding.Status.OPEN, null, null, null));
            assertThat(open).anyMatch(f -> f.finding().ruleId().equals("slow-query") && f.finding().category().id().equals("performance")
                    && f.finding().evidence().path("queryid").asText().equals(slow.stats().queryId()));

            TestDatabase.exec(url, "create index on orders (customer_id)", "analyze orders");
            String[] fast = new String[40];
            for (int i = 0; i < fast.length; i++) fast[i] = "select * from orders where customer_id = " + (50 + i);
            TestDatabase.exec(url, fast);
            QueryAnalyzer.Report second = warden.queryAnalyzer(null).analyze(new QueryAnalyzer.Options(THRESHOLD_MS, true, true));
            assertThat(second.window().cumulative()).isFalse();
            WorkloadWindow.StatementWindow again = second.window().statements().stream()
                    .filter(s -> s.queryId().equals(slow.stats().queryId())).findFirst().orElseThrow();
            assertThat(again.calls()).isEqualTo(40);   // the window, not the totals since the reset
            assertThat(second.slow()).noneMatch(s -> s.stats().queryId().equals(slow.stats().queryId()));
            assertThat(second.transitions()).anyMatch(t -> t.kind() == Transition.Kind.RESOLVED
                    && t.finding().evidence().path("queryid").asText().equals(slow.stats().queryId()));
        }
    }

    @Test
    void aHotReadOfARarelyWrittenTableGetsACacheWithATtlFromTheMeasuredRates() {
        String url = TestDatabase.freshDatabase("qa_cache");
        TestDatabase.exec(url, "create extension if not exists pg_stat_statements",
                "create table plans (id int primary key, name text not null, price numeric not null)",
                "insert into plans select i, 'plan ' || i, i * 10 from generate_series(1, 10) i");
        String[] reads = new String[400];
        java.util.Arrays.fill(reads, "select id, name, price from plans order by price");
        TestDatabase.exec(url, reads);
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            QueryAnalyzer.Report r = warden.queryAnalyzer(null).analyze(new QueryAnalyzer.Options(500, false, true));
            CachingAdvice.Advice advice = r.caching().stream().filter(a -> a.query().contains("from plans")).findFirst().orElseThrow();
            assertThat(advice.kind()).isEqualTo("cache");
            assertThat(advice.tables()).containsExactly("public.plans");
            // 10 writes in the window: the TTL is half the mean time between two of them.
            double seconds = r.window().seconds();
            assertThat(advice.ttlSeconds()).isEqualTo(Math.max(1, Math.min(3600, Math.round(seconds / 10 / 2))));
            assertThat(advice.fix()).contains(advice.ttlSeconds() + " s");
        }
    }

    @Test
    void withoutPgStatStatementsItSaysHowToEnableItAndStillChecksTheSchema() {
        String url = TestDatabase.freshDatabase("qa_nopgss");
        TestDatabase.exec(url, ORDERS.replace("create extension if not exists pg_stat_statements;", ""));
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            QueryAnalyzer.Report r = warden.queryAnalyzer(null).analyze(new QueryAnalyzer.Options(500, true, true));
            assertThat(r.workloadAvailable()).isFalse();
            assertThat(r.enableAdvice()).contains("CREATE EXTENSION pg_stat_statements");
            assertThat(r.slow()).isEmpty();
            assertThat(r.schemaIssues()).anyMatch(i -> i.kind().equals("unindexed-fk-join") && i.fix().contains("(customer_id)"));
            assertThat(r.transitions()).isNull();
        }
    }

    @Test
    void theDemoWorkloadsMissingIndexesAreFound() {
        try (Warden warden = new Warden(TestDatabase.config(TestDatabase.demoUrl(), project))) {
            QueryAnalyzer.Report r = warden.queryAnalyzer(null).analyze(new QueryAnalyzer.Options(5, false, true));
            assertThat(r.schemaIssues()).filteredOn(i -> i.kind().equals("unindexed-fk-join")).extracting(PlanIssue::fix)
                    .contains("create index concurrently on public.work_orders (crew_id);",
                            "create index concurrently on public.activity_logs (user_id);",
                            "create index concurrently on public.equipment_assignments (equipment_id);");
            QueryAnalyzer.AnalyzedStatement userActivity = r.slow().stream()
                    .filter(s -> s.stats().query().replaceAll("\\s+", " ").contains("from activity_logs where user_id = $1"))
                    .findFirst().orElseThrow();
            assertThat(userActivity.plan().issues()).anyMatch(i -> i.kind().equals("seq-scan-selective") && i.fix().contains("(user_id)"));
            assertThat(r.transitions()).isNull();   // log_slow_queries = false records nothing
        }
    }

    @Test
    void aPointQueryCalledThousandsOfTimesIsAnNPlusOneAndASpillingSortWritesTempBlocks() {
        String url = TestDatabase.freshDatabase("qa_patterns");
        TestDatabase.exec(url, "create extension if not exists pg_stat_statements",
                "create table customers (id int primary key, name text not null)",
                "insert into customers select i, 'c' || i from generate_series(1, 5000) i",
                "create table notes (id int primary key, body text not null)",
                "insert into notes select i, md5(i::text) from generate_series(1, 50000) i",
                // Only this database's statements: a bare reset would wipe the shared demo database's workload other tests read.
                "analyze", "select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)");
        String[] points = new String[1200];
        String[] ranges = new String[1200];
        for (int i = 0; i < points.length; i++) {
            points[i] = "select id, name from customers where id = " + (1 + i);
            ranges[i] = "select count(*) from customers where id >= " + (1 + i);
        }
        TestDatabase.exec(url, points);
        TestDatabase.exec(url, ranges);
        // 50,000 rows sorted in 64kB of work_mem go to temporary files; the top 10 by id come from a small heap in memory.
        TestDatabase.exec(url, "set work_mem = '64kB'", "select * from notes order by body", "select * from notes order by body limit 10");
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            QueryAnalyzer.Report r = warden.queryAnalyzer(null).analyze(new QueryAnalyzer.Options(60_000, false, false));
            QueryAnalyzer.AnalyzedStatement point = statement(r, "from customers where id = $1");
            assertThat(point.stats().calls()).isEqualTo(1200);
            PlanIssue n1 = point.patterns().stream().filter(i -> i.kind().equals("n-plus-one")).findFirst().orElseThrow();
            assertThat(n1.title()).isEqualTo("N+1 pattern: 1200 calls returning 1.0 row each");
            assertThat(n1.explanation()).contains("1200 times");
            assertThat(n1.fix()).contains("= ANY($1)");
            assertThat(point.patterns()).extracting(PlanIssue::kind).doesNotContain("temp-spill");
            // One row per call, called as often, but a range count is not a point lookup.
            assertThat(statement(r, "from customers where id >= $1").patterns()).isEmpty();

            QueryAnalyzer.AnalyzedStatement sort = statement(r, "from notes order by body");
            assertThat(sort.stats().tempBlksWritten()).isPositive();
            PlanIssue spill = sort.patterns().stream().filter(i -> i.kind().equals("temp-spill")).findFirst().orElseThrow();
            assertThat(spill.title()).isEqualTo("Wrote " + sort.stats().tempBlksWritten() + " temporary blocks in the window");
            assertThat(spill.fix()).contains("work_mem");
            assertThat(statement(r, "from notes order by body limit $1").patterns()).isEmpty();
        }
    }

    private static QueryAnalyzer.AnalyzedStatement statement(QueryAnalyzer.Report r, String queryEnd) {
        return r.top().stream().filter(s -> s.stats().query().endsWith(queryEnd)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement ending in " + queryEnd + " among " + r.top().stream().map(s -> s.stats().query()).toList()));
    }
}
