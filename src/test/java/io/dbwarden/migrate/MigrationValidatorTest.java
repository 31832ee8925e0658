package io.dbwarden.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.catalog.CatalogJson;
import io.dbwarden.catalog.CatalogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole validator against a real PostgreSQL: runner modes, data, reports, and a target that never changes. */
class MigrationValidatorTest {
    @TempDir
    Path project;

    private MigrationReport validate(String url, String sql, RunnerMode mode) {
        try (Warden warden = new Warden(TestDatabase.config(url, project))) {
            return warden.validator(null).validate(List.of(new MigrationSource("m.sql", sql)),
                    new MigrationValidator.Options(mode, true, true, true));
        }
    }

    private static List<String> rules(MigrationReport r) {
        return r.files().stream().flatMap(f -> f.issues().stream()).map(MigrationIssue::ruleId).toList();
    }

    private static String populated() {
        String url = TestDatabase.freshDatabase("mv");
        TestDatabase.exec(url,
                "create table users (id int primary key, email text, team int)",
                "insert into users select i, 'u' || (i % 900) || '@x', case when i % 10 = 0 then null else i % 7 end from generate_series(1, 1000) i",
                "create table teams (id int primary key)",
                "insert into teams select generate_series(0, 3)",
                "create view active_users as select id, email from users",
                "analyze");
        return url;
    }

    @Test
    void theTargetIsNeverChanged() throws Exception {
        String url = populated();
        String before = state(url);
        MigrationReport r = validate(url, """
                drop view active_users;
                alter table users alter column email type varchar(5);
                create index on users (email);
                update users set team = 1;
                delete from teams;
                truncate users cascade;
                drop table users cascade;
                create table fresh (id int);
                """, RunnerMode.AUTOCOMMIT);
        assertThat(r.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(state(url)).isEqualTo(before);
    }

    @Test
    void theRunnerModeDecidesWhetherConcurrentBuildsWork() {
        String url = populated();
        String cic = "set lock_timeout = '2s';\ncreate index concurrently users_email on users (email);\n";
        assertThat(validate(url, cic, RunnerMode.AUTOCOMMIT).verdict()).isEqualTo(Verdict.SAFE);
        assertThat(validate(url, cic, RunnerMode.SUPABASE).verdict()).isEqualTo(Verdict.SAFE);
        MigrationReport wrapped = validate(url, cic, RunnerMode.SINGLE_TRANSACTION);
        assertThat(wrapped.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(rules(wrapped)).contains("concurrent-index-in-transaction");
        MigrationReport block = validate(url, "begin;\n" + cic + "commit;\n", RunnerMode.AUTOCOMMIT);
        assertThat(block.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(rules(block)).contains("shadow-execution-error");
    }

    @Test
    void existingRowsDecideDataDependentVerdicts() {
        String url = populated();
        MigrationReport duplicates = validate(url, "set lock_timeout = '2s';\ncreate unique index concurrently users_email_key on users (email);\n",
                RunnerMode.AUTOCOMMIT);
        assertThat(duplicates.verdict()).isEqualTo(Verdict.FAILS);
        MigrationIssue dup = duplicates.files().get(0).issues().stream()
                .filter(i -> i.layer() == MigrationIssue.Layer.DATA).findFirst().orElseThrow();
        assertThat(dup.ruleId()).isEqualTo("unique-violation-existing-duplicates");
        assertThat(dup.evidence().get("sample").size()).isGreaterThan(0);

        assertThat(rules(validate(url, "set lock_timeout = '2s';\nalter table users alter column team set not null;\n", RunnerMode.AUTOCOMMIT)))
                .contains("not-null-violation-existing-nulls");

        // A NOT VALID foreign key over orphans succeeds now; only its VALIDATE would fail.
        String fk = "set lock_timeout = '2s';\nalter table users add constraint users_team_fk foreign key (team) references teams (id) not valid;\n";
        assertThat(validate(url, fk, RunnerMode.AUTOCOMMIT).verdict()).isEqualTo(Verdict.SAFE);
        MigrationReport validateLater = validate(url, fk + "alter table users validate constraint users_team_fk;\n", RunnerMode.AUTOCOMMIT);
        assertThat(validateLater.verdict()).isEqualTo(Verdict.FAILS);
        assertThat(rules(validateLater)).contains("fk-violation-orphan-rows");
    }

    @Test
    void reportsParseAsJsonJunitAndSarif() throws Exception {
        MigrationReport r = validate(populated(), "create index on users (team);\nalter table users drop column team;\n", RunnerMode.AUTOCOMMIT);
        assertThat(r.verdict()).isEqualTo(Verdict.UNSAFE);
        var json = new ObjectMapper().readTree(ReportFormats.json(r));
        assertThat(json.get("verdict").asText()).isEqualTo("unsafe");
        assertThat(json.get("files").get(0).get("issues").get(0).get("line").asInt()).isEqualTo(1);
        var junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(ReportFormats.junit(r).getBytes(StandardCharsets.UTF_8)));
        assertThat(junit.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        var sarif = new ObjectMapper().readTree(ReportFormats.sarif(r));
        assertThat(sarif.get("runs").get(0).get("results").size()).isGreaterThanOrEqualTo(2);
        assertThat(ReportFormats.text(r)).contains("Verdict: unsafe").contains("create index concurrently");
        assertThat(r.token()).startsWith("mv1-");
        // The shadow run observed the lock the static rule predicted for the index build.
        MigrationIssue index = r.files().get(0).issues().stream().filter(i -> i.ruleId().equals("index-created-non-concurrently"))
                .findFirst().orElseThrow();
        assertThat(index.evidence().get("observed_locks").toString()).contains("ShareLock on public.users");
    }

    @Test
    void aDropThatTheAppStillUsesIsReportedWithFileAndLine() throws Exception {
        java.nio.file.Files.createDirectories(project.resolve("app/api/users"));
        java.nio.file.Files.writeString(project.resolve("app/api/users/route.ts"), """
                import { supabase } from '@/lib/supabase'
                export async function GET() {
                  const { data } = await supabase.from('users').select('id, team')
                  return Response.json(data)
                }
                """);
        MigrationReport r = validate(populated(), "alter table users drop column team;\n", RunnerMode.AUTOCOMMIT);
        MigrationIssue code = r.files().get(0).issues().stream().filter(i -> i.layer() == MigrationIssue.Layer.CODE)
                .findFirst().orElseThrow();
        assertThat(code.ruleId()).isEqualTo("breaking-change-used-by-code");
        assertThat(code.message()).contains("public.users.team").contains("app/api/users/route.ts:3");
    }

    /** The catalog and every table's row count and content hash. */
    private static String state(String url) throws Exception {
        try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
            // Statistics are left out: autovacuum may analyze a table between the two reads.
            StringBuilder b = new StringBuilder(CatalogJson.write(new CatalogReader().read(c).withoutStatistics()));
            for (String t : List.of("users", "teams")) {
                try (ResultSet rs = st.executeQuery("select count(*), md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from " + t + " x")) {
                    rs.next();
                    b.append('|').append(rs.getLong(1)).append(':').append(rs.getString(2));
                }
            }
            return b.toString();
        }
    }
}
