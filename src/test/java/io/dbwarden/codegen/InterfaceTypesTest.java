package io.dbwarden.codegen;

import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InterfaceTypesTest {
    /** Two types are the same when each is assignable to the other and their keys are the same. */
    private static final String SAME = """
            type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false
            function same<T extends true>(): T | undefined { return undefined }
            """;

    @TempDir
    Path tmp;

    @BeforeAll
    static void node() {
        NodeHarness.requireNode();
    }

    @Test
    void demoInterfacesAreTheSameTypesAsTheRealSupabaseGeneratorsRowInsertAndUpdate() throws Exception {
        String url = TestDatabase.demoUrl();
        Catalog catalog = NodeHarness.catalog(url);
        CodegenOptions options = CodegenOptions.defaults();
        List<GeneratedFile> files = InterfaceTypes.generate(catalog, options);
        assertThat(files).extracting(GeneratedFile::path).containsExactly("src/types/database.interfaces.ts");
        String ts = files.get(0).content();
        assertThat(ts).contains("export interface DBCrew {", "export interface DBCrewInsert {", "export interface DBCrewUpdate {",
                "export interface DBWorkOrder {", "export interface DBEquipment {", "export interface DBActivityLog {",
                "export interface DBOpenWorkOrder {", "export type DBWorkOrderStatus = \"open\" | \"scheduled\"");
        // The generated column and the identity-by-default key, as Supabase types them.
        assertThat(ts).contains("  total_cost?: never\n", "  id?: number\n");
        assertThat(InterfaceTypes.generate(catalog, options)).isEqualTo(files);

        Path dir = NodeHarness.project(tmp.resolve("demo"));
        Files.writeString(dir.resolve("database.ts"), NodeHarness.referenceTypes(url, "public"));
        Files.writeString(dir.resolve("database.interfaces.ts"), ts);
        StringBuilder check = new StringBuilder("import type { Database } from \"./database\"\n")
                .append("import type * as I from \"./database.interfaces\"\n").append(SAME)
                .append("type T = Database[\"public\"][\"Tables\"]\n");
        TsNames names = TsNames.of(catalog, options);
        int checks = 0;
        for (Catalog.Table t : catalog.tables()) {
            if (!t.schema().equals("public")) continue;
            String n = "I.DB" + names.relation("public", t.name());
            for (String part : List.of("Row", "Insert", "Update")) {
                String mine = n + (part.equals("Row") ? "" : part);
                check.append("same<Same<").append(mine).append(", T[\"").append(t.name()).append("\"][\"").append(part).append("\"]>>()\n");
                checks++;
            }
        }
        check.append("same<Same<I.DBOpenWorkOrder, Database[\"public\"][\"Views\"][\"open_work_orders\"][\"Row\"]>>()\n");
        check.append("same<Same<I.DBWorkOrderPriority, Database[\"public\"][\"Enums\"][\"work_order_priority\"]>>()\n");
        // The harness must be able to fail: a nullable column made required is told apart.
        check.append("// @ts-expect-error the check tells a wrong type apart\n")
                .append("same<Same<I.DBWorkOrder, Omit<T[\"work_orders\"][\"Row\"], \"crew_id\"> & { crew_id: number }>>()\n");
        Files.writeString(dir.resolve("check.ts"), check.toString());
        assertThat(checks).isEqualTo(3 * 8);
        compile(dir, "check.ts");
    }

    @Test
    void oddNamesCollisionsSelfReferencesAndHostileCommentsGiveValidDistinctTypes() throws Exception {
        String url = TestDatabase.freshDatabase("iface_odd");
        TestDatabase.exec(url,
                "create schema billing",
                "create type mood as enum ('sad', 'it''s \"ok\"', 'back\\slash', '')",
                "create table crew (id int primary key)",
                "create table crews (id int primary key)",
                "create table \"Crews\" (id int primary key)",
                "create table crew_insert (id int primary key)",
                "create table billing.crews (id int primary key, crew_id int references public.crews (id))",
                "create table json (id int primary key)",
                "create table \"2fa\" (id int primary key)",
                "create table people (id bigint generated always as identity primary key, name text not null, "
                        + "manager_id bigint references people (id), mentor_id bigint references people (id), "
                        + "\"my col\" text, class text, \"\"\"quoted\"\"\" int not null default 1, __proto__ text, "
                        + "m mood not null, moods mood[], twice int generated always as (1 + 1) stored, "
                        + "crew_id int not null references crews (id), other_crew int references crews (id))",
                "create table badges (person_id bigint primary key references people (id), label varchar(20))",
                "comment on table people is 'Ends a comment */ export const pwned = 1; /* and\nmore lines'",
                "comment on column people.name is '*/ }'");
        Catalog catalog = NodeHarness.catalog(url);
        CodegenOptions options = new CodegenOptions(List.of("public", "billing"), "public", "types/db.ts", "DB", true, Set.of(),
                "app/api", "t", "d", true, null);
        String ts = InterfaceTypes.generate(catalog, options).get(0).content();
        assertThat(InterfaceTypes.generate(catalog, options).get(0).path()).isEqualTo("types/db.interfaces.ts");
        // crew takes the singular name first; crews falls back to its own name, "Crews" and the rest get numbers.
        assertThat(ts).contains("export interface DBCrew {", "export interface DBCrews {", "export interface DBCrews2 {",
                "export interface DBCrewInsert2 {", "export interface DBBillingCrew {", "export interface DBJson2 {",
                "export interface DBPerson {", "export interface DBBadge {", "export interface DB_2fa {");
        assertThat(ts).doesNotContain("*/ export const pwned");
        // Relations: the many-to-one side, both self-references, the two keys to crews, and a one-to-one back side.
        assertThat(ts).contains("  manager?: DBPerson | null\n", "  mentor?: DBPerson | null\n",
                "  people_by_manager_id?: DBPerson[]\n", "  people_by_mentor_id?: DBPerson[]\n",
                "  crew?: DBCrews\n", "  other_crew_crew?: DBCrews | null\n", "  badge?: DBBadge | null\n",
                "  person?: DBPerson\n", "  people_by_crew_id?: DBPerson[]\n", "  billing_crews?: DBBillingCrew[]\n");

        Path dir = NodeHarness.project(tmp.resolve("odd"));
        Files.writeString(dir.resolve("db.interfaces.ts"), ts);
        Files.writeString(dir.resolve("check.ts"), """
                import type * as I from "./db.interfaces"
                const p: I.DBPerson = { id: 1, name: "a", manager_id: null, mentor_id: null, "my col": null, class: null,
                  '"quoted"': 2, ["__proto__"]: null, m: "it's \\"ok\\"", moods: ["", "back\\\\slash"], twice: 2, crew_id: 1, other_crew: null }
                const i: I.DBPersonInsert = { name: "b", m: "sad", crew_id: 1 }
                // @ts-expect-error identity ALWAYS cannot be inserted
                const j: I.DBPersonInsert = { id: 3, name: "b", m: "sad", crew_id: 1 }
                // @ts-expect-error a generated column cannot be updated
                const u: I.DBPersonUpdate = { twice: 3 }
                // @ts-expect-error name is required on insert
                const k: I.DBPersonInsert = { m: "sad", crew_id: 1 }
                // @ts-expect-error not a label of mood
                const bad: I.DBMood = "happy"
                const r: I.DBPersonWithRelations = { ...p, manager: null, people_by_manager_id: [p], crew: { id: 1 }, badge: null }
                export const all = [p, i, j, u, k, bad, r]
                """);
        compile(dir, "check.ts");
    }

    private static void compile(Path dir, String file) throws Exception {
        List<String> args = new ArrayList<>(List.of("--strict", "--noEmit", "--target", "es2022", "--module", "esnext",
                "--moduleResolution", "bundler", "--skipLibCheck", file));
        NodeHarness.Result r = NodeHarness.tsc(dir, args.toArray(String[]::new));
        if (r.exit() != 0) NodeHarness.keep(dir, "interfaces-" + dir.getFileName());
        assertThat(r.exit()).as("tsc --strict on the generated interfaces:\n%s", r.output()).isZero();
    }
}
