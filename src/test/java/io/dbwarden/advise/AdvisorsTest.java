package io.dbwarden.advise;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.db.SqlLexer;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.Transition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every advisor rule against a real PostgreSQL: the catalog rules on planted.sql (a positive and a tricky negative each,
 * many of them cases splinter gets wrong), the statistics and session rules on live activity, and the demo database.
 */
class AdvisorsTest {
    static final String CONFIG = """
            advisors:
              exposed_schemas: [public, hidden, pgmq_public]
              graphql: "on"
              bloat_min_mb: 0
            """;
    @TempDir
    static Path project;
    static Advisors.Report planted;
    static Set<String> found;

    record Expectation(boolean expected, String rule, String subject) {
        @Override
        public String toString() {
            return (expected ? "finds " : "does not find ") + rule + " on " + subject;
        }
    }

    static String plantedSql() {
        try (InputStream in = AdvisorsTest.class.getResourceAsStream("planted.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Expectation> expectations() {
        List<Expectation> out = new ArrayList<>();
        for (String line : plantedSql().split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length == 4 && p[0].equals("--") && (p[1].equals("expect:") || p[1].equals("reject:"))) {
                out.add(new Expectation(p[1].equals("expect:"), p[2], p[3]));
            }
        }
        return out;
    }

    /** Runs the planted script one statement at a time, as psql would. */
    static void load(String url, String script) {
        List<String> statements = new ArrayList<>();
        for (List<SqlLexer.Token> st : SqlLexer.splitStatements(script)) {
            statements.add(script.substring(st.get(0).start(), st.get(st.size() - 1).end()));
        }
        TestDatabase.exec(url, statements.toArray(String[]::new));
    }

    @BeforeAll
    static void runOnPlanted() throws IOException {
        String url = TestDatabase.freshDatabase("advise");
        load(url, plantedSql());
        Files.writeString(project.resolve("dbwarden.yaml"), CONFIG);
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            planted = warden.advisors(null).run();
        }
        found = planted.findings().stream().map(f -> f.ruleId() + " " + f.subject()).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void plantedCase(Expectation e) {
        if (e.expected()) assertThat(found).as("findings").contains(e.rule() + " " + e.subject());
        else assertThat(found).as("findings").doesNotContain(e.rule() + " " + e.subject());
    }

    @Test
    void everyRuleRan() {
        assertThat(planted.notes()).noneMatch(n -> n.contains("could not run"));
    }

    @Test
    void everyRuleHasAPositiveAndANegativeCase() {
        Set<String> live = Set.of("low-cache-hit-rate", "idle-in-transaction", "inactive-replication-slot", "seq-scan-heavy-table",
                "xid-wraparound");
        for (LintRule rule : LintRules.ALL) {
            if (live.contains(rule.id())) continue;
            if (rule.id().equals("auth-allow-anonymous-sign-ins")) continue; // negative in noAnonymousUsersNoFinding
            assertThat(expectations()).as(rule.id()).anyMatch(e -> e.expected() && e.rule().equals(rule.id()));
            assertThat(expectations()).as(rule.id()).anyMatch(e -> !e.expected() && e.rule().equals(rule.id()));
        }
    }

    @Test
    void findingsCarryLevelRemediationAndEvidence() {
        Finding definer = planted.findings().stream()
                .filter(f -> f.ruleId().equals("function-search-path-mutable") && f.subject().equals("public.fsp_definer()")).findFirst().orElseThrow();
        Finding plain = planted.findings().stream()
                .filter(f -> f.ruleId().equals("function-search-path-mutable") && f.subject().equals("public.fsp_plain()")).findFirst().orElseThrow();
        assertThat(definer.severity()).isEqualTo(Finding.Severity.HIGH);
        assertThat(plain.severity()).isEqualTo(Finding.Severity.LOW);
        Finding rls = planted.findings().stream().filter(f -> f.subject().equals("public.rdp_open") && f.ruleId().equals("rls-disabled-in-public"))
                .findFirst().orElseThrow();
        assertThat(rls.remediation()).startsWith("alter table public.rdp_open enable row level security;");
        assertThat(rls.evidence().path("splinter").asText()).isEqualTo("rls_disabled_in_public");
        assertThat(rls.evidence().path("exposed_to").toString()).contains("anon");
        Finding initplan = planted.findings().stream().filter(f -> f.subject().equals("public.ip_t.ip_direct")).findFirst().orElseThrow();
        assertThat(initplan.remediation()).contains("(select auth.uid())");
    }

    @Test
    void liveActivityRules(@TempDir Path dir) throws Exception {
        String url = TestDatabase.freshDatabase("advise_live");
        String slot = "dbw_slot_" + ProcessHandle.current().pid();
        TestDatabase.exec(url,
                "create table scanned (id int primary key, v int)",
                "insert into scanned select g, g from generate_series(1, 12000) g",
                "create table looked_up (id int primary key, v int)",
                "insert into looked_up select g, g from generate_series(1, 12000) g",
                "create table small (id int primary key, v int)",
                "analyze");
        try (var c = TestDatabase.connect(url); var st = c.createStatement()) {
            for (int i = 0; i < 5; i++) st.execute("select sum(v) from scanned");
            for (int i = 0; i < 5; i++) st.execute("select sum(v) from small");
            st.execute("set enable_seqscan = off");
            for (int i = 1; i <= 40; i++) st.execute("select v from looked_up where id = " + i);
            st.execute("select sum(v) from looked_up where id > 0");
            st.execute("select pg_stat_force_next_flush()");
        }
        Files.writeString(dir.resolve("dbwarden.yaml"), """
                advisors:
                  idle_in_transaction_seconds: 0
                  cache_hit_percent: 100
                  cache_min_blocks: 1
                  xid_remaining: 2147483647
                """);
        try (var idle = TestDatabase.connect(url); var quiet = TestDatabase.connect(url); var st = idle.createStatement()) {
            TestDatabase.exec(url, "select pg_create_physical_replication_slot('" + slot + "_held', true)",
                    "select pg_create_physical_replication_slot('" + slot + "_empty', false)");
            quiet.createStatement().execute("select 1");
            idle.setAutoCommit(false);
            st.execute("select 1");
            int idlePid;
            try (var rs = st.executeQuery("select pg_backend_pid()")) {
                rs.next();
                idlePid = rs.getInt(1);
            }
            int quietPid;
            try (var rs = quiet.createStatement().executeQuery("select pg_backend_pid()")) {
                rs.next();
                quietPid = rs.getInt(1);
            }
            Advisors.Report r;
            try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
                r = warden.advisors(null).run();
            }
            Set<String> got = r.findings().stream().map(f -> f.ruleId() + " " + f.subject()).collect(Collectors.toSet());
            assertThat(got).contains("seq-scan-heavy-table public.scanned", "idle-in-transaction pid " + idlePid,
                    "inactive-replication-slot " + slot + "_held", "low-cache-hit-rate " + TestDatabase.connect(url).getCatalog(),
                    "xid-wraparound public.scanned");
            assertThat(got).doesNotContain("seq-scan-heavy-table public.looked_up", "seq-scan-heavy-table public.small",
                    "idle-in-transaction pid " + quietPid, "inactive-replication-slot " + slot + "_empty");
            idle.rollback();
        } finally {
            TestDatabase.exec(url, "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name like '" + slot + "%'");
        }
        // with the default thresholds none of this is alarming on a fresh database
        try (Warden warden = new Warden(TestDatabase.config(url, project.resolve("nowhere")))) {
            Set<String> rules = warden.advisors(null).run().findings().stream().map(Finding::ruleId).collect(Collectors.toSet());
            assertThat(rules).doesNotContain("xid-wraparound", "low-cache-hit-rate", "idle-in-transaction");
        }
    }

