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
                analyze accounts;
                analyze events;
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
}
