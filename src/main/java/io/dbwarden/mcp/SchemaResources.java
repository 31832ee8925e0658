package io.dbwarden.mcp;

import io.dbwarden.Warden;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.SchemaBrowser;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema as MCP resources: {@code dbwarden://schema} for the whole default database, and one
 * {@code dbwarden://table/schema.name} per table or view, readable through a template as well.
 */
public final class SchemaResources {
    public static final String SCHEMA_URI = "dbwarden://schema";
    public static final String TABLE_PREFIX = "dbwarden://table/";

    private final Warden warden;
    private final SchemaBrowser browser = new SchemaBrowser();

    public SchemaResources(Warden warden) {
        this.warden = warden;
    }

    public McpServerFeatures.SyncResourceSpecification schemaResource() {
        McpSchema.Resource r = McpSchema.Resource.builder().uri(SCHEMA_URI).name("schema")
                .description("Tables, views and their columns in the default database (untrusted data).")
                .mimeType("application/json").build();
        return new McpServerFeatures.SyncResourceSpecification(r, (exchange, request) -> read(SCHEMA_URI, overview(catalog())));
    }

    public McpServerFeatures.SyncResourceTemplateSpecification tableTemplate() {
        McpSchema.ResourceTemplate t = McpSchema.ResourceTemplate.builder().uriTemplate(TABLE_PREFIX + "{name}").name("table")
                .description("One table or view as describe_object shows it; name is schema.table.").mimeType("application/json").build();
        return new McpServerFeatures.SyncResourceTemplateSpecification(t, (exchange, request) -> readTable(request.uri()));
    }

    /** One concrete resource per table and view of the current catalog. */
    public List<McpServerFeatures.SyncResourceSpecification> tableResources(Catalog catalog) {
        List<McpServerFeatures.SyncResourceSpecification> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        catalog.tables().forEach(t -> names.add(t.qualifiedName()));
        catalog.views().forEach(v -> names.add(v.qualifiedName()));
        for (String name : names) out.add(tableResource(name));
        return out;
    }

    public McpServerFeatures.SyncResourceSpecification tableResource(String qualifiedName) {
        String uri = TABLE_PREFIX + qualifiedName;
        McpSchema.Resource r = McpSchema.Resource.builder().uri(uri).name(qualifiedName).mimeType("application/json").build();
        return new McpServerFeatures.SyncResourceSpecification(r, (exchange, request) -> readTable(uri));
    }

    public Catalog catalog() {
        return warden.forConnection(null).catalog().current();
    }

    private McpSchema.ReadResourceResult readTable(String uri) {
        String name = uri.substring(TABLE_PREFIX.length());
        return read(uri, browser.describe(catalog(), name));
    }

    private Map<String, Object> overview(Catalog catalog) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", catalog.database());
        List<Map<String, Object>> tables = new ArrayList<>();
        for (Catalog.Table t : catalog.tables()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.qualifiedName());
            m.put("columns", t.columns().stream().map(c -> c.name() + " " + c.type() + (c.notNull() ? " not null" : "")).toList());
            tables.add(m);
        }
        out.put("tables", tables);
        out.put("views", catalog.views().stream().map(Catalog.View::qualifiedName).toList());
        out.put("enums", catalog.enums().stream().map(e -> Map.of("name", e.schema() + "." + e.name(), "labels", e.labels())).toList());
        return out;
    }

    private static McpSchema.ReadResourceResult read(String uri, Object data) {
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "application/json", ToolResults.json(data))));
    }
}
