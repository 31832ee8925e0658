package io.dbwarden.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.Warden;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.SchemaBrowser;
import io.dbwarden.db.QueryResult;
import io.dbwarden.db.SqlRunner;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four schema and SQL tools every profile lists: list_objects, describe_object, execute_sql and explain_query.
 * Each adapts its arguments to one service call and renders the result; no logic lives here.
 */
public final class CoreTools {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE_PROPERTY = """
            "database": {"type": "string", "description": "Name of a configured connection (default: \\"default\\")."}""";

    private final Warden warden;
    private final SchemaBrowser browser = new SchemaBrowser();

    public CoreTools(Warden warden) {
        this.warden = warden;
    }

    public List<McpTool> tools() {
        return List.of(listObjects(), describeObject(), executeSql(), explainQuery());
    }

    private McpTool listObjects() {
        var tool = tool("list_objects", "List objects",
                "List schemas, tables, views, materialized views, functions, enums and other types, with row estimates and "
                        + "RLS flags. Filter by kind, schema and name; pages with limit/offset (truncated=true means more exist).",
                """
                {"type": "object", "properties": {
                  %s,
                  "kind": {"type": "array", "items": {"type": "string", "enum": ["schema", "table", "view", "materialized_view",
                    "function", "enum", "composite_type", "domain", "sequence", "extension"]}, "description": "Kinds to list (default: all)."},
                  "schema": {"type": "string", "description": "Only this schema."},
                  "name": {"type": "string", "description": "Name filter: a substring, or a pattern with * wildcards."},
                  "limit": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                  "offset": {"type": "integer", "minimum": 0, "default": 0}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            Catalog catalog = warden.forConnection(a.string("database", null)).catalog().current();
            SchemaBrowser.Page page = browser.list(catalog, a.strings("kind"), a.string("schema", null), a.string("name", null),
                    a.integer("limit", 100, 1, 500), a.integer("offset", 0, 0, Integer.MAX_VALUE));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", page.total());
            out.put("truncated", page.truncated());
            if (page.nextOffset() != null) out.put("next_offset", page.nextOffset());
            out.put("objects", page.items());
            return ToolResults.untrusted("Objects in database " + catalog.database() + ".", out);
        });
    }

    private McpTool describeObject() {
        var tool = tool("describe_object", "Describe an object",
                "Everything about one table, view, function or type: columns with types and defaults, constraints, indexes, "
                        + "foreign keys in and out, RLS policies, triggers, grants, row estimate and size.",
                """
                {"type": "object", "properties": {
                  %s,
                  "name": {"type": "string", "description": "Object name, optionally schema-qualified: users or public.users."}
                }, "required": ["name"], "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            Catalog catalog = warden.forConnection(a.string("database", null)).catalog().current();
            return ToolResults.untrusted("Description of " + a.requiredString("name") + ".", browser.describe(catalog, a.requiredString("name")));
        });
    }

    private McpTool executeSql() {
        var tool = tool("execute_sql", "Run read-only SQL",
                "Run one read-only SQL statement (SELECT, WITH, VALUES, TABLE, SHOW) in a READ ONLY transaction with a "
                        + "timeout. Returns columns and rows; truncated=true means the row or size cap cut it: add LIMIT or filters.",
                """
                {"type": "object", "properties": {
                  %s,
                  "sql": {"type": "string", "description": "Exactly one SQL statement."},
                  "max_rows": {"type": "integer", "minimum": 1, "maximum": 100000, "description": "Row cap (default and ceiling: limits.max_rows)."}
                }, "required": ["sql"], "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            Warden.Services s = warden.forConnection(a.string("database", null));
            int limit = s.database().limits().maxRows();
            QueryResult r = s.sql().execute(a.requiredString("sql"), a.integer("max_rows", limit, 1, 100_000));
            return ToolResults.untrusted("Query result.", r.asMap());
        });
    }

    private McpTool explainQuery() {
        var tool = tool("explain_query", "Explain a query",
                "Show the plan of one statement (EXPLAIN FORMAT JSON) with a readable summary. analyze=true also runs it "
                        + "(EXPLAIN ANALYZE, BUFFERS) but only for statements proven read-only.",
                """
                {"type": "object", "properties": {
                  %s,
                  "sql": {"type": "string", "description": "The statement to explain."},
                  "analyze": {"type": "boolean", "default": false, "description": "Execute it to get real timings (read-only statements only)."}
                }, "required": ["sql"], "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            SqlRunner.Explained e = warden.forConnection(a.string("database", null)).sql()
                    .explain(a.requiredString("sql"), a.bool("analyze", false));
            return ToolResults.untrusted("Query plan.", e.asMap());
        });
    }

    static McpSchema.Tool tool(String name, String title, String description, String schemaTemplate) {
        return tool(true, name, title, description, schemaTemplate);
    }

    /** A tool definition; readOnly false marks it as one that changes the database (destructive, not idempotent). */
    static McpSchema.Tool tool(boolean readOnly, String name, String title, String description, String schemaTemplate) {
        return tool(name, title, description, schemaTemplate, new McpSchema.ToolAnnotations(title, readOnly, !readOnly, readOnly, false, null));
    }

    /**
     * A tool that writes files in the project, never the database: not read-only, not destructive (it only rewrites
     * what it generated), idempotent.
     */
    static McpSchema.Tool projectFileTool(String name, String title, String description, String schemaTemplate) {
        return tool(name, title, description, schemaTemplate, new McpSchema.ToolAnnotations(title, false, false, true, false, null));
    }

    private static McpSchema.Tool tool(String name, String title, String description, String schemaTemplate,
                                       McpSchema.ToolAnnotations annotations) {
        try {
            Map<String, Object> schema = JSON.readValue(schemaTemplate.formatted(DATABASE_PROPERTY), new TypeReference<>() {
            });
            return McpSchema.Tool.builder().name(name).title(title).description(description).inputSchema(schema)
                    .annotations(annotations).build();
        } catch (Exception e) {
            throw new IllegalStateException("bad input schema for " + name, e);
        }
    }
}
