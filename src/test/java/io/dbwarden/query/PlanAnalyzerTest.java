package io.dbwarden.query;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each plan problem the analyzer names, produced by a real plan, with its fix. */
class PlanAnalyzerTest {
    @TempDir
    static Path project;
    private static String url;

    @BeforeAll
    static void schema() {
        url = TestDatabase.freshDatabase("plan_issues");
        TestDatabase.exec(url, """
                create table accounts (id int primary key, email text not null, region text not null, score int not null, note text);
                insert into accounts select i, 'user' || i || '@example.com', 'r' || (i % 20), i % 1000, md5(i::text)
                from generate_series(1, 100000) i;
                create index accounts_email on accounts (email);
                create table events (id bigint primary key, account_id int not null references accounts (id), kind text not null);
                insert into events select i, 1 + i % 100000, 'k' || (i % 7) from generate_series(1, 200000) i;
                create table corr (id int primary key, a int not null, b int not null, c int not null, d int not null);
                insert into corr select i, i % 50, i % 50, i % 50, i % 5000 from generate_series(1, 100000) i;
                create table corr_stats (like corr including all);
                insert into corr_stats select * from corr;
                create statistics corr_stats_abc (dependencies, mcv) on a, b, c from corr_stats;
                create table lookup (k int not null, v text not null);
                insert into lookup select i, 'v' || i from generate_series(1, 5000) i;
                create table lookup_ix (like lookup);
                insert into lookup_ix select * from lookup;
                create index lookup_ix_k on lookup_ix (k);
                analyze;
                alter database current_database_placeholder set work_mem = '64kB';
                """.replace("current_database_placeholder", url.substring(url.lastIndexOf('/') + 1)));
    }

