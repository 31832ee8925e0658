package io.dbwarden.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogReader;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.Finding.Category;
import io.dbwarden.findings.Finding.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.StreamSupport;

import static io.dbwarden.monitor.CodeDrift.CHANGED_COLUMN_TYPE;
import static io.dbwarden.monitor.CodeDrift.MISSING_COLUMN;
import static io.dbwarden.monitor.CodeDrift.MISSING_FUNCTION;
import static io.dbwarden.monitor.CodeDrift.MISSING_RELATIONSHIP;
import static io.dbwarden.monitor.CodeDrift.MISSING_TABLE;
import static io.dbwarden.monitor.CodeDrift.TYPES_FILE_STALE;
import static org.assertj.core.api.Assertions.assertThat;

class CodeDriftTest {
    private static Catalog demo;
    private static List<CodeReference> fixtureRefs;
    private final CodeDrift drift = new CodeDrift();

    @BeforeAll
    static void readDemoCatalogAndScanFixture() {
        demo = read(TestDatabase.demoUrl());
        fixtureRefs = new CodeScanner().scan(CodeScannerTest.fixture());
    }

    /**
     * Every drift case in the fixture, and nothing else: a missing entry is a miss, an extra one a false positive
     * (the fixture has as many correct references of the same shapes).
     */
    @Test
    void findsExactlyTheDriftInTheFixture() {
        List<Finding> findings = drift.check(demo, null, fixtureRefs);
        assertThat(findings).extracting(f -> f.ruleId() + " " + f.subject() + " in " + f.evidence().path("file").asText())
                .containsExactlyInAnyOrder(
                        // .from() of a table that does not exist, in the default schema and in one chosen by .schema()
                        MISSING_TABLE + " public.audit_events in app/api/activity/route.ts",
                        MISSING_TABLE + " analytics.daily_usage in src/lib/analytics.ts",
                        // an embedded resource whose table does not exist
                        MISSING_TABLE + " public.invoices in app/api/work-orders/[id]/route.ts",
                        // columns: select (twice in one file, and again in a second file), insert, update, upsert
                        MISSING_COLUMN + " public.users.avatar_url in app/api/users/route.ts",
                        MISSING_COLUMN + " public.users.avatar_url in src/components/CrewCard.tsx",
                        MISSING_COLUMN + " public.work_orders.estimated_hours in app/api/work-orders/route.ts",
                        MISSING_COLUMN + " public.users.phone_number in app/api/users/[id]/route.ts",
                        MISSING_COLUMN + " public.equipment.condition in app/api/equipment/route.ts",
                        // filters: .eq, a logic tree, a foreign-table filter, and a stored builder continued later
                        MISSING_COLUMN + " public.equipment.serial_number in src/lib/equipment.ts",
                        MISSING_COLUMN + " public.work_orders.urgency in src/lib/work-orders.ts",
                        MISSING_COLUMN + " public.crews.zone in app/api/work-orders/route.ts",
                        MISSING_COLUMN + " public.crew_members.is_lead in app/(dashboard)/crews/[id]/actions.ts",
                        // .order, an embedded resource's column, a view's column
                        MISSING_COLUMN + " public.work_orders.due_date in src/components/WorkOrderList.tsx",
                        MISSING_COLUMN + " public.work_orders.assigned_crew in app/(dashboard)/projects/page.tsx",
                        MISSING_COLUMN + " public.open_work_orders.assignee_name in app/(dashboard)/dispatch/page.tsx",
                        // embedding without a foreign key, and with a hint that names none
                        MISSING_RELATIONSHIP + " public.projects->public.equipment in app/(dashboard)/projects/page.tsx",
                        MISSING_RELATIONSHIP + " public.work_orders->public.crews!work_orders_assigned_crew_fkey in app/api/work-orders/[id]/route.ts",
                        // rpc: a missing function, and an argument name no overload has
                        MISSING_FUNCTION + " public.get_crew_utilization() in app/api/reports/route.ts",
                        MISSING_FUNCTION + " public.crew_workload(crew_id) in app/api/reports/route.ts");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.category()).isEqualTo(Category.SCHEMA_DRIFT);
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.title()).startsWith(f.evidence().path("file").asText() + " ");
            assertThat(f.remediation()).isNotBlank();
        });
    }

    @Test
    void oneFindingPerFileListsEveryLineWithSqlAsAHint() {
        Finding avatar = find(drift.check(demo, null, fixtureRefs), MISSING_COLUMN, "public.users.avatar_url", "app/api/users/route.ts");
        assertThat(avatar.title()).isEqualTo("app/api/users/route.ts reads public.users.avatar_url, which does not exist");
        assertThat(avatar.detail()).contains("app/api/users/route.ts:10 (select): .select('id, email, full_name, phone, avatar_url')",
                "app/api/users/route.ts:24 (select): .select('id, email, avatar_url')");
        assertThat(avatar.remediation()).contains("alter table public.users add column avatar_url text;").contains("42703");
        JsonNode e = avatar.evidence();
        assertThat(e.path("file").asText()).isEqualTo("app/api/users/route.ts");
        assertThat(ints(e.path("lines"))).containsExactly(10, 24);
        assertThat(e.path("table").asText()).isEqualTo("users");
        assertThat(e.path("column").asText()).isEqualTo("avatar_url");
        assertThat(e.path("operation").asText()).isEqualTo("select");
        assertThat(e.path("snippet").asText()).isEqualTo(".select('id, email, full_name, phone, avatar_url')");
    }

    @Test
    void suggestsTheColumnThatWasProbablyMeant() {
        List<Finding> findings = drift.check(demo, null, fixtureRefs);
        assertThat(find(findings, MISSING_COLUMN, "public.work_orders.due_date", "src/components/WorkOrderList.tsx").detail())
                .contains("Did you mean due_on?");
        Finding phone = find(findings, MISSING_COLUMN, "public.users.phone_number", "app/api/users/[id]/route.ts");
        assertThat(phone.detail()).contains("Did you mean phone?");
        assertThat(phone.title()).isEqualTo("app/api/users/[id]/route.ts writes public.users.phone_number, which does not exist");
        Finding zone = find(findings, MISSING_COLUMN, "public.crews.zone", "app/api/work-orders/route.ts");
        assertThat(zone.title()).contains("embedded from public.work_orders").contains("filters on");
        assertThat(zone.evidence().path("relation").asText()).isEqualTo("crews");
        Finding fn = find(findings, MISSING_FUNCTION, "public.crew_workload(crew_id)", "app/api/reports/route.ts");
        assertThat(fn.detail()).contains("public.crew_workload(p_crew_id bigint)").contains("Did you mean p_crew_id?");
        Finding rel = find(findings, MISSING_RELATIONSHIP, "public.projects->public.equipment", "app/(dashboard)/projects/page.tsx");
        assertThat(rel.remediation()).contains("alter table public.equipment add column project_id bigint references public.projects (id);")
                .contains("PGRST200");
        Finding hint = find(findings, MISSING_RELATIONSHIP, "public.work_orders->public.crews!work_orders_assigned_crew_fkey",
                "app/api/work-orders/[id]/route.ts");
        assertThat(hint.detail()).contains("Hints that would work: work_orders_crew_id_fkey, equipment_assignments.");
        // One shared word (crew) is too weak to suggest crew_workload for get_crew_utilization.
        assertThat(find(findings, MISSING_FUNCTION, "public.get_crew_utilization()", "app/api/reports/route.ts").detail())
                .doesNotContain("Did you mean");
        assertThat(find(findings, MISSING_TABLE, "public.audit_events", "app/api/activity/route.ts").title())
                .isEqualTo("app/api/activity/route.ts reads public.audit_events, which does not exist");
    }

    @Test
    void fingerprintsSurviveLinesMovingButNotAnotherFile() {
        String source = "const { data } = await supabase.from('users').select('id, avatar_url')\n";
        CodeScanner scanner = new CodeScanner();
        Finding before = drift.check(demo, null, scanner.scanSource("app/a.ts", source)).get(0);
        Finding moved = drift.check(demo, null, scanner.scanSource("app/a.ts", "\n\n// moved down\n" + source)).get(0);
        Finding elsewhere = drift.check(demo, null, scanner.scanSource("app/b.ts", source)).get(0);
        assertThat(moved.evidence().path("lines").get(0).asInt()).isEqualTo(4);
        assertThat(moved.fingerprint()).isEqualTo(before.fingerprint());
        assertThat(elsewhere.fingerprint()).isNotEqualTo(before.fingerprint());
    }

    @Test
    void theCommittedTypesFileIsStaleInExactlyTheWaysTheFixtureSays() throws IOException {
        String file = "src/types/database.ts";
        TypesFile types = TypesFile.read(CodeScannerTest.fixture().resolve(file));
        List<Finding> findings = drift.checkTypesFile(demo, file, types);
        assertThat(findings).extracting(f -> f.evidence().path("object").asText()).containsExactlyInAnyOrder(
                "public.users.avatar_url",          // in the file, not in the database
                "public.equipment.last_serviced_on", // in the database, not in the file
                "public.crews.region",               // nullability differs
                "public.projects.budget",            // string in the file, numeric in the database
                "public.equipment_status",           // enum lacks a label
                "public.get_crew_utilization()");    // function the database lacks
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo(TYPES_FILE_STALE);
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.subject()).isEqualTo(file);
            assertThat(f.remediation()).contains("dbwarden types --out src/types/database.ts").contains("supabase gen types typescript");
        });
        assertThat(findings).extracting(Finding::fingerprint).doesNotHaveDuplicates();
        Finding region = findings.stream().filter(f -> f.evidence().path("object").asText().equals("public.crews.region")).findFirst()
                .orElseThrow();
        assertThat(region.title()).isEqualTo("src/types/database.ts says public.crews.region may be null, but the column is not null");
        assertThat(findings).extracting(Finding::title).contains(
                "src/types/database.ts lists enum public.equipment_status without retired",
                "src/types/database.ts lacks public.equipment.last_serviced_on, which the database has",
                "src/types/database.ts types public.projects.budget as string, but the column is numeric(12,2)");
    }

    @Test
    void aFreshTypesFileForTheDemoIsClean() {
        String fresh = """
                export type Database = {
                  public: {
                    Tables: {
                      crews: { Row: { created_at: string; id: number; is_active: boolean; lead_user_id: string | null;
                                      name: string; region: string; updated_at: string } }
                    }
                    Views: {}
                    Functions: { crew_workload: { Args: { p_crew_id: number }; Returns: unknown } }
                    Enums: {
                      crew_role: "lead" | "technician" | "apprentice" | "driver"
                      equipment_status: "available" | "assigned" | "maintenance" | "retired"
                      work_order_priority: "low" | "normal" | "high" | "urgent"
                      work_order_status: "open" | "scheduled" | "in_progress" | "on_hold" | "completed" | "cancelled"
                    }
                  }
                }
                """;
        // Only crews is listed, so every other live table is reported as missing from the file, and nothing else.
        List<Finding> findings = drift.checkTypesFile(demo, "types.ts", TypesFile.parse(fresh));
        assertThat(findings).extracting(f -> f.evidence().path("object").asText()).containsExactlyInAnyOrder(
                "public.activity_logs", "public.crew_members", "public.equipment", "public.equipment_assignments",
                "public.projects", "public.users", "public.work_orders", "public.open_work_orders");
    }

    @Test
    void objectsThatExtensionsOwnAreNotMissingFromTheDatabase() throws Exception {
        // The demo installs pg_stat_statements in public; generated types list its view and functions, the catalog does not.
        String fresh = """
                export type Database = {
                  public: {
                    Tables: {}
                    Views: { pg_stat_statements: { Row: { calls: number | null } } }
                    Functions: { pg_stat_statements_reset: { Args: Record<PropertyKey, never>; Returns: string } }
                  }
                }
                """;
        java.util.Set<String> members;
        try (java.sql.Connection c = TestDatabase.connect(TestDatabase.demoUrl())) {
            members = DriftCheck.extensionMembers(c);
        }
        assertThat(members).contains("public.pg_stat_statements", "public.pg_stat_statements_reset");
        assertThat(drift.checkTypesFile(demo, "types.ts", TypesFile.parse(fresh), members))
                .extracting(Finding::title).noneMatch(t -> t.contains("pg_stat_statements"));
        // Without that knowledge they would be reported, so the exclusion is what keeps them out.
        assertThat(drift.checkTypesFile(demo, "types.ts", TypesFile.parse(fresh)))
                .extracting(Finding::title).anyMatch(t -> t.contains("pg_stat_statements"));
    }

    @Test
    void reportsColumnsWhoseTypeChangedSinceTheBaseline() {
        String url = TestDatabase.freshDatabase("drift_types");
        TestDatabase.exec(url,
                "create table customers (id bigint primary key, phone varchar(32), score integer, name text)");
        Catalog baseline = read(url);
        TestDatabase.exec(url,
                "alter table customers alter column phone type text",
                "alter table customers alter column score type numeric(10,2)",
                "alter table customers rename column name to display_name");
        Catalog live = read(url);
        List<CodeReference> refs = new CodeScanner().scanSource("app/api/customers/route.ts", """
                const { data } = await supabase.from('customers').select('id, phone, name')
                await supabase.from('customers').update({ score: 3 }).eq('id', 1)
                """);
        List<Finding> findings = drift.check(live, baseline, refs);
        assertThat(findings).extracting(f -> f.ruleId() + " " + f.subject()).containsExactlyInAnyOrder(
                CHANGED_COLUMN_TYPE + " public.customers.phone",
                CHANGED_COLUMN_TYPE + " public.customers.score",
                MISSING_COLUMN + " public.customers.name");
        Finding phone = find(findings, CHANGED_COLUMN_TYPE, "public.customers.phone", "app/api/customers/route.ts");
        assertThat(phone.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(phone.title()).isEqualTo(
                "app/api/customers/route.ts reads public.customers.phone, whose type changed from character varying(32) to text");
        assertThat(phone.evidence().path("baselineType").asText()).isEqualTo("character varying(32)");
        // The baseline knows name was text, and display_name is the new text column nobody references: a rename.
        Finding name = find(findings, MISSING_COLUMN, "public.customers.name", "app/api/customers/route.ts");
        assertThat(name.detail()).contains("looks renamed to display_name").contains("Did you mean display_name?");
        assertThat(name.remediation()).contains("alter table public.customers add column name text;");
        // Without a baseline there is nothing to compare types with.
        assertThat(drift.check(live, null, refs)).extracting(Finding::ruleId).containsExactly(MISSING_COLUMN);
    }

    @Test
    void neverFlagsWhatPostgrestCouldStillResolve() {
        String url = TestDatabase.freshDatabase("drift_valid");
        TestDatabase.exec(url,
                "create schema app",
                "create table people (id bigint primary key, name text)",
                "create table teams (id bigint primary key, title text, manager_id bigint references people (id))",
                "create table memberships (person_id bigint references people (id), team_id bigint references teams (id), "
                        + "primary key (person_id, team_id))",
                "create table app.settings (id bigint primary key, value text)",
                "create view people_view as select id, name from people",
                "create function initials(people) returns text language sql as $$ select left($1.name, 1) $$",
                "create function team_members(teams) returns setof people language sql as "
                        + "$$ select p.* from people p join memberships m on m.person_id = p.id where m.team_id = $1.id $$",
                "create function ingest(jsonb) returns void language sql as $$ select $$",
                "create function add(a int, b int default 1) returns int language sql as $$ select a + b $$",
                "create function add(a int, c text) returns int language sql as $$ select a $$");
        Catalog live = read(url);
        List<CodeReference> refs = new CodeScanner().scanSource("app/valid.ts", """
                supabase.from('teams').select('id, manager:people!manager_id(name), manager_id(name), teams_manager_id_fkey(name)')
                supabase.from('teams').select('id, people(name), people!memberships(name), people!teams_manager_id_fkey(name)')
                supabase.from('people').select('id, teams(title), memberships(team_id), initials').eq('initials', 'A')
                supabase.from('teams').select('id, team_members(name)')
                supabase.from('people_view').select('id, name, teams(title)')
                supabase.from('teams').select('id, people_view(name)')
                supabase.from('settings').select('id, value')
                supabase.schema('app').from('settings').select('value')
                supabase.rpc('ingest', { anything: 1, at_all: 2 })
                supabase.rpc('add', { a: 1, b: 2 })
                supabase.rpc('add', { a: 1, c: 'x' })
                """);
        assertThat(drift.check(live, null, refs)).isEmpty();

        List<CodeReference> wrong = new CodeScanner().scanSource("app/wrong.ts", """
                supabase.from('teams').select('id, people!no_such_fk(name), memberships!manager_id(person_id)')
                supabase.from('memberships').select('person_id, settings(value)')
                supabase.schema('app').from('people').select('id')
                supabase.rpc('add', { a: 1, d: 2 })
                """);
        assertThat(drift.check(live, null, wrong)).extracting(f -> f.ruleId() + " " + f.subject()).containsExactlyInAnyOrder(
                MISSING_RELATIONSHIP + " public.teams->public.people!no_such_fk",
                MISSING_RELATIONSHIP + " public.teams->public.memberships!manager_id",
                // memberships -> settings is not reported: settings exists in schema app, and that is not worth a guess.
                MISSING_TABLE + " app.people",
                MISSING_FUNCTION + " public.add(d)");
    }

    private static Finding find(List<Finding> findings, String rule, String subject, String file) {
        return findings.stream()
                .filter(f -> f.ruleId().equals(rule) && f.subject().equals(subject) && f.evidence().path("file").asText().equals(file))
                .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " " + subject + " in " + file + ": " + findings));
    }

    private static List<Integer> ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asInt).toList();
    }

    private static Catalog read(String url) {
        try (Connection c = TestDatabase.connect(url)) {
            return new CatalogReader().read(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
