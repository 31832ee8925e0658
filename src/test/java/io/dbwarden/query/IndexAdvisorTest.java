package io.dbwarden.query;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** recommend_indexes against real servers: HypoPG-costed on PostgreSQL 15, the estimate fallback on 17, the demo's four. */
class IndexAdvisorTest {
    @TempDir
    Path project;

    /** Events over 60 days, one a minute; 2,000 accounts. A duplicate and a prefix-redundant index to drop. */
    private static final String EVENTS = """
            create table accounts (id int primary key, name text not null);
            insert into accounts select i, 'a' || i from generate_series(1, 2000) i;
            create table events (id bigint generated always as identity primary key,
                                 account_id int not null references accounts (id), kind text not null,
                                 created_at timestamptz not null, amount numeric not null);
            insert into events (account_id, kind, created_at, amount)
            select 1 + i % 2000, case when i % 10 = 0 then 'refund' else 'sale' end, now() - i * interval '1 minute', i % 100
            from generate_series(1, 86400) i;
            create index events_kind_idx on events (kind);
            create index events_kind_copy_idx on events (kind);
            create index events_kind_amount_idx on events (kind, amount);
            analyze accounts;
            analyze events;
            """;
    private static final String BY_ACCOUNT = "select id, kind, amount from events where account_id = $1 order by created_at desc limit 20";
    private static final String RECENT = "select id, account_id, created_at from events where created_at > now() - $1::interval "
            + "order by created_at desc limit 100";