    private static PlanAnalyzer.PlanAnalysis plan(String sql, boolean analyze) {
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            Warden.Services s = warden.forConnection(null);
            var catalog = s.catalog().current();
            return s.database().readOnly(c -> new PlanAnalyzer().analyze(c, sql,
                    new PlanAnalyzer.Context(catalog.serverVersionNum() / 10_000, PlanAnalyzer.rowEstimates(c), catalog, analyze)));
        }
    }

    private static List<String> kinds(PlanAnalyzer.PlanAnalysis p) {
        assertThat(p.error()).isNull();
        return p.issues().stream().map(PlanIssue::kind).toList();
    }

    @Test
    void aFunctionOnAnIndexedColumnHidesTheIndex() {
        PlanAnalyzer.PlanAnalysis p = plan("select id from accounts where lower(email) = $1", false);
        assertThat(kinds(p)).contains("function-on-indexed-column", "seq-scan-selective");
        assertThat(p.issues().stream().filter(i -> i.kind().equals("function-on-indexed-column")).findFirst().orElseThrow().fix())
                .contains("CREATE INDEX CONCURRENTLY ON public.accounts (lower(email))");
    }

    @Test
    void orAndLeadingWildcardsAreNamedWithTheirFixes() {
        assertThat(kinds(plan("select id from accounts where email = 'a' or note = 'b'", false))).contains("or-defeats-index");
        PlanAnalyzer.PlanAnalysis like = plan("select id from accounts where email like '%@example.org'", false);
        assertThat(kinds(like)).contains("leading-wildcard-like");
        assertThat(like.issues().stream().filter(i -> i.kind().equals("leading-wildcard-like")).findFirst().orElseThrow().fix())
                .contains("gin_trgm_ops");
    }

    @Test
    void anUnindexedForeignKeyJoinIsNamed() {
        PlanAnalyzer.PlanAnalysis p = plan("select a.email, e.kind from accounts a join events e on e.account_id = a.id where a.region = 'r3'", false);
        assertThat(kinds(p)).contains("unindexed-fk-join");
        // The same column names joined along something that is not the foreign key are not that problem.
        assertThat(kinds(plan("select a.email, e.kind from accounts a join events e on e.id = a.score where a.region = 'r3'", false)))
                .doesNotContain("unindexed-fk-join");
    }

    @Test
    void analyzeRunsOnlyWhenAllowedAndThenShowsSpillsAndBadEstimates() {
        String sql = "select * from accounts where score < 500 and region = 'r1' order by note";
        PlanAnalyzer.PlanAnalysis estimated = plan(sql, false);
        assertThat(estimated.analyzed()).isFalse();
        PlanAnalyzer.PlanAnalysis analyzed = plan(sql, true);
        assertThat(analyzed.analyzed()).isTrue();
        assertThat(analyzed.method()).startsWith("EXPLAIN ANALYZE");
        assertThat(kinds(analyzed)).contains("sort-spill");
        // A statement that writes is never executed, even when ANALYZE is allowed.
        PlanAnalyzer.PlanAnalysis write = plan("delete from events where kind = 'k1'", true);
        assertThat(write.analyzed()).isFalse();
    }

    @Test
    void parametersAreBoundFromPgStatsWhenPrepared() {
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            String described = warden.forConnection(null).database().readOnly(c -> {
                PlanAnalyzer.Prepared p = PlanAnalyzer.prepare(c, "select * from accounts a where a.region = $1 and a.score > $2 limit $3",
                        ParameterBinder.Profile.COMMON);
                PlanAnalyzer.deallocate(c, p.name());
                return p.describe();
            });
            assertThat(described).contains("$1 = 'r").contains("pg_stats of region").contains("$2 = ").contains("pg_stats of score")
                    .contains("$3 = 50");
        }
    }

    private static PlanIssue issue(PlanAnalyzer.PlanAnalysis p, String kind) {
        return p.issues().stream().filter(i -> i.kind().equals(kind)).findFirst().orElseThrow(() -> new AssertionError(kind + " not in " + p.issues()));
    }

    /** Every finding says why and what to do: an explanation and a fix that are more than a word. */
    private static void explainedWithFix(PlanIssue i, String fixContains) {
        assertThat(i.explanation()).hasSizeGreaterThan(40);
        assertThat(i.fix()).hasSizeGreaterThan(20).contains(fixContains);
    }

    @Test
    void correlatedColumnsMakeTheEstimateOffUntilExtendedStatisticsExist() {
        // a, b and c are equal in every row: the planner multiplies three 2% selectivities and expects 1 row, 2000 come back.
        PlanAnalyzer.PlanAnalysis p = plan("select id from corr where a = 1 and b = 1 and c = 1", true);
        PlanIssue off = issue(p, "estimate-off");
        assertThat(off.relation()).isEqualTo("public.corr");
        assertThat(off.title()).contains("estimated 1 rows, got 2000");
        explainedWithFix(off, "CREATE STATISTICS");
        // With (dependencies, mcv) statistics the same query is estimated well.
        assertThat(kinds(plan("select id from corr_stats where a = 1 and b = 1 and c = 1", true))).doesNotContain("estimate-off");
        // A LIMIT stops the scan early: reading 10 of an estimated 100,000 rows is not a misestimate.
        assertThat(kinds(plan("select * from corr limit 10", true))).doesNotContain("estimate-off");
        // Without ANALYZE there are no actual rows to compare with.
        assertThat(kinds(plan("select id from corr where a = 1 and b = 1 and c = 1", false))).doesNotContain("estimate-off");
    }

    @Test
    void hashJoinsAndHashAggregatesThatSpillAreNamed() {
        // work_mem is 64kB in this database: 5000 lookup rows do not fit in one hash batch.
        PlanAnalyzer.PlanAnalysis join = plan("select c.id, l.v from corr c join lookup l on l.k = c.d", true);
        PlanIssue spill = issue(join, "hash-spill");
        assertThat(spill.title()).matches("Hash spilled to disk \\(\\d+ batches\\)");
        explainedWithFix(spill, "work_mem");
        PlanAnalyzer.PlanAnalysis agg = plan("select d, count(*) from corr group by d", true);
        explainedWithFix(issue(agg, "hash-spill"), "work_mem");
        // A build side filtered down to 29 rows fits in memory.
        assertThat(kinds(plan("select c.id, l.v from corr c join lookup l on l.k = c.d where l.k < 30", true))).doesNotContain("hash-spill");
    }

    @Test
    void aNestedLoopThatRescansTheInnerTableForEachOfManyOuterRowsIsNamed() {
        // A range join cannot be hashed; the misestimated outer side (1 row expected, 2000 read) makes the loop large.
        String sql = "select x.d, l.v from corr x join %s l on l.k between x.d and x.d + 2 where x.a = 1 and x.b = 1 and x.c = 1";
        PlanAnalyzer.PlanAnalysis p = plan(sql.formatted("lookup"), true);
        PlanIssue loop = issue(p, "nested-loop-large-outer");
        assertThat(loop.relation()).isEqualTo("public.lookup");
        assertThat(loop.title()).contains("2000 times");
        explainedWithFix(loop, "public.lookup");
        // The same loop over an index is 2000 index lookups, which is fine.
        assertThat(kinds(plan(sql.formatted("lookup_ix"), true))).doesNotContain("nested-loop-large-outer");
        // And an equality join over the index (memoized or not) is not flagged either.
        assertThat(kinds(plan("select x.d, l.v from corr x join lookup_ix l on l.k = x.d where x.a = 1 and x.b = 1 and x.c = 1", true)))
                .doesNotContain("nested-loop-large-outer");
    }

    @Test
    void analyzeWithParametersGoesThroughPrepareAndLeavesNothingPrepared() throws Exception {
        PlanAnalyzer.PlanAnalysis p = plan("select id from corr where d = $1", true);
        assertThat(p.error()).isNull();
        assertThat(p.analyzed()).isTrue();
        assertThat(p.method()).startsWith("EXPLAIN ANALYZE EXECUTE").contains("$1 = ").contains("pg_stats of d");
        assertThat(kinds(p)).contains("seq-scan-selective");
    }
}
