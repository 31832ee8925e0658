package io.dbwarden.mcp;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default tool list is a cost every client pays on every turn; it stays small and complete. */
class ToolListTest {
    @TempDir
    Path project;

    @Test
    void theCoreProfileIsSmall() throws Exception {
        try (Warden warden = new Warden(TestDatabase.config("postgres://x@localhost/x", project))) {
            List<McpSchema.Tool> tools = new McpServerFactory(warden).visibleTools().stream().map(McpTool::definition).toList();
            String json = McpJsonDefaults.getMapper().writeValueAsString(new McpSchema.ListToolsResult(tools, null));
            // About 4 bytes per token. Measured: 7,745 bytes for eight tools, four of which (schema_monitor, query_analyzer,
            // migration_validator, type_generator) the team's plan names with their parameters. 8,000 bytes
            // is under 2k tokens.
            assertThat(json.length()).isLessThan(8_000);
        }
    }

    @Test
    void everyToolHasACompleteSchemaAndDescription() {
        try (Warden warden = new Warden(TestDatabase.config("postgres://x@localhost/x", project).withProfile("all"))) {
            for (McpTool t : new McpServerFactory(warden).visibleTools()) {
                McpSchema.Tool d = t.definition();
                assertThat(d.description()).as(d.name()).hasSizeGreaterThan(40);
                assertThat(d.inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
                @SuppressWarnings("unchecked") Map<String, Object> properties = (Map<String, Object>) d.inputSchema().get("properties");
                // schema_monitor keeps the team's plan's name for it, database_url; both take a connection name.
                assertThat(properties.keySet()).as(d.name()).containsAnyOf("database", "database_url");
                for (Object p : properties.values()) {
                    @SuppressWarnings("unchecked") Map<String, Object> prop = (Map<String, Object>) p;
                    assertThat(prop).as(d.name()).containsKey("type");
                }
                // Only type_generator (generated files) and sync_tasks (tasks.json) write, and only project files: never
                // destructive, always idempotent.
                if (d.name().equals("type_generator") || d.name().equals("sync_tasks")) {
                    assertThat(d.annotations().destructiveHint()).isFalse();
                    assertThat(d.annotations().idempotentHint()).isTrue();
                } else {
                    assertThat(d.annotations().readOnlyHint()).as(d.name()).isTrue();
                }
            }
        }
    }

    @Test
    void writeToolsAppearOnlyWhenWritesAreEnabled() {
        var readOnly = TestDatabase.config("postgres://x@localhost/x", project);
        try (Warden warden = new Warden(readOnly)) {
            assertThat(new McpServerFactory(warden).visibleTools()).noneMatch(McpTool::writes)
                    .extracting(McpTool::name).doesNotContain("apply_migration");
        }
        try (Warden warden = new Warden(readOnly.withAllowWrites(true))) {
            McpTool apply = new McpServerFactory(warden).visibleTools().stream().filter(t -> t.name().equals("apply_migration"))
                    .findFirst().orElseThrow();
            assertThat(apply.writes()).isTrue();
            assertThat(apply.definition().annotations().readOnlyHint()).isFalse();
            assertThat(apply.definition().annotations().destructiveHint()).isTrue();
        }
    }
}
