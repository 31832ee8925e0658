package io.dbwarden.query;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        return plan(url, sql, analyze);
    }

    private static PlanAnalyzer.PlanAnalysis plan(String url, String sql, boolean analyze) {
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
        explainedWithFix(off, "CREATE STATISTICS public.corr_a_b_c_stats (dependencies, mcv) ON a, b, c FROM public.corr;");
        // With (dependencies, mcv) statistics the same query is estimated well.
        assertThat(kinds(plan("select id from corr_stats where a = 1 and b = 1 and c = 1", true))).doesNotContain("estimate-off");
        // A LIMIT stops the scan early: reading 10 of an estimated 100,000 rows is not a misestimate.
        assertThat(kinds(plan("select * from corr limit 10", true))).doesNotContain("estimate-off");
        // Below a sort the scan reads everything even under a LIMIT: an impossible combination estimated at ~25,000 rows is off.
        PlanAnalyzer.PlanAnalysis sorted = plan("select id from corr where a < 25 and b >= 25 order by d limit 5", true);
        assertThat(sorted.issues()).as(sorted.plan().toString()).anyMatch(i -> i.kind().equals("estimate-off"));
        // Nor is a scan that never ran because a one-time condition was false,
        assertThat(kinds(plan("select * from corr where now() < '2000-01-01'::timestamptz", true))).doesNotContain("estimate-off");
        // or the 50 rows a merge join reads of an index before the other side runs out (whatever join the planner picks).
        PlanAnalyzer.PlanAnalysis merge = plan("select x.id, y.d from corr x join corr_stats y on y.id = x.a where x.d < 100", true);
        assertThat(merge.issues()).as(merge.plan().toString()).noneMatch(i -> i.kind().equals("estimate-off"));
        // Without ANALYZE there are no actual rows to compare with.
        assertThat(kinds(plan("select id from corr where a = 1 and b = 1 and c = 1", false))).doesNotContain("estimate-off");
    }

    @Test
    void hashJoinsAndHashAggregatesThatSpillAreNamed() {
        // work_mem is 64kB in this database: 5000 lookup rows do not fit in one hash batch.
        PlanAnalyzer.PlanAnalysis join = plan("select c.id, l.v from corr c join lookup l on l.k = c.d", true);
        PlanIssue spill = issue(join, "hash-spill");
        assertThat(spill.title()).matches("Hash spilled to disk \\(\\d+ batches\\)");
        explainedWithFix(spill, "SET LOCAL work_mem = '");
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
        explainedWithFix(loop, "CREATE INDEX CONCURRENTLY ON public.lookup (k);");
        // The same loop over an index is 2000 index lookups, which is fine.
        assertThat(kinds(plan(sql.formatted("lookup_ix"), true))).doesNotContain("nested-loop-large-outer");
        // And an equality join over the index (memoized or not) is not flagged either.
        assertThat(kinds(plan("select x.d, l.v from corr x join lookup_ix l on l.k = x.d where x.a = 1 and x.b = 1 and x.c = 1", true)))
                .doesNotContain("nested-loop-large-outer");
    }

    @Test
    void analyzeWithParametersExecutesThePreparedStatementWithValuesFromPgStats() {
        PlanAnalyzer.PlanAnalysis p = plan("select id from corr where d = $1", true);
        assertThat(p.error()).isNull();
        assertThat(p.analyzed()).isTrue();
        assertThat(p.method()).startsWith("EXPLAIN ANALYZE EXECUTE").contains("$1 = ").contains("pg_stats of d");
        assertThat(kinds(p)).contains("seq-scan-selective");
    }

    @Test
    void anRlsPolicyThatCallsAuthUidPerRowIsNamedInThePlanAndTheCatalog() {
        String db = TestDatabase.freshDatabase("plan_rls");
        String role = "dbw_rls_reader_" + ProcessHandle.current().pid();
        // auth.uid() as Supabase defines it: a SQL function over the request's JWT claim, which the planner inlines.
        TestDatabase.exec(db, """
                create schema auth;
                create function auth.uid() returns uuid language sql stable
                  as $$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
                create table notes (id int primary key, owner uuid not null, body text not null);
                insert into notes select i, md5((i % 500)::text)::uuid, 'note ' || i from generate_series(1, 20000) i;
                create table notes_wrapped (like notes including all);
                insert into notes_wrapped select * from notes;
                alter table notes enable row level security;
                alter table notes_wrapped enable row level security;
                create policy own_notes on notes for select using (owner = auth.uid());
                create policy own_notes on notes_wrapped for select using (owner = (select auth.uid()));
                analyze;
                """,
                "do $$ begin create role " + role + " login; exception when duplicate_object then null; end $$",
                "grant usage on schema auth to " + role,
                "grant select on notes, notes_wrapped to " + role);
        // A superuser bypasses RLS, so the policy is only in the plan of a role it applies to.
        String asRole = db.replaceFirst("://[^@/]+@", "://" + role + "@");
        PlanAnalyzer.PlanAnalysis p = plan(asRole, "select id from notes where body like 'note 1%'", false);
        PlanIssue perRow = issue(p, "rls-per-row");
        assertThat(perRow.relation()).isEqualTo("public.notes");
        explainedWithFix(perRow, "(select auth.uid())");
        // Wrapped in a sub-select it is an InitPlan that runs once.
        assertThat(kinds(plan(asRole, "select id from notes_wrapped where body like 'note 1%'", false))).doesNotContain("rls-per-row");

        try (Warden warden = new Warden(TestDatabase.config(db, project))) {
            // Without a workload the query analyzer still reports the policy, as the advisors' auth-rls-initplan rule judges it.
            List<PlanIssue> policies = warden.queryAnalyzer(null).analyze(new QueryAnalyzer.Options(500, false, false)).schemaIssues().stream()
                    .filter(i -> i.kind().equals("rls-per-row")).toList();
            assertThat(policies).extracting(PlanIssue::relation).containsExactly("public.notes");
            explainedWithFix(policies.get(0), "(select auth.uid())");
        }
    }

    @Test
    void onPostgres15AParameterizedStatementIsPreparedExplainedAndDeallocated() {
        var server = TestDatabase.secondServerUrl();
        assumeTrue(server.isPresent(), "No second PostgreSQL server on 127.0.0.1:5432.");
        String db = TestDatabase.createDatabaseOn(server.get(), "plan_prepare");
        TestDatabase.exec(db, """
                create table accounts (id int primary key, region text not null, score int not null);
                insert into accounts select i, 'r' || (i % 20), i % 1000 from generate_series(1, 100000) i;
                analyze accounts;
                """);
        try (Warden warden = new Warden(TestDatabase.config(db, project))) {
            Warden.Services s = warden.forConnection(null);
            var catalog = s.catalog().current();
            int major = catalog.serverVersionNum() / 10_000;
            assumeTrue(major < 16, "The second server is PostgreSQL " + major + ", which has GENERIC_PLAN.");
            s.database().readOnly(c -> {
                var ctx = new PlanAnalyzer.Context(major, PlanAnalyzer.rowEstimates(c), catalog, false);
                PlanAnalyzer.PlanAnalysis p = new PlanAnalyzer().analyze(c, "select id from accounts where region = $1 and score = $2", ctx);
                assertThat(p.error()).isNull();
                assertThat(p.analyzed()).isFalse();
                assertThat(p.method()).startsWith("EXPLAIN EXECUTE of the prepared statement").contains("$1 = 'r").contains("pg_stats of region")
                        .contains("$2 = ").contains("pg_stats of score");
                assertThat(p.issues()).extracting(PlanIssue::kind).contains("seq-scan-selective");
                // An error while planning the bound statement is reported as itself, and leaves the connection usable with
                // nothing of ours still prepared (a prepared statement outlives the rollback).
                PlanAnalyzer.PlanAnalysis failed = new PlanAnalyzer().analyze(c, "select id from accounts where score = $1 / 0", ctx);
                assertThat(failed.error()).contains("division by zero");
                assertThat(new PlanAnalyzer().analyze(c, "select id from accounts where region = $1", ctx).error()).isNull();
                try (var st = c.createStatement(); var rs = st.executeQuery("select string_agg(name, ', ') from pg_prepared_statements where name like 'dbwarden%'")) {
                    rs.next();
                    assertThat(rs.getString(1)).isNull();
                }
                return null;
            });
        }
    }
}
