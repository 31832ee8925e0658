package io.dbwarden.mcp;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** run_advisors, check_health, check_integrity and get_audit_log over MCP, and the audit of every call. */
class AdviseToolsTest {
    @TempDir
    Path project;

    @Test
    void advisorToolsAndTheAuditTrail() {
        Config config = TestDatabase.config(TestDatabase.demoUrl(), project).withProfile("standard")
                .withHttp(new Config.Http("127.0.0.1", 0, null, List.of(), 1_048_576));
        try (Warden warden = new Warden(config); HttpTransportServer http = HttpTransportServer.start(new McpServerFactory(warden), config.http())) {
            try (McpSyncClient client = client(http)) {
                assertThat(client.listTools().tools().stream().map(McpSchema.Tool::name).toList())
                        .contains("run_advisors", "check_health", "check_integrity", "get_audit_log");

                String security = text(client.callTool(new McpSchema.CallToolRequest("run_advisors", Map.of("category", List.of("security")))));
                assertThat(security).contains("untrusted-data-", "extension-in-public").doesNotContain("multiple-permissive-policies");
                String high = text(client.callTool(new McpSchema.CallToolRequest("run_advisors", Map.of("min_level", "high"))));
                assertThat(high).doesNotContain("\"severity\":\"low\"").doesNotContain("\"severity\":\"medium\"");
                McpSchema.CallToolResult bad = client.callTool(new McpSchema.CallToolRequest("run_advisors", Map.of("category", List.of("loud"))));
                assertThat(bad.isError()).isTrue();

                assertThat(text(client.callTool(new McpSchema.CallToolRequest("check_health", Map.of())))).contains("\"connections\"");
                assertThat(text(client.callTool(new McpSchema.CallToolRequest("check_integrity", Map.of())))).contains("\"checks\"");
                client.callTool(new McpSchema.CallToolRequest("execute_sql",
                        Map.of("sql", "select 'postgres://app:hunter2@db.example.com/app' as leaked")));
                McpSchema.CallToolResult badSince = client.callTool(new McpSchema.CallToolRequest("get_audit_log", Map.of("since", "yesterday")));
                assertThat(badSince.isError()).isTrue();
                assertThat(text(badSince)).contains("ISO-8601");

                String audit = text(client.callTool(new McpSchema.CallToolRequest("get_audit_log", Map.of("kind", "tool_call"))));
                assertThat(audit).contains("\"action\":\"run_advisors\"", "\"action\":\"check_health\"", "\"outcome\":\"error\"", "execute_sql")
                        .contains("\"action\":\"get_audit_log\"").doesNotContain("hunter2");
            }
        }
    }

    @Test
    void callsThatFailArgumentValidationAreAuditedToo() throws Exception {
        Config config = TestDatabase.config(TestDatabase.demoUrl(), project).withProfile("standard")
                .withHttp(new Config.Http("127.0.0.1", 0, null, List.of(), 1_048_576));
        try (Warden warden = new Warden(config); HttpTransportServer http = HttpTransportServer.start(new McpServerFactory(warden), config.http())) {
            try (McpSyncClient client = client(http)) {
                // outside the schema's enum, and of the wrong type: dbwarden's handler sees both and refuses them
                assertThat(client.callTool(new McpSchema.CallToolRequest("run_advisors", Map.of("min_level", "loud"))).isError()).isTrue();
                assertThat(client.callTool(new McpSchema.CallToolRequest("get_audit_log", Map.of("limit", "many"))).isError()).isTrue();
                // JWT claims identify a user: the call is audited, their values are not kept.
                client.callTool(new McpSchema.CallToolRequest("recommend_indexes", Map.of("sql", "select 1",
                        "jwt_claims", Map.of("sub", "00000000-0000-0000-0000-0000000c1a1e", "email", "someone@example.com"))));
            }
            var entries = new io.dbwarden.advise.AuditLog(warden.state()).query("default", "tool_call", null, 10);
            assertThat(entries).extracting(e -> e.action() + " " + e.outcome() + " " + e.details().get("arguments"))
                    .contains("run_advisors error {min_level=loud}", "get_audit_log error {limit=many}");
            assertThat(entries).filteredOn(e -> e.action().equals("recommend_indexes")).singleElement()
                    .satisfies(e -> assertThat(String.valueOf(e.details().get("arguments"))).contains("select 1")
                            .doesNotContain("c1a1e").doesNotContain("someone@example.com"));
        }
    }

    private static McpSyncClient client(HttpTransportServer http) {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port()).endpoint(HttpTransportServer.ENDPOINT).build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }
}
