package io.dbwarden.codegen;

import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogReader;
import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.db.SqlResource;
import io.dbwarden.demo.DemoDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the generated pgTAP files with psql on a real server that has pgTAP (scripts/test installs it for the machine's
 * own PostgreSQL): they must pass on the database they came from and fail, naming the change, after a schema change.
 */
class PgTapTestsTest {

    /** Objects whose names and contents break naive quoting: quotes, spaces, case, unicode, keywords, '#', '\'. */
    static final String HOSTILE_DDL = """
            do $$ begin
                if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin; end if;
            exception when duplicate_object or unique_violation then null;
            end $$;
            create schema "Weird Schema";
            create schema "user";
            create type "Weird Schema"."Mood ""q""\" as enum ('it''s', 'a|b', 'c # SKIP', 'back\\slash');
            create type "user".status as enum ('on', 'off');
            create table "Weird Schema"."Order Items ""x""\" (
                "Id" int primary key,
                "naïve col" text not null default 'it''s',
                "Mood" "Weird Schema"."Mood ""q""\"[],
                mood2 "Weird Schema"."Mood ""q""\",
                "back\\slash # SKIP" varchar(10) unique,
                "line
            break" numeric(8,3),
                "CamelCase" "char"
            );
            comment on table "Weird Schema"."Order Items ""x""\" is 'pipe | backtick ` <b>html</b> --> end';
            create table "Weird Schema"."child # SKIP" (
                id bigint generated always as identity primary key,
                parent_id int not null references "Weird Schema"."Order Items ""x""\" ("Id") on delete cascade,
                constraint "one child ""per"" parent" unique (parent_id),
                constraint "positive ""id""\" check (id > 0)
            );
            create index "idx ""q""\" on "Weird Schema"."Order Items ""x""\" (lower("naïve col")) where "Id" > 0;
            alter table "Weird Schema"."Order Items ""x""\" enable row level security;
            alter table "Weird Schema"."Order Items ""x""\" force row level security;
            create policy "everyone 'reads'" on "Weird Schema"."Order Items ""x""\" for select using (true);
            create policy "anon # SKIP" on "Weird Schema"."Order Items ""x""\" as restrictive for insert to anon
                with check ("Id" > 0);
            create view "Weird Schema"."v ""q""\" as select "Id", "naïve col" from "Weird Schema"."Order Items ""x""\";
            create materialized view "Weird Schema"."mv" as select "Id" from "Weird Schema"."Order Items ""x""\";
            create unique index on "Weird Schema"."mv" ("Id");
            create function "Weird Schema"."f ""q""\"(a "Weird Schema"."Mood ""q""\", b text default 'x') returns int
                language sql as 'select 1';
            create function "Weird Schema".touch() returns trigger language plpgsql as 'begin return new; end';
            create trigger "touch ""it""\" before update on "Weird Schema"."child # SKIP"
                for each row execute function "Weird Schema".touch();
            create table "Weird Schema"."x
            select 1/0; --" (id int);
            create table "user".t (s "user".status[], s2 "user".status not null, "user" "user".status);
            """;

