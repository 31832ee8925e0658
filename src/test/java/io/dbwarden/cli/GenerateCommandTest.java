package io.dbwarden.cli;

import io.dbwarden.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** dbwarden generate and dbwarden types as a user and a CI pipeline run them. */
class GenerateCommandTest {
    private static final String[] SCHEMA = {"create type crew_role as enum ('lead', 'tech')",
            "create table crews (id bigint generated always as identity primary key, name varchar(80) not null, role crew_role)",
            "create table jobs (id uuid primary key default gen_random_uuid(), crew_id bigint references crews(id), note text)"};
    private static String url;
    @TempDir
    Path project;
    @TempDir
    Path outside;

    @BeforeAll
    static void database() {
        url = TestDatabase.freshDatabase("generate_cli");
        TestDatabase.exec(url, SCHEMA);
    }

    private CliRun run(String... args) {
        return CliRun.of(Stream.concat(Stream.of(args), Stream.of("--db", url, "--project", project.toString())).toArray(String[]::new));
    }

    @Test
    void typesPrintsTheSupabaseFileOrWritesIt() throws Exception {
        CliRun printed = run("types");
        assertThat(printed.code()).as(printed.err()).isZero();
        assertThat(printed.out()).startsWith("export type Json =").contains("crews: {").contains("role: Database[\"public\"][\"Enums\"][\"crew_role\"] | null")
                .contains("id?: never");
        CliRun written = run("types", "--out", "lib/db.ts");
        assertThat(written.code()).as(written.err()).isZero();
        assertThat(Files.readString(project.resolve("lib/db.ts"))).isEqualTo(printed.out());
        assertThat(run("types", "--out", "lib/db.ts").err()).contains("unchanged lib/db.ts");
    }

    @Test
    void checkPassesWhenCurrentAndNamesStaleFilesAfterASchemaChange() throws Exception {
        CliRun gen = run("generate", "--target", "types,interfaces,zod,tests,docs");
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("written   src/types/database.ts", "src/types/database.interfaces.ts", "src/types/database.zod.ts",
                "supabase/tests/database/public.test.sql", "docs/database/public.md");
        CliRun current = run("generate", "--target", "types,interfaces,zod,tests,docs", "--check");
        assertThat(current.code()).as(current.out() + current.err()).isZero();
        assertThat(current.out()).contains("Generated files are current.");

        String changed = TestDatabase.freshDatabase("generate_cli_changed");
        TestDatabase.exec(changed, SCHEMA);
        TestDatabase.exec(changed, "alter table jobs add column due date");
        CliRun stale = CliRun.of("generate", "--target", "types,interfaces,zod,tests,docs", "--check", "--db", changed,
                "--project", project.toString());
        int code = stale.code();
        String text = stale.out();
        assertThat(code).as(text).isEqualTo(1);
        assertThat(text).contains("stale     src/types/database.ts").contains("are stale");
        // Check mode writes nothing.
        assertThat(Files.readString(project.resolve("src/types/database.ts"))).doesNotContain("due");
    }

    @Test
    void pathsOutsideTheProjectAreRefusedBeforeAnythingIsWritten() throws Exception {
        for (String bad : List.of("../escape.ts", outside.resolve("abs.ts").toString(), "src/../../x.ts")) {
            CliRun r = run("types", "--out", bad);
            assertThat(r.code()).as(bad).isEqualTo(1);
            assertThat(r.err()).as(bad).contains("leaves the project root").doesNotContain("Exception");
        }
        Files.createSymbolicLink(project.resolve("linked"), outside);
        CliRun r = run("types", "--out", "linked/types.ts");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("symbolic link");
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.toList()).isEmpty();
        }
        assertThat(project.getParent().resolve("escape.ts")).doesNotExist();
    }

    @Test
    void badTargetsAndSchemasGetOneClearLine() {
        CliRun target = run("generate", "--target", "types,graphql");
        assertThat(target.code()).isEqualTo(1);
        assertThat(target.err()).contains("Unknown target 'graphql'").contains("types, interfaces, zod, routes, tests, docs");
        CliRun schema = run("types", "--schema", "nope\"; drop table crews; --");
        assertThat(schema.code()).isEqualTo(1);
        assertThat(schema.err()).contains("No schema named").doesNotContain("Exception");
        TestDatabase.exec(url, "select 1 from crews");
    }
}
