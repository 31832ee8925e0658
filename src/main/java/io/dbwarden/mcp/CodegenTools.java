package io.dbwarden.mcp;

import io.dbwarden.Warden;
import io.dbwarden.codegen.CodeGenerator;
import io.dbwarden.codegen.CodegenOptions;
import io.dbwarden.codegen.Target;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * type_generator, with the parameters of the team's plan (output_path, interface_prefix, include_relations) plus the
 * targets to generate. It writes project files, never the database, and only under the project root.
 */
final class CodegenTools {
    private final Warden warden;

    CodegenTools(Warden warden) {
        this.warden = warden;
    }

    List<McpTool> tools() {
        return List.of(typeGenerator());
    }

    private McpTool typeGenerator() {
        McpSchema.Tool tool = CoreTools.projectFileTool("type_generator", "Generate code from the schema",
                "Write TypeScript from the live schema: Supabase types (as supabase gen types), prefixed interfaces, Zod, "
                        + "Next.js routes, pgTAP tests, docs. check=true writes nothing, lists stale files.",
                """
                {"type": "object", "properties": {
                  "database_url": {"type": "string", "description": "Connection name (default: \\"default\\")."},
                  "output_path": {"type": "string", "description": "Types file in the project (default: src/types/database.ts)."},
                  "interface_prefix": {"type": "string", "default": "DB"},
                  "include_relations": {"type": "boolean", "default": true},
                  "targets": {"type": "array", "items": {"type": "string", "enum": ["types", "interfaces", "zod", "routes", "tests", "docs"]}, "description": "Default: types, interfaces."},
                  "schemas": {"type": "array", "items": {"type": "string"}},
                  "tables": {"type": "array", "items": {"type": "string"}},
                  "check": {"type": "boolean", "default": false}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            CodegenOptions options = CodegenOptions.from(warden.config());
            String path = a.string("output_path", null);
            if (path != null) options = options.withTypesPath(path);
            String prefix = a.string("interface_prefix", options.interfacePrefix());
            if (!prefix.matches("[A-Za-z_$][A-Za-z0-9_$]{0,63}|")) {
                throw new IllegalArgumentException("interface_prefix must be a TypeScript identifier of at most 64 characters, such as DB.");
            }
            options = options.withInterfaces(prefix, a.bool("include_relations", options.includeRelations()));
            if (!a.strings("schemas").isEmpty()) options = options.withSchemas(List.copyOf(a.strings("schemas")));
            if (!a.strings("tables").isEmpty()) options = options.withTables(a.strings("tables"));
            List<Target> targets = a.strings("targets").isEmpty() ? List.of(Target.TYPES, Target.INTERFACES)
                    : Target.parseAll(new ArrayList<>(a.strings("targets")));
            boolean check = a.bool("check", false);
            CodeGenerator.Result r = warden.codegen(a.string("database_url", null)).run(options, targets, check);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("check", check);
            if (check) out.put("stale", r.stale());
            out.put("files", r.files());
            out.put("millis", r.millis());
            return ToolResults.untrusted(check ? "Generated files checked against the live schema." : "Generated files.", out);
        });
    }
}