    @Test
    void passOnTheDemoDatabaseAndFailNamingEachChange(@TempDir Path dir) throws Exception {
        String url = pgTapDatabase("pgtap_demo");
        TestDatabase.exec(url, SqlResource.load(DemoDatabase.class, "schema.sql"));
        List<GeneratedFile> files = PgTapTests.generate(read(url), CodegenOptions.defaults());
        assertThat(files).extracting(GeneratedFile::path).containsExactly("supabase/tests/database/public.test.sql");

        Tap before = run(url, write(dir, files.get(0)));
        assertThat(before.notOk()).as(before.output).isEmpty();
        assertThat(before.ran()).isEqualTo(before.planned()).isGreaterThan(300);
        assertThat(before.output).contains("ok 2 - Table public.activity_logs should exist")
                .contains("- Row level security on public.work_orders should be enabled")
                .contains("- Function public.crew_workload(bigint) should exist");

        TestDatabase.exec(url,
                "alter table projects alter column client_name type varchar(200)",
                "drop index work_orders_completed_at_idx",
                "create policy \"crew leads can insert\" on crews for insert to authenticated with check (true)",
                "alter table equipment disable row level security",
                "alter type crew_role add value 'trainee'");
        Tap after = run(url, write(dir, files.get(0)));
        assertThat(after.ran()).isEqualTo(after.planned()).isEqualTo(before.planned());
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("Column public.projects.client_name should be type character varying(120)"));
        assertThat(after.output).contains("have: pg_catalog.character varying(200)");
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("Index work_orders_completed_at_idx on public.work_orders"));
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("public.work_orders should have exactly the indexes"));
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("Table public.crews should have exactly the policies"));
        assertThat(after.output).contains("crew leads can insert");
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("Row level security on public.equipment should be enabled"));
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("Enum public.crew_role should have labels"));
        // Exactly the assertions about the changed objects fail; everything else still holds.
        assertThat(after.notOk()).hasSize(6);
    }

    @Test
    void hostileNamesAreQuotedAndStillPinTheSchema(@TempDir Path dir) throws Exception {
        String url = pgTapDatabase("pgtap_hostile");
        TestDatabase.exec(url, HOSTILE_DDL);
        CodegenOptions options = options(List.of("Weird Schema", "user", "public"));
        List<GeneratedFile> files = PgTapTests.generate(read(url), options);
        assertThat(files).extracting(GeneratedFile::path).allSatisfy(p -> assertThat(p)
                .matches("supabase/tests/database/[a-z0-9_-]+\\.test\\.sql"));
        assertThat(files).hasSize(3);
        GeneratedFile weird = files.stream().filter(f -> f.path().contains("weird")).findFirst().orElseThrow();
        GeneratedFile user = files.stream().filter(f -> f.path().endsWith("/user.test.sql")).findFirst().orElseThrow();
        // A name with a line break must not escape the comment it appears in: psql would run "select 1/0".
        assertThat(weird.content()).contains("\n-- Table \"Weird Schema\".\"x select 1/0; --\"\n");

        for (GeneratedFile f : files) {
            Tap tap = run(url, write(dir, f));
            assertThat(tap.notOk()).as(tap.output).isEmpty();
            assertThat(tap.ran()).as(tap.output).isEqualTo(tap.planned());
            // pg_prove would read an unescaped "# SKIP" in a description as a skip directive.
            assertThat(tap.output).doesNotContainPattern("(?m)^ok .*[^\\\\]# SKIP");
        }
        assertThat(weird.content()).contains("col_type_is(").contains("policy_roles_are(").contains("fk_ok(");
        assertThat(user.content()).contains("col_type_is('user', 't', 's2', 'user', 'status'");

        TestDatabase.exec(url,
                "alter table \"Weird Schema\".\"Order Items \"\"x\"\"\" alter column \"line\nbreak\" type numeric(9,3)",
                "alter table \"Weird Schema\".\"Order Items \"\"x\"\"\" no force row level security",
                "drop policy \"everyone 'reads'\" on \"Weird Schema\".\"Order Items \"\"x\"\"\"",
                "create policy \"everyone 'reads'\" on \"Weird Schema\".\"Order Items \"\"x\"\"\" for select to anon using (true)",
                "alter table \"user\".t alter column s type \"user\".status using s[1]");
        Tap after = run(url, write(dir, weird));
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("Column \"Weird Schema\".\"Order Items \"\"x\"\"\".\"line\\nbreak\" should be type numeric(8,3)"));
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("should be enabled, forced"));
        assertThat(after.notOk()).anySatisfy(l -> assertThat(l).contains("Policy \"everyone 'reads'\"").contains("roles [public]"));
        Tap afterUser = run(url, write(dir, user));
        assertThat(afterUser.notOk()).singleElement().satisfies(l -> assertThat(l).contains("Column \"user\".t.s should be type"));
    }

    @Test
    void sameCatalogGivesTheSameBytesAndThePlanCountsEveryAssertion() {
        Catalog catalog = syntheticCatalog(50);
        List<GeneratedFile> a = PgTapTests.generate(catalog, CodegenOptions.defaults());
        List<GeneratedFile> b = PgTapTests.generate(catalog, CodegenOptions.defaults());
        assertThat(a).isEqualTo(b);
        String sql = a.get(0).content();
        Matcher plan = Pattern.compile("SELECT plan\\((\\d+)\\);").matcher(sql);
        assertThat(plan.find()).isTrue();
        long assertions = sql.lines().filter(l -> l.startsWith("SELECT ") && !l.startsWith("SELECT plan(")
                && !l.equals("SELECT * FROM finish();")).count();
        assertThat(Long.parseLong(plan.group(1))).isEqualTo(assertions);
        assertThat(sql).startsWith("-- pgTAP tests for schema public").contains("\nBEGIN;\n").endsWith("SELECT * FROM finish();\nROLLBACK;\n");
    }

    @Test
    void theTablesOptionLimitsTheTablesTested() {
        Catalog catalog = syntheticCatalog(5);
        CodegenOptions d = CodegenOptions.defaults();
        CodegenOptions only = new CodegenOptions(d.schemas(), d.defaultSchema(), d.typesPath(), d.interfacePrefix(),
                d.includeRelations(), Set.of("t3"), d.routesDir(), "db/tests/", d.docsDir(), d.detectOneToOne(), d.postgrestVersion());
        GeneratedFile f = PgTapTests.generate(catalog, only).get(0);
        assertThat(f.path()).isEqualTo("db/tests/public.test.sql");
        assertThat(f.content()).contains("has_table('public', 't3'").doesNotContain("has_table('public', 't2'");
    }

    @Test
    void aThousandTablesGetOneFileWithEveryTable() {
        // Speed is measured by bench/run codegen, not here.
        List<GeneratedFile> files = PgTapTests.generate(syntheticCatalog(1000), CodegenOptions.defaults());
        assertThat(files).hasSize(1);
        assertThat(files.get(0).content().split("SELECT has_table\\(", -1)).hasSize(1001);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    record Tap(String output, int planned, List<String> results) {
        int ran() {
            return results.size();
        }

        List<String> notOk() {
            return results.stream().filter(l -> l.startsWith("not ok")).toList();
        }
    }

    /**
     * A fresh database with pgTAP installed, on the first test server that offers it. In CI a missing pgTAP fails the
     * test: scripts/test installs it, so its absence is a broken set-up, not an optional feature.
     */
    static String pgTapDatabase(String prefix) {
        List<String> servers = new ArrayList<>();
        servers.add(TestDatabase.serverUrl());
        TestDatabase.secondServerUrl().ifPresent(servers::add);
        for (String server : servers) {
            if (hasPgTap(server)) {
                String url = TestDatabase.createDatabaseOn(server, prefix);
                TestDatabase.exec(url, "create extension pgtap");
                return url;
            }
        }
        unavailable("pgTAP is not available on any test server; scripts/test installs postgresql-<major>-pgtap for the "
                + "machine's PostgreSQL (DBWARDEN_TEST_SECOND_DATABASE_URL)");
        throw new AssertionError("unreachable");
    }

    private static boolean hasPgTap(String server) {
        try (Connection c = TestDatabase.connect(server); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1 from pg_available_extensions where name = 'pgtap'")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    private static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why);
        Assumptions.assumeTrue(false, why);
    }

    static Catalog read(String url) throws SQLException {
        try (Connection c = TestDatabase.connect(url)) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                return new CatalogReader().read(c);
            } finally {
                c.rollback();
            }
        }
    }

    static CodegenOptions options(List<String> schemas) {
        CodegenOptions d = CodegenOptions.defaults();
        return new CodegenOptions(schemas, d.defaultSchema(), d.typesPath(), d.interfacePrefix(), d.includeRelations(),
                d.tables(), d.routesDir(), d.testsDir(), d.docsDir(), d.detectOneToOne(), d.postgrestVersion());
    }

    private static Path write(Path dir, GeneratedFile f) throws IOException {
        Path p = dir.resolve(f.path());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.content(), StandardCharsets.UTF_8);
        return p;
    }

    /** Runs one file as pg_prove would: psql, no psqlrc, stop on the first SQL error. */
    private static Tap run(String url, Path file) throws Exception {
        Optional<Path> psql = findPsql();
        if (psql.isEmpty()) unavailable("psql is not installed (the postgresql-client package)");
        ConnectionUrl u = ConnectionUrl.parse(url);
        ProcessBuilder pb = new ProcessBuilder(psql.get().toString(), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                "-f", file.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PGHOST", u.host());
        env.put("PGPORT", Integer.toString(u.port()));
        env.put("PGDATABASE", u.database());
        if (u.user() != null) env.put("PGUSER", u.user());
        if (u.password() != null) env.put("PGPASSWORD", u.password());
        env.put("PGCLIENTENCODING", "UTF8");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("psql failed:\n" + output).isZero();
        Matcher plan = Pattern.compile("(?m)^1\\.\\.(\\d+)$").matcher(output);
        assertThat(plan.find()).as("no plan line in:\n" + output).isTrue();
        List<String> results = output.lines().filter(l -> l.matches("(not )?ok \\d+.*")).toList();
        return new Tap(output, Integer.parseInt(plan.group(1)), results);
    }

    private static Optional<Path> findPsql() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "psql");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** A schema of n tables in a chain of foreign keys, with indexes, policies and a trigger each. */
    static Catalog syntheticCatalog(int n) {
        List<Catalog.Table> tables = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "t" + i;
            List<Catalog.Column> cols = new ArrayList<>();
            cols.add(new Catalog.Column("id", 1, "bigint", "pg_catalog", "int8", 0, true, null, "d", null, null));
            cols.add(new Catalog.Column("parent_id", 2, "bigint", "pg_catalog", "int8", 0, false, null, null, null, "the parent"));
            for (int c = 3; c <= 12; c++) {
                cols.add(new Catalog.Column("col_" + c, c, "character varying(40)", "pg_catalog", "varchar", 0, c % 2 == 0,
                        c % 3 == 0 ? "'x'::character varying" : null, null, null, null));
            }
            List<Catalog.Constraint> cons = new ArrayList<>();
            cons.add(new Catalog.Constraint(name + "_pkey", "primary_key", List.of("id"), "PRIMARY KEY (id)", true, false,
                    null, null, List.of(), null, null));
            if (i > 0) {
                cons.add(new Catalog.Constraint(name + "_parent_id_fkey", "foreign_key", List.of("parent_id"),
                        "FOREIGN KEY (parent_id) REFERENCES t" + (i - 1) + "(id)", true, false, "public", "t" + (i - 1),
                        List.of("id"), "NO ACTION", "CASCADE"));
            }
            cons.add(new Catalog.Constraint(name + "_col_3_key", "unique", List.of("col_3"), "UNIQUE (col_3)", true, false,
                    null, null, List.of(), null, null));
            List<Catalog.Index> idx = List.of(
                    new Catalog.Index(name + "_col_3_key", List.of("col_3"), "CREATE UNIQUE INDEX " + name + "_col_3_key ON public."
                            + name + " USING btree (col_3)", "btree", true, false, true, null, 0),
                    new Catalog.Index(name + "_pkey", List.of("id"), "CREATE UNIQUE INDEX " + name + "_pkey ON public." + name
                            + " USING btree (id)", "btree", true, true, true, null, 0));
            List<Catalog.Policy> pol = List.of(
                    new Catalog.Policy("read", "SELECT", true, List.of("authenticated"), "true", null),
                    new Catalog.Policy("write", "INSERT", true, List.of("authenticated"), null, "(parent_id IS NOT NULL)"));
            List<Catalog.Trigger> trg = List.of(new Catalog.Trigger("touch", "BEFORE", List.of("UPDATE"), "ROW", "public.touch",
                    "origin", "CREATE TRIGGER touch BEFORE UPDATE ON " + name + " FOR EACH ROW EXECUTE FUNCTION touch()"));
            tables.add(new Catalog.Table("public", name, "table", "postgres", "Table number " + i, true, false, cols, cons, idx,
                    pol, trg, List.of(), new Catalog.Stats(0, 0)));
        }
        return new Catalog("synthetic", 170000, List.of(new Catalog.Schema("public", "postgres", null)), List.of(), tables,
                List.of(), List.of(), List.of(new Catalog.EnumType("public", "mood", List.of("sad", "happy"), null)), List.of(),
                List.of(), List.of());
    }
}
