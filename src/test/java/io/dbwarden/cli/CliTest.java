package io.dbwarden.cli;

import io.dbwarden.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands as a user runs them: output, exit codes, and errors without stack traces. */
class CliTest {
    @TempDir
    Path project;

    private CliRun run(String... args) {
        return CliRun.of(args);
    }

    private String[] withDb(String... args) {
        return CliRun.onDemo(project, args);
    }

    @Test
    void listsDescribesQueriesAndExplains() {
        CliRun list = run(withDb("list-objects", "--kind", "table"));
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("public.work_orders").contains("rows_estimate=18000");

        CliRun describe = run(withDb("describe-object", "crews", "--json"));
        assertThat(describe.code()).isZero();
        assertThat(describe.out()).contains("\"name\" : \"public.crews\"");

        CliRun sql = run(withDb("execute-sql", "select count(*) as n from projects"));
        assertThat(sql.code()).isZero();
        assertThat(sql.out()).contains("300").contains("(1 rows");

        CliRun explain = run(withDb("explain-query", "select * from work_orders where crew_id = 7"));
        assertThat(explain.code()).isZero();
        assertThat(explain.out()).contains("Estimated total cost");
    }

    @Test
    void refusalsAndBadInputGetOneLineAndExitOne() {
        CliRun write = run(withDb("execute-sql", "delete from users"));
        assertThat(write.code()).isEqualTo(1);
        assertThat(write.err()).startsWith("dbwarden: ").doesNotContain("Exception").doesNotContain("\tat ");

        CliRun missing = run(withDb("describe-object", "nope"));
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("list_objects");

        CliRun badUrl = run("list-objects", "--db", "mysql://root:hunter2@h/db", "--project", project.toString());
        assertThat(badUrl.code()).isEqualTo(1);
        assertThat(badUrl.err()).contains("postgres://").doesNotContain("hunter2");

        CliRun usage = run("list-objects", "--no-such-flag");
        assertThat(usage.code()).isEqualTo(3);
        // For the migration commands 1 and 2 are verdicts; whatever stops them is 3.
        assertThat(run("migration-validator", "--db", TestDatabase.demoUrl(), "--project", project.toString(), "no-such-file.sql").code())
                .isEqualTo(3);
        assertThat(run("check", "--db", TestDatabase.demoUrl(), "--project", project.toString()).code()).isEqualTo(3);
    }

    @Test
    void snapshotWritesCanonicalJsonAtomically() throws Exception {
        CliRun r = run(withDb("snapshot", "--out", "schema.json", "--json"));
        assertThat(r.code()).isZero();
        String first = java.nio.file.Files.readString(project.resolve("schema.json"));
        assertThat(first).contains("\"format\" : 1");
        run(withDb("snapshot", "--out", "schema.json"));
        assertThat(java.nio.file.Files.readString(project.resolve("schema.json"))).isEqualTo(first);
        CliRun stored = run(withDb("snapshot", "--label", "before release"));
        assertThat(stored.code()).isZero();
        assertThat(stored.out()).contains("state store as #1");
    }

    @Test
    void driftFailsTheBuildAndResolvesOnceTheCodeIsFixed() throws Exception {
        Path app = java.nio.file.Paths.get(getClass().getResource("/io/dbwarden/monitor/nextjs-app").toURI());
        try (var files = java.nio.file.Files.walk(app)) {
            for (Path f : files.toList()) {
                Path target = project.resolve(app.relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) java.nio.file.Files.createDirectories(target);
                else java.nio.file.Files.copy(f, target);
            }
        }
        CliRun drift = run(withDb("drift"));
        assertThat(drift.code()).isEqualTo(1);
        assertThat(drift.out()).contains("public.users.avatar_url").contains("app/api/users/route.ts")
                .contains("code-references-missing-column").contains("types-file-stale");

        // Fix the API route: the avatar_url finding for that file resolves, the component's remains.
        Path route = project.resolve("app/api/users/route.ts");
        java.nio.file.Files.writeString(route, java.nio.file.Files.readString(route).replace(", avatar_url", ""));
        CliRun again = run(withDb("drift", "--json"));
        assertThat(again.code()).isEqualTo(1);
        CliRun resolved = run(withDb("findings", "--status", "resolved", "--json"));
        assertThat(resolved.out()).contains("\"subject\" : \"public.users.avatar_url\"");
        CliRun open = run(withDb("findings", "--object", "avatar_url", "--json"));
        assertThat(open.out()).contains("src/components/CrewCard.tsx reads public.users.avatar_url")
                .contains("src/types/database.ts lists public.users.avatar_url")
                .doesNotContain("app/api/users/route.ts reads public.users.avatar_url");
    }

    @Test
    void installPrintsTheReadOnlyRoleAndChecksRoles() {
        CliRun sql = run(withDb("install", "--read-only-role"));
        assertThat(sql.code()).isZero();
        assertThat(sql.out()).contains("create role dbwarden_ro login password :'ro_password'")
                .contains("default_transaction_read_only = on").contains("grant select on all tables in schema \"public\"");
        // The embedded server's postgres role is a superuser: not a read-only boundary.
        CliRun check = run(withDb("install", "--check", "--role", "postgres"));
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out()).contains("superuser");
        assertThat(run(withDb("install", "--read-only-role", "--role", "Robert'); drop")).code()).isEqualTo(1);
        CliRun capture = run(withDb("install"));
        assertThat(capture.code()).isZero();
        assertThat(capture.out()).contains("create event trigger dbwarden_ddl_command_end on ddl_command_end");
        // Applying writes to the database, which dbwarden refuses while it is read-only.
        CliRun apply = run(withDb("install", "--apply"));
        assertThat(apply.code()).isEqualTo(1);
        assertThat(apply.err()).contains("allow_writes");
    }
}