    @Test
    void noAnonymousUsersNoFinding() {
        String url = TestDatabase.freshDatabase("advise_anon");
        // an is_anonymous column with only permanent users, and on another run no such column at all
        TestDatabase.exec(url, "create schema auth", "create table auth.users (id int primary key, is_anonymous boolean)",
                "insert into auth.users values (1, false), (2, null)");
        try (Warden warden = new Warden(TestDatabase.config(url, project.resolve("nowhere")))) {
            Advisors.Report r = warden.advisors(null).run();
            assertThat(r.findings()).noneMatch(f -> f.ruleId().equals("auth-allow-anonymous-sign-ins"));
            assertThat(r.notes()).noneMatch(n -> n.contains("could not run"));
            TestDatabase.exec(url, "alter table auth.users drop column is_anonymous");
            assertThat(warden.advisors(null).run().notes()).noneMatch(n -> n.contains("could not run"));
        }
    }

    @Test
    void unusedIndexWaitsForStatisticsOldEnoughToMeanIt() {
        String url = TestDatabase.freshDatabase("advise_reset");
        TestDatabase.exec(url, "create table t (id int primary key, b int)", "create index t_b_idx on t (b)");
        try (Warden warden = new Warden(TestDatabase.config(url, project.resolve("reset")))) {
            // never reset: the index is judged unused
            assertThat(warden.advisors(null).run().findings()).anyMatch(f -> f.ruleId().equals("unused-index"));
            TestDatabase.exec(url, "select pg_stat_reset()");
            Advisors.Report r = warden.advisors(null).run();
            assertThat(r.findings()).noneMatch(f -> f.ruleId().equals("unused-index"));
            assertThat(r.notes()).anyMatch(n -> n.startsWith("unused-index skipped"));
            // not judged is not fixed: the finding stays open
            assertThat(r.transitions()).noneMatch(t -> t.kind() == Transition.Kind.RESOLVED && t.finding().ruleId().equals("unused-index"));
        }
    }

