package io.dbwarden.mcp;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.findings.Finding;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** sync_tasks and task_context as the standard profile lists them, called through their MCP adapters. */
class TaskToolsTest {
    @TempDir
    Path project;

    private static final McpTool.CallContext CALLER = new McpTool.CallContext() {
        @Override
        public String caller() {
            return "test";
        }

        @Override
        public McpSyncServerExchange exchange() {
            return null;
        }
    };

    private static String call(List<McpTool> tools, String name, Map<String, Object> args) {
        McpTool tool = tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        McpSchema.CallToolResult r = tool.handler().call(args, CALLER);
        assertThat(r.isError()).isFalse();
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void syncThenContextForTheTaskItMade() throws Exception {
        Files.createDirectories(project.resolve(".taskmaster"));
        try (Warden warden = new Warden(TestDatabase.config(TestDatabase.demoUrl(), project).withProfile("standard"))) {
            List<McpTool> tools = new McpServerFactory(warden).visibleTools();
            assertThat(tools).extracting(McpTool::name).contains("sync_tasks", "task_context");
            String connection = warden.forConnection(null).database().name();
            warden.findings().reconcile(connection, "query-analyzer", List.of(Finding.of("slow-query", Finding.Severity.HIGH,
                    Finding.Category.PERFORMANCE, "public.work_orders", "", "Slow query on work_orders filtered by crew_id",
                    "Seq Scan on work_orders", "create index concurrently on work_orders (crew_id);", null)));

            String synced = call(tools, "sync_tasks", Map.of());
            assertThat(synced).contains("untrusted-data-").contains("\"created\":1").contains("\"task\":\"1\"");

            String context = call(tools, "task_context", Map.of("id", 1));
            assertThat(context).contains("\"object\":\"public.work_orders\"").contains("Slow query on work_orders")
                    .contains("\"commands\":[\"dbwarden query-analyzer\"");
            assertThatThrownBy(() -> call(tools, "task_context", Map.of("id", "42"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No task 42");
        }
    }
}
