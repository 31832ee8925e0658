package io.dbwarden.mcp;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** recommend_indexes as an MCP client calls it: standard profile, advice for one statement, one clear error. */
class RecommendIndexesToolTest {
    @TempDir
    Path project;

    @Test
    void advisesForOneStatementInsideTheUntrustedBoundary() {
        try (Warden warden = new Warden(TestDatabase.config(TestDatabase.demoUrl(), project).withProfile("standard"))) {
            McpTool tool = new McpServerFactory(warden).visibleTools().stream().filter(t -> t.name().equals("recommend_indexes"))
                    .findFirst().orElseThrow();
            assertThat(tool.profile()).isEqualTo(McpTool.Profile.STANDARD);
            McpSchema.CallToolResult r = tool.handler().call(Map.of("sql",
                    "select id, created_at from activity_logs where created_at > now() - $1::interval order by created_at desc limit 100",
                    "budget_mb", 50), null);
            String text = ((McpSchema.TextContent) r.content().get(0)).text();
            assertThat(text).contains("untrusted-data-").contains("CREATE INDEX CONCURRENTLY ON public.activity_logs (created_at")
                    .contains("\"method\"");
            assertThatThrownBy(() -> tool.handler().call(Map.of("budget_mb", 0), null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("budget_mb");

            // Under the demo's row-level security, as a signed-in user: the report says which role planned, never the claim values.
            McpSchema.CallToolResult asUser = tool.handler().call(Map.of("sql", "select id, title from work_orders order by created_at desc limit 20",
                    "jwt_claims", Map.of("sub", "00000000-0000-0000-0000-00000000cafe")), null);
            String userText = ((McpSchema.TextContent) asUser.content().get(0)).text();
            assertThat(userText).contains("\"planned_as\"").contains("\"authenticated\"").doesNotContain("cafe");
            assertThat(asUser.isError()).isNotEqualTo(Boolean.TRUE);
            assertThatThrownBy(() -> tool.handler().call(Map.of("sql", "select 1", "jwt_claims", java.util.List.of("sub")), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jwt_claims must be a JSON object");
        }
    }
}
