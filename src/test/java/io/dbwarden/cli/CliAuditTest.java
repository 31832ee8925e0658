package io.dbwarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CLI commands land in the same audit trail as MCP tool calls, with caller, arguments minus secrets and outcome. */
class CliAuditTest {
    @TempDir
    Path project;

    @Test
    void cliCommandsAreAuditedWithoutTheirSecrets() throws Exception {
        String url = TestDatabase.freshDatabase("cli_audit");
        TestDatabase.exec(url, "create table orders (id int primary key, total int)");
        String withPassword = url.replaceFirst("://([^@/:]+)@", "://$1:hunter2@");
        assertThat(withPassword).contains(":hunter2@");
        Files.writeString(project.resolve("dbwarden.yaml"), "allow_writes: true\n");
        String p = project.toString();

        assertThat(CliRun.of("audit", "enable", "orders", "--retention-days", "7", "--db", withPassword, "--project", p).code()).isZero();
        assertThat(CliRun.of("execute-sql", "select 1", "--db", withPassword, "--project", p).code()).isZero();
        assertThat(CliRun.of("describe-object", "no_such_table", "--db", withPassword, "--project", p).code()).isEqualTo(1);
        assertThat(CliRun.of("audit", "disable", "orders", "--db", withPassword, "--project", p).code()).isZero();
        assertThat(CliRun.of("check", "--db", withPassword, "--project", p).code()).as("no migrations directory").isEqualTo(3);
        assertThat(CliRun.of("help", "health").code()).isZero();

        CliRun log = CliRun.of("audit", "--json", "--kind", "tool_call", "--db", withPassword, "--project", p);
        assertThat(log.code()).as(log.err()).isZero();
        assertThat(log.out()).doesNotContain("hunter2");
        Map<String, JsonNode> byAction = new HashMap<>();
        for (JsonNode e : new ObjectMapper().readTree(log.out()).path("entries")) byAction.putIfAbsent(e.path("action").asText(), e);
        assertThat(byAction).containsOnlyKeys("audit enable", "execute-sql", "describe-object", "audit disable", "check");

        JsonNode enable = byAction.get("audit enable");
        assertThat(enable.path("actor").asText()).isEqualTo(CliAudit.caller()).startsWith("cli");
        assertThat(enable.path("outcome").asText()).isEqualTo("ok");
        assertThat(enable.path("details").path("writes").asBoolean()).isTrue();
        assertThat(enable.path("details").path("arguments").path("args").asText()).isEqualTo("orders");
        assertThat(enable.path("details").path("arguments").path("retention-days").asInt()).isEqualTo(7);
        assertThat(enable.path("details").path("arguments").path("db").asText()).contains(":***@").doesNotContain("hunter2");

        assertThat(byAction.get("execute-sql").path("details").path("writes").asBoolean()).isFalse();
        assertThat(byAction.get("execute-sql").path("details").path("arguments").path("args").asText()).isEqualTo("select 1");
        assertThat(byAction.get("describe-object").path("outcome").asText()).isEqualTo("error");
        assertThat(byAction.get("check").path("outcome").asText()).isEqualTo("exit 3");
        assertThat(byAction.get("audit disable").path("details").path("writes").asBoolean()).isTrue();
    }

    @Test
    void aBadConfigurationIsReportedOnceNotAgainByTheAudit(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("dbwarden.yaml"), "advisors:\n  sample_interval_minute: 5\n");
        CliRun run = CliRun.of("health", "--project", other.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("unknown key 'advisors.sample_interval_minute'").doesNotContain("audit trail");
        assertThat(run.err().lines().filter(l -> l.startsWith("dbwarden:")).count()).isEqualTo(1);
    }
}
