package io.dbwarden.mcp;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The official MCP Java SDK client drives dbwarden over Streamable HTTP (in-process) and stdio (a child JVM). */
class McpClientEndToEndTest {
    @TempDir
    static Path project;
    private static Warden warden;
    private static HttpTransportServer http;

    @BeforeAll
    static void start() {
        Config config = TestDatabase.config(TestDatabase.demoUrl(), project);
        config = config.withHttp(new Config.Http("127.0.0.1", 0, null, List.of(), 1_048_576));
        warden = new Warden(config);
        http = HttpTransportServer.start(new McpServerFactory(warden), config.http());
    }

    @AfterAll
    static void stop() {
        if (http != null) http.close();
        if (warden != null) warden.close();
    }

    @Test
    void everyToolWorksOverStreamableHttp() {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port())
                .endpoint(HttpTransportServer.ENDPOINT).build();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
            exerciseEveryTool(client);
        }
    }

    @Test
    void everyToolWorksOverStdio() {
        ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("-cp", System.getProperty("java.class.path"), "io.dbwarden.cli.Main", "serve", "--stdio",
                        "--project", project.toString())
                .env(Map.of("DATABASE_URL", TestDatabase.demoUrl(), "PATH", System.getenv("PATH")))
                .build();
        var transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
            exerciseEveryTool(client);
        }
    }

    private static void exerciseEveryTool(McpSyncClient client) {
        McpSchema.InitializeResult init = client.initialize();
        assertThat(init.serverInfo().name()).isEqualTo("dbwarden");

        List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertThat(names).containsExactlyInAnyOrder("list_objects", "describe_object", "execute_sql", "explain_query", "schema_monitor",
                "migration_validator", "type_generator", "query_analyzer");

        String objects = text(call(client, "list_objects", Map.of("kind", List.of("table"))));
        assertThat(objects).contains("public.work_orders").contains("untrusted-data-");

        String described = text(call(client, "describe_object", Map.of("name", "work_orders")));
        assertThat(described).contains("foreign_keys_out").contains("policies").contains("crew_id");

        McpSchema.CallToolResult rows = call(client, "execute_sql", Map.of("sql", "select count(*) as n from work_orders"));
        assertThat(rows.isError()).isFalse();
        assertThat(text(rows)).contains("\"columns\":[\"n\"]").contains("\"rows\":[[18000]]");

        McpSchema.CallToolResult refused = call(client, "execute_sql", Map.of("sql", "drop table work_orders"));
        assertThat(refused.isError()).isTrue();

        String plan = text(call(client, "explain_query", Map.of("sql", "select * from work_orders where crew_id = 42", "analyze", true)));
        assertThat(plan).contains("Seq Scan").contains("summary");

        McpSchema.CallToolResult check = call(client, "schema_monitor", Map.of("tables", List.of("work_orders"), "alert_on_changes", true));
        assertThat(check.isError()).as(text(check)).isFalse();
        assertThat(text(check)).contains("\"capture\"").contains("expected_schema");

        McpSchema.CallToolResult verdict = call(client, "migration_validator",
                Map.of("sql", "alter table work_orders alter column crew_id set not null;"));
        assertThat(verdict.isError()).as(text(verdict)).isFalse();
        assertThat(text(verdict)).contains("\"verdict\":\"fails\"").contains("not-null-violation-existing-nulls");

        McpSchema.CallToolResult slow = call(client, "query_analyzer", Map.of("threshold_ms", 5, "log_slow_queries", true,
                "suggest_optimizations", true));
        assertThat(slow.isError()).as(text(slow)).isFalse();
        assertThat(text(slow)).contains("untrusted-data-").contains("\"slow_queries\"").contains("unindexed-fk-join");
        McpSchema.CallToolResult badThreshold = call(client, "query_analyzer", Map.of("threshold_ms", -1));
        assertThat(badThreshold.isError()).isTrue();

        McpSchema.CallToolResult generated = call(client, "type_generator", Map.of("output_path", "src/types/database.ts",
                "interface_prefix", "DB", "include_relations", true));
        assertThat(generated.isError()).as(text(generated)).isFalse();
        assertThat(text(generated)).contains("src/types/database.ts").contains("src/types/database.interfaces.ts");
        assertThat(project.resolve("src/types/database.interfaces.ts")).content().contains("export interface DBCrew");
        McpSchema.CallToolResult current = call(client, "type_generator", Map.of("check", true));
        assertThat(text(current)).contains("\"stale\":[]");
        McpSchema.CallToolResult escape = call(client, "type_generator", Map.of("output_path", "../../outside.ts"));
        assertThat(escape.isError()).isTrue();
        assertThat(text(escape)).contains("leaves the project root");

        McpSchema.CallToolResult bad = call(client, "describe_object", Map.of("name", "no_such_table"));
        assertThat(bad.isError()).isTrue();
        assertThat(text(bad)).contains("list_objects");

        McpSchema.ReadResourceResult schema = client.readResource(new McpSchema.ReadResourceRequest(SchemaResources.SCHEMA_URI));
        assertThat(((McpSchema.TextResourceContents) schema.contents().get(0)).text()).contains("public.crews");
        McpSchema.ReadResourceResult table = client.readResource(
                new McpSchema.ReadResourceRequest(SchemaResources.TABLE_PREFIX + "public.crews"));
        assertThat(((McpSchema.TextResourceContents) table.contents().get(0)).text()).contains("\"kind\":\"table\"");

        // One resource per table and view, registered in the background once the server is up.
        List<String> uris = List.of();
        for (int i = 0; i < 100 && !uris.contains(SchemaResources.TABLE_PREFIX + "public.work_orders"); i++) {
            uris = client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
            if (!uris.contains(SchemaResources.TABLE_PREFIX + "public.work_orders")) sleep(100);
        }
        assertThat(uris).contains(SchemaResources.SCHEMA_URI, SchemaResources.TABLE_PREFIX + "public.work_orders",
                SchemaResources.TABLE_PREFIX + "public.open_work_orders");

        // The server survives all of the above and still answers.
        assertThat(client.ping()).isNotNull();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }
}