    @Test
    void findingsResolveWhenFixed(@TempDir Path dir) {
        String url = TestDatabase.freshDatabase("advise_resolve");
        TestDatabase.exec(url, "create table fixme (a int)");
        try (Warden warden = new Warden(TestDatabase.config(url, dir))) {
            List<Transition> first = warden.advisors(null).run().transitions();
            assertThat(first).anyMatch(t -> t.kind() == Transition.Kind.OPENED && t.finding().subject().equals("public.fixme"));
            TestDatabase.exec(url, "alter table fixme add primary key (a)");
            List<Transition> second = warden.advisors(null).run().transitions();
            assertThat(second).anyMatch(t -> t.kind() == Transition.Kind.RESOLVED && t.finding().subject().equals("public.fixme"));
        }
    }

    @Test
    void demoDatabase(@TempDir Path dir) {
        try (Warden warden = new Warden(TestDatabase.config(TestDatabase.demoUrl(), dir))) {
            Advisors.Report r = warden.advisors(null).run();
            Set<String> got = r.findings().stream().map(f -> f.ruleId() + " " + f.subject()).collect(Collectors.toSet());
            assertThat(r.notes()).noneMatch(n -> n.contains("could not run"));
            assertThat(got).contains("extension-in-public pg_stat_statements",
                    "multiple-permissive-policies public.work_orders",
                    "anon-security-definer-function-executable public.is_crew_member(p_crew_id bigint)",
                    "unindexed-foreign-keys public.work_orders.work_orders_crew_id_fkey");
            // the demo wraps every auth.uid() in a sub-select, reads crews with using (true) on purpose, and its
            // trigger function is SECURITY DEFINER but not callable through the API
            assertThat(got).noneMatch(s -> s.startsWith("auth-rls-initplan "));
            assertThat(got).noneMatch(s -> s.startsWith("rls-policy-always-true "));
            assertThat(got).doesNotContain("anon-security-definer-function-executable public.log_work_order_status_change()",
                    "security-definer-view public.open_work_orders", "rls-disabled-in-public public.users");
        }
    }
}
