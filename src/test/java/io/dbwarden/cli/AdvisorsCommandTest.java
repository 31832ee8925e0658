package io.dbwarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** dbwarden advisors, and the lints inside dbwarden check with its exit-code contract. */
class AdvisorsCommandTest {
    @TempDir
    Path project;

    @Test
    void advisorsOnTheDemoDatabase() throws Exception {
        CliRun json = CliRun.of("advisors", "--json", "--db", TestDatabase.demoUrl(), "--project", project.toString());
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode out = new ObjectMapper().readTree(json.out());
        assertThat(out.path("findings").findValuesAsText("name")).contains("extension-in-public", "multiple-permissive-policies");
        assertThat(out.path("findings").get(0).path("level").asText()).isIn("ERROR", "WARN", "INFO");

        CliRun security = CliRun.of("advisors", "--category", "security", "--db", TestDatabase.demoUrl(), "--project", project.toString());
        assertThat(security.out()).contains("[extension-in-public]").doesNotContain("[multiple-permissive-policies]");

        assertThat(CliRun.of("advisors", "--fail-on", "medium", "--db", TestDatabase.demoUrl(), "--project", project.toString()).code()).isEqualTo(1);
        assertThat(CliRun.of("advisors", "--level", "loud", "--db", TestDatabase.demoUrl(), "--project", project.toString()).code()).isEqualTo(1);
        assertThat(CliRun.of("advisors", "--rules").out()).contains("rls-disabled-in-public", "0013 rls_disabled_in_public");
    }

    @Test
    void checkFailsOnLintsAtTheConfiguredLevel() throws Exception {
        String url = TestDatabase.freshDatabase("check_lints");
        TestDatabase.exec(url, """
                do $$ begin
                    if not exists (select 1 from pg_roles where rolname = 'anon') then
                        begin create role anon nologin; exception when duplicate_object or unique_violation then null; end;
                    end if;
                end $$""", "create table leak (id int primary key)", "grant select on leak to anon");
        Files.writeString(project.resolve("dbwarden.yaml"), "migrate:\n  shadow_url: " + TestDatabase.serverUrl() + "\n");
        Files.createDirectories(project.resolve("migrations"));
        Files.writeString(project.resolve("migrations/V1__add.sql"), "create table added (id bigint primary key);\n");

        CliRun unsafe = CliRun.of("check", "migrations", "--db", url, "--project", project.toString());
        assertThat(unsafe.code()).as(unsafe.out() + unsafe.err()).isEqualTo(1);
        assertThat(unsafe.out()).contains("rls-disabled-in-public").contains("public.leak");

        CliRun off = CliRun.of("check", "migrations", "--lint-level", "off", "--db", url, "--project", project.toString());
        assertThat(off.code()).as(off.out() + off.err()).isZero();
        CliRun critical = CliRun.of("check", "migrations", "--lint-level", "critical", "--db", url, "--project", project.toString());
        assertThat(critical.code()).isZero();

        CliRun json = CliRun.of("check", "migrations", "--json", "--db", url, "--project", project.toString());
        assertThat(json.code()).isEqualTo(1);
        JsonNode doc = new ObjectMapper().readTree(json.out()); // stdout stays one JSON document, with the gated lints in it
        assertThat(doc.path("verdict").asText()).isEqualTo("safe");
        assertThat(doc.path("lint_level").asText()).isEqualTo("high");
        List<String> lintNames = new java.util.ArrayList<>();
        for (JsonNode lint : doc.path("lints")) lintNames.add(lint.path("name").asText());
        assertThat(lintNames).contains("rls-disabled-in-public");
        assertThat(json.err()).contains("rls-disabled-in-public");

        CliRun junit = CliRun.of("check", "migrations", "--junit", "--db", url, "--project", project.toString());
        assertThat(junit.code()).isEqualTo(1);
        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(junit.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(xml.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        assertThat(junit.out()).contains("name=\"rls-disabled-in-public public.leak\"", "<failure type=\"high\"", "V1__add.sql");
        CliRun junitCritical = CliRun.of("check", "migrations", "--junit", "--lint-level", "critical", "--db", url, "--project", project.toString());
        assertThat(junitCritical.code()).isZero();
        assertThat(junitCritical.out()).contains("no lint at critical or above").doesNotContain("rls-disabled-in-public");

        CliRun sarif = CliRun.of("check", "migrations", "--sarif", "--db", url, "--project", project.toString());
        assertThat(sarif.code()).isEqualTo(1);
        JsonNode results = new ObjectMapper().readTree(sarif.out()).path("runs").get(0).path("results");
        assertThat(results.findValuesAsText("ruleId")).contains("rls-disabled-in-public");
        assertThat(results.findValuesAsText("fullyQualifiedName")).contains("public.leak");
        CliRun sarifOff = CliRun.of("check", "migrations", "--sarif", "--lint-level", "off", "--db", url, "--project", project.toString());
        assertThat(sarifOff.code()).isZero();
        assertThat(new ObjectMapper().readTree(sarifOff.out()).path("runs").get(0).path("results").findValuesAsText("ruleId"))
                .doesNotContain("rls-disabled-in-public");

        Files.writeString(project.resolve("migrations/V2__broken.sql"), "alter table no_such_table add column x int;\n");
        assertThat(CliRun.of("check", "migrations", "--db", url, "--project", project.toString()).code()).isEqualTo(2);
    }
}