    @Test
    void hypopgCostsTheAdviceOverRealParameterValues() throws Exception {
        String url = hypopgDatabase();
        TestDatabase.exec(url, EVENTS);
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            IndexAdvisor advisor = warden.indexAdvisor(null);
            IndexAdvisor.Report one = advisor.recommend(new IndexAdvisor.Options(BY_ACCOUNT, 100));
            assertThat(one.method()).isEqualTo(IndexAdvisor.METHOD_HYPOPG);
            IndexAdvisor.Recommendation r = one.recommendations().get(0);
            assertThat(r.method()).isEqualTo("hypopg");
            assertThat(r.ddl()).startsWith("CREATE INDEX CONCURRENTLY ON public.events (account_id");
            assertThat(r.sizeBytes()).isPositive();
            assertThat(r.helps()).singleElement().satisfies(h -> assertThat(h.after()).isLessThan(h.before() / 2));

            // now() - $1 with a recent interval: a generic plan would see a third of the table, custom plans see a day.
            IndexAdvisor.Report recent = advisor.recommend(new IndexAdvisor.Options(RECENT, 100));
            assertThat(recent.recommendations()).extracting(IndexAdvisor.Recommendation::ddl)
                    .anyMatch(d -> d.startsWith("CREATE INDEX CONCURRENTLY ON public.events (created_at"));

            IndexAdvisor.Report workload = advisor.recommend(new IndexAdvisor.Options(null, 100));
            assertThat(workload.drops()).extracting(IndexAdvisor.Drop::index).contains("events_kind_idx");
            assertThat(workload.drops()).filteredOn(d -> d.index().equals("events_kind_copy_idx") || d.index().equals("events_kind_idx"))
                    .extracting(IndexAdvisor.Drop::reason).anyMatch(reason -> reason.startsWith("duplicate of"))
                    .anyMatch(reason -> reason.contains("lead events_kind_amount_idx") || reason.startsWith("duplicate of"));
            assertThat(workload.drops()).extracting(IndexAdvisor.Drop::index).doesNotContain("events_pkey");
        }
        // The hypothetical indexes lived in the advisor's session only.
        assertThat(realIndexes(url)).doesNotContain("events_account_id_idx").contains("events_kind_idx");
    }

    @Test
    void withoutHypopgTheFallbackSaysSo() {
        String url = TestDatabase.freshDatabase("idx_fallback");
        TestDatabase.exec(url, EVENTS);
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            IndexAdvisor.Report r = warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(BY_ACCOUNT, 100));
            assertThat(r.method()).isEqualTo(IndexAdvisor.METHOD_MODEL);
            assertThat(r.methodNote()).contains("HypoPG is not").contains("estimates");
            assertThat(r.recommendations()).isNotEmpty().allMatch(x -> x.method().equals("estimate"));
            assertThat(r.recommendations().get(0).ddl()).startsWith("CREATE INDEX CONCURRENTLY ON public.events (account_id");
            // A budget smaller than any candidate leaves nothing to create, and says nothing false.
            assertThat(warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(BY_ACCOUNT, 0.01)).recommendations()).isEmpty();
            assertThatThrownBy(() -> new IndexAdvisor.Options(BY_ACCOUNT, -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("budget_mb");
            assertThatThrownBy(() -> warden.indexAdvisor(null).recommend(new IndexAdvisor.Options("drop table events", 100)))
                    .isInstanceOf(IllegalArgumentException.class);
            // The newest rows with no filter: read in order from an index on the sort key, stopped by the LIMIT.
            assertThat(warden.indexAdvisor(null).recommend(new IndexAdvisor.Options("select id, amount from events order by created_at desc limit 20", 100))
                    .recommendations()).singleElement().satisfies(x -> {
                        assertThat(x.ddl()).isEqualTo("CREATE INDEX CONCURRENTLY ON public.events (created_at);");
                        // 20 rows read in order cost something: the LIMIT's share of the sort is all the plan charged.
                        assertThat(x.helps()).singleElement().satisfies(h -> assertThat(h.after()).isGreaterThan(20).isLessThan(h.before() / 10));
                    });
            // A table name that needs quoting gets it in the DDL.
            TestDatabase.exec(url, "create table \"Event Copy\" as select * from events", "analyze \"Event Copy\"");
            assertThat(warden.indexAdvisor(null).recommend(new IndexAdvisor.Options("select id from \"Event Copy\" where account_id = $1", 100))
                    .recommendations()).extracting(IndexAdvisor.Recommendation::ddl)
                    .contains("CREATE INDEX CONCURRENTLY ON public.\"Event Copy\" (account_id);");
        }
    }

    @Test
    void findsTheFourIndexesTheDemoLacks() {
        String url = TestDatabase.demoUrl();
        List<String[]> cases = List.of(
                new String[]{"select id, title from work_orders where crew_id = $1 order by created_at desc limit $2", "public.work_orders (crew_id"},
                new String[]{"select id, action from activity_logs where user_id = $1 order by created_at desc limit $2", "public.activity_logs (user_id"},
                new String[]{"select a.id, a.created_at from activity_logs a where a.created_at > now() - $1::interval order by a.created_at desc limit $2",
                        "public.activity_logs (created_at"},
                new String[]{"select ea.assigned_at from equipment_assignments ea join crews c on c.id = ea.crew_id where ea.equipment_id = $1 "
                        + "order by ea.assigned_at desc", "public.equipment_assignments (equipment_id"});
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            for (String[] c : cases) {
                IndexAdvisor.Report r = warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(c[0], 100));
                assertThat(r.recommendations()).as(c[0]).extracting(IndexAdvisor.Recommendation::ddl)
                        .anyMatch(d -> d.startsWith("CREATE INDEX CONCURRENTLY ON " + c[1]));
            }
        }
    }

    @Test
    void predicatesAreSortedIntoWhatAnIndexCanServe() {
        List<String> eq = new java.util.ArrayList<>(), range = new java.util.ArrayList<>(), constants = new java.util.ArrayList<>();
        PlanPredicates.classify("((status = 'open'::text) AND (created_at > (now() - '1 day'::interval)) AND (returned_at IS NULL) "
                + "AND (lower((email)::text) = 'a@b'::text) AND (crew_id = c.id))", eq, range, constants);
        assertThat(eq).containsExactly("status", "(lower((email)::text))");
        assertThat(range).containsExactly("created_at");
        assertThat(constants).containsExactly("returned_at IS NULL");
        List<String> none = new java.util.ArrayList<>();
        PlanPredicates.classify("((a = 1) OR (b = 2))", none, none, none);
        assertThat(none).isEmpty();
    }

    @Test
    void anIndexOnAColumnTheWorkloadUpdatesOftenIsNotWorthItsLostHotUpdates() throws Exception {
        String url = TestDatabase.freshDatabase("idx_hot");
        TestDatabase.exec(url, """
                create extension if not exists pg_stat_statements;
                create table tickets (id int primary key, assignee int not null, status text not null, note text) with (fillfactor = 70);
                insert into tickets select i, i % 500, case when i % 1000 = 0 then 'urgent' else 'open' end, 'n' || i
                from generate_series(1, 40000) i;
                analyze tickets;
                """);
        String byStatus = "select id, note from tickets where status = 'urgent'";
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            // Alone, the status lookup is worth an index.
            assertThat(warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(byStatus, 100)).recommendations())
                    .extracting(IndexAdvisor.Recommendation::ddl).anyMatch(d -> d.contains("tickets (status"));
            warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(null, 100));  // the baseline snapshot
            try (Connection c = TestDatabase.connect(url)) {
                for (int i = 0; i < 5; i++) {
                    try (Statement st = c.createStatement()) {
                        st.executeQuery(byStatus).close();
                        st.executeQuery("select id, note from tickets where assignee = " + (7 + i)).close();
                    }
                }
                try (var ps = c.prepareStatement("update tickets set status = ? where id = ?")) {
                    for (int i = 1; i <= 3000; i++) {
                        ps.setString(1, i % 2 == 0 ? "open" : "pending");
                        ps.setInt(2, 1 + (i * 7) % 40000);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            IndexAdvisor.Report r = warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(null, 100));
            assertThat(r.recommendations()).extracting(IndexAdvisor.Recommendation::ddl)
                    .anyMatch(d -> d.contains("tickets (assignee"))
                    .noneMatch(d -> d.contains("tickets (status"));
            // It says what it left out and why: status changes on most updates, far more often than the lookup runs.
            assertThat(r.notes()).anyMatch(n -> n.startsWith("Not recommended: CREATE INDEX CONCURRENTLY ON public.tickets (status")
                    && n.contains("stop HOT updates of public.tickets: status is set by most of the table's updates in the window (3000)"));
            // Asked about the one statement, it still proposes the index, but prices the writes it would cost and says it did not weigh them.
            IndexAdvisor.Report one = warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(byStatus, 100));
            assertThat(one.recommendations()).filteredOn(x -> x.ddl().contains("tickets (status")).singleElement().satisfies(x -> {
                assertThat(x.writeCost()).isPositive();
                assertThat(x.hotColumns()).containsExactly("status");
            });
            assertThat(one.notes()).anyMatch(n -> n.contains("not weighed"));
        }
    }

    @Test
    void dropsNeverTakeAwayTheIndexThePlannerUses() throws Exception {
        String url = TestDatabase.freshDatabase("idx_drops");
        TestDatabase.exec(url, """
                create table items (id int primary key, a int not null, c int not null, d int not null, name text not null);
                insert into items select i, i % 5000, i % 4000, i % 7, 'item ' || i from generate_series(1, 50000) i;
                create index items_a_one on items (a);
                create index items_a_two on items (a);
                create index items_c on items (c);
                alter table items add constraint items_id_key unique (id);
                analyze items;
                """);
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                st.executeQuery("select name from items where a = " + i).close();
                st.executeQuery("select name from items where c = " + i).close();
            }
            st.execute("select pg_stat_force_next_flush()");
            // Created after the lookups, so the planner has used only its prefix.
            st.execute("create index items_c_d on items (c, d)");
        }
        Map<String, Long> scans = indexScans(url);
        String usedCopy = scans.get("items_a_one") > 0 ? "items_a_one" : "items_a_two";
        String idleCopy = usedCopy.equals("items_a_one") ? "items_a_two" : "items_a_one";
        assertThat(scans.get(usedCopy)).isPositive();
        assertThat(scans.get(idleCopy)).isZero();
        assertThat(scans.get("items_c")).isPositive();
        assertThat(scans.get("items_c_d")).isZero();
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            IndexAdvisor.Report r = warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(null, 100));
            // Of the two copies the unused one goes; of a prefix and its longer twin, the one the planner never scanned goes.
            assertThat(r.drops()).extracting(IndexAdvisor.Drop::index).contains(idleCopy, "items_c_d").doesNotContain(usedCopy, "items_c", "items_pkey", "items_id_key");
            assertThat(r.drops()).filteredOn(d -> d.index().equals(idleCopy)).singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo("duplicate of " + usedCopy + " (same table, method, columns, operator classes and predicate)"));

            // A unique key answers a point lookup with one row: no INCLUDE copy of the primary key for an index-only scan.
            IndexAdvisor.Report point = warden.indexAdvisor(null).recommend(new IndexAdvisor.Options("select id, name from items where id = $1", 100));
            assertThat(point.recommendations()).isEmpty();
        }
    }

    private static Map<String, Long> indexScans(String url) throws Exception {
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select indexrelname, idx_scan from pg_stat_user_indexes where relname = 'items'")) {
            Map<String, Long> out = new java.util.HashMap<>();
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            return out;
        }
    }

    @Test
    void theInnerSideOfAJoinGetsAnIndexOnItsJoinColumn() throws Exception {
        String url = hypopgDatabase();
        TestDatabase.exec(url, EVENTS);
        String byName = "select e.amount, e.created_at from accounts a join events e on e.account_id = a.id where a.name = $1";
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            IndexAdvisor.Report r = warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(byName, 100));
            // A hash join reads all 86,400 events; with both indexes one account's 43 events are probed through a nested loop.
            assertThat(r.recommendations()).extracting(IndexAdvisor.Recommendation::ddl)
                    .anyMatch(d -> d.startsWith("CREATE INDEX CONCURRENTLY ON public.accounts (name"))
                    .anyMatch(d -> d.startsWith("CREATE INDEX CONCURRENTLY ON public.events (account_id"));
        }
        // A fixed-prefix LIKE is a byte-order range: text_pattern_ops serves it under any collation.
        TestDatabase.exec(url, "create table people (id int primary key, email text not null)",
                "insert into people select i, 'user' || i || '@example.com' from generate_series(1, 60000) i", "analyze people");
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            assertThat(warden.indexAdvisor(null).recommend(new IndexAdvisor.Options("select id from people where email like 'user1234%'", 100))
                    .recommendations()).extracting(IndexAdvisor.Recommendation::ddl)
                    .containsExactly("CREATE INDEX CONCURRENTLY ON public.people (email text_pattern_ops);");
            assertThat(warden.indexAdvisor(null).recommend(new IndexAdvisor.Options("select id from people where email like '%1234@example.com'", 100))
                    .recommendations()).isEmpty();
        }
        List<String> joins = new java.util.ArrayList<>(), none = new java.util.ArrayList<>();
        PlanPredicates.classify("((account_id = a.id) AND (kind = 'sale'::text) AND (amount > a.limit_amount))", none, none, none, joins);
        assertThat(joins).containsExactly("account_id");
    }

    /**
     * Supabase-style documents readable by their owner only: one policy wraps auth.uid() in a sub-select (an initplan),
     * the other calls it per row. 2,000 owners, 100,000 rows each table.
     */
    private static final String OWNED = """
            do $$ begin
              if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
            end $$;
            create schema auth;
            create function auth.uid() returns uuid language sql stable as $f$
              select nullif(coalesce(current_setting('request.jwt.claim.sub', true),
                                     current_setting('request.jwt.claims', true)::jsonb ->> 'sub'), '')::uuid $f$;
            grant usage on schema auth to authenticated;
            grant execute on function auth.uid() to authenticated;
            create table documents (id bigint generated always as identity primary key, owner_id uuid not null,
                                    title text not null, created_at timestamptz not null);
            insert into documents (owner_id, title, created_at)
            select md5((i % 2000)::text)::uuid, 'doc ' || i, now() - i * interval '1 minute' from generate_series(1, 100000) i;
            create table notes (like documents including all);
            insert into notes (owner_id, title, created_at) select owner_id, title, created_at from documents;
            alter table documents enable row level security;
            alter table notes enable row level security;
            create policy owner_reads on documents for select to authenticated using (owner_id = (select auth.uid()));
            create policy owner_reads on notes for select to authenticated using (owner_id = auth.uid());
            grant select on documents, notes to authenticated;
            analyze documents;
            analyze notes;
            """;

    @Test
    void underRowLevelSecurityThePoliciesPredicatesLeadTheIndex() throws Exception {
        String url = hypopgDatabase();
        TestDatabase.exec(url, OWNED);
        String claims = "{\"sub\": \"" + uuidOfOwner(url, 7) + "\", \"email\": \"someone@example.com\"}";
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            IndexAdvisor advisor = warden.indexAdvisor(null);
            for (String table : List.of("documents", "notes")) {
                String latest = "select id, title from " + table + " order by created_at desc limit 20";
                // As the owner of the tables no policy applies: the newest rows come from an index on created_at.
                IndexAdvisor.Report own = advisor.recommend(new IndexAdvisor.Options(latest, 100));
                assertThat(own.recommendations()).as(table).extracting(IndexAdvisor.Recommendation::ddl)
                        .anyMatch(d -> d.startsWith("CREATE INDEX CONCURRENTLY ON public." + table + " (created_at"))
                        .noneMatch(d -> d.contains("owner_id"));
                // As a signed-in user the policy adds owner_id = auth.uid(): the owner's newest rows need (owner_id, created_at).
                IndexAdvisor.Report asUser = advisor.recommend(new IndexAdvisor.Options(latest, 100, AppRole.of(null, claims)));
                assertThat(asUser.appRole().role()).isEqualTo("authenticated");
                assertThat(asUser.recommendations()).as(table).extracting(IndexAdvisor.Recommendation::ddl)
                        .anyMatch(d -> d.startsWith("CREATE INDEX CONCURRENTLY ON public." + table + " (owner_id, created_at"));
                assertThat(asUser.asMap().get("planned_as").toString()).contains("sub").doesNotContain("someone@example.com");
            }
        }
    }

    @Test
    void aRoleThatCannotBeUsedIsRefusedWithWhatToDo() {
        String url = TestDatabase.freshDatabase("idx_role");
        TestDatabase.exec(url, OWNED, "create role advisor_login login; grant select on documents to advisor_login");
        String latest = "select id from documents order by created_at desc limit 20";
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            IndexAdvisor advisor = warden.indexAdvisor(null);
            assertThatThrownBy(() -> advisor.recommend(new IndexAdvisor.Options(latest, 100, AppRole.of("no_such_role", null))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role no_such_role does not exist");
            assertThatThrownBy(() -> AppRole.of(null, "{\"sub\": ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("jwt_claims is not valid JSON");
            assertThatThrownBy(() -> AppRole.of(null, "[1, 2]")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be a JSON object");
            assertThatThrownBy(() -> AppRole.of("x\u0000y", null)).isInstanceOf(IllegalArgumentException.class);
            // A superuser plans without policies: the report says so rather than pretending they applied.
            IndexAdvisor.Report r = advisor.recommend(new IndexAdvisor.Options(latest, 100, AppRole.of(currentUser(url), null)));
            assertThat(r.notes()).anyMatch(n -> n.contains("bypasses row-level security"));
        }
        var u = io.dbwarden.config.ConnectionUrl.parse(url);
        String login = new io.dbwarden.config.ConnectionUrl(u.host(), u.port(), u.database(), "advisor_login", null, u.parameters()).toUrlString();
        try (Warden warden = new Warden(TestDatabase.config(login, project))) {
            assertThatThrownBy(() -> warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(latest, 100, AppRole.of("authenticated", null))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not SET ROLE authenticated")
                    .hasMessageContaining("GRANT \"authenticated\" TO \"advisor_login\"");
        }
    }

    private static String uuidOfOwner(String url, int owner) throws Exception {
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select md5('" + owner + "')::uuid")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String currentUser(String url) {
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A database on the second server with HypoPG created; in CI its absence fails the test. */
    private static String hypopgDatabase() {
        String why;
        var server = TestDatabase.secondServerUrl();
        if (server.isPresent()) {
            String url = TestDatabase.createDatabaseOn(server.get(), "idx_hypo");
            try {
                TestDatabase.exec(url, "create extension hypopg");
                return url;
            } catch (IllegalStateException e) {
                why = "HypoPG is not installed on the second server (install postgresql-<major>-hypopg, scripts/test does): " + e.getMessage();
            }
        } else {
            why = "No second PostgreSQL server on 127.0.0.1:5432 for the HypoPG test.";
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why);
        assumeTrue(false, why);
        return null;
    }

    private static List<String> realIndexes(String url) throws Exception {
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select indexname from pg_indexes where tablename = 'events'")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }
}
