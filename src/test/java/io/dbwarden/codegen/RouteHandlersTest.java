package io.dbwarden.codegen;

import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RouteHandlersTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void node() {
        NodeHarness.requireNode();
    }

    @Test
    void demoRoutesCompileStrictlyAgainstNextAndSupabaseJsAndBehaveAgainstAStandInPostgrest() throws Exception {
        String url = TestDatabase.demoUrl();
        Catalog catalog = NodeHarness.catalog(url);
        CodegenOptions options = CodegenOptions.defaults();
        List<GeneratedFile> routes = RouteHandlers.generate(catalog, options);
        assertThat(RouteHandlers.generate(catalog, options)).isEqualTo(routes);
        Map<String, String> byPath = routes.stream().collect(Collectors.toMap(GeneratedFile::path, GeneratedFile::content));
        assertThat(byPath.keySet()).contains("src/app/api/_lib/dbwarden-api.ts", "src/app/api/work_orders/route.ts",
                "src/app/api/work_orders/[id]/route.ts", "src/app/api/users/[id]/route.ts", "src/app/api/crew_members/route.ts");
        // Composite primary key: the collection only.
        assertThat(byPath).doesNotContainKey("src/app/api/crew_members/[id]/route.ts");
        assertThat(byPath).hasSize(1 + 8 + 7);
        String workOrders = byPath.get("src/app/api/work_orders/route.ts");
        // Filters: columns that lead a valid, non-partial index. crew_id has none; due_on only a partial one.
        assertThat(workOrders).contains("    project_id: param.integer(", "    created_by: workOrderRowSchema.shape[\"created_by\"]",
                "    completed_at: ", "    id: param.integer(").doesNotContain("    crew_id: ", "    due_on: ", "    title: ");
        assertThat(byPath.get("src/app/api/_lib/dbwarden-api.ts")).contains("import type { Database } from \"../../../types/database\"")
                .doesNotContain("SERVICE_ROLE");

        Path dir = NodeHarness.project(tmp.resolve("app"));
        // The generated Zod output types fit the Supabase types the routes hand to supabase-js; the check can fail.
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/check.ts"), """
                import type { TablesInsert, TablesUpdate } from "./types/database"
                import { workOrderInsertSchema, workOrderUpdateSchema } from "./types/database.zod"
                export const a: TablesInsert<"work_orders"> = workOrderInsertSchema.parse({})
                export const b: TablesUpdate<"work_orders"> = workOrderUpdateSchema.parse({})
                // @ts-expect-error the Update schema's output lacks the required title and project_id
                export const c: TablesInsert<"work_orders"> = workOrderUpdateSchema.parse({})
                """);
        compile(dir, url, catalog, options, "src/**/*.ts");

        // The same files as CommonJS, run by node against a stand-in PostgREST.
        Files.writeString(dir.resolve("tsconfig.emit.json"), """
                {"extends": "./tsconfig.json", "compilerOptions": {"noEmit": false, "module": "commonjs",
                  "moduleResolution": "node10", "ignoreDeprecations": "5.0", "rootDir": ".", "outDir": "out",
                  "isolatedModules": false}}
                """);
        NodeHarness.Result emit = NodeHarness.tsc(dir, "-p", "tsconfig.emit.json");
        if (emit.exit() != 0) NodeHarness.keep(dir, "routes-demo-emit");
        assertThat(emit.exit()).as("tsc emitting CommonJS:\n%s", emit.output()).isZero();
        NodeHarness.Result run = NodeHarness.run(NodeHarness.E2E, List.of("node", "generated-routes-check.mjs",
                dir.resolve("out").toString()), Duration.ofMinutes(2));
        assertThat(run.output()).as("generated-routes-check.mjs").containsPattern("(?m)^2[0-9] passed, 0 failed$");
        assertThat(run.exit()).isZero();
    }

    @Test
    void oddTableNamesOtherSchemasAndTablesWithoutASimpleKeyGiveDistinctValidRoutes() throws Exception {
        String url = TestDatabase.freshDatabase("routes_odd");
        TestDatabase.exec(url,
                "create schema billing",
                "create table \"my table\" (\"my id\" text primary key, \"class\" int, \"limit\" int)",
                "create index on \"my table\" (\"class\")",
                "create index on \"my table\" (\"limit\")",
                "create table \"my-table\" (id uuid primary key)",
                "create table \"_private\" (id int primary key)",
                "create table nokey (a int, b jsonb)",
                "create table pair (a int, b int, primary key (a, b))",
                "create table billing.invoices (id bigint generated always as identity primary key, total numeric(10,2) not null)",
                "create table invoices (id int primary key)");
        Catalog catalog = NodeHarness.catalog(url);
        CodegenOptions options = new CodegenOptions(List.of("public", "billing"), "public", "types/db.ts", "DB", true, Set.of(),
                "app/api", "t", "d", true, null);
        Map<String, String> byPath = RouteHandlers.generate(catalog, options).stream()
                .collect(Collectors.toMap(GeneratedFile::path, GeneratedFile::content));
        assertThat(byPath.keySet()).containsExactlyInAnyOrder("app/api/_lib/dbwarden-api.ts",
                "app/api/my-table/route.ts", "app/api/my-table/[id]/route.ts",
                "app/api/my-table-2/route.ts", "app/api/my-table-2/[id]/route.ts",
                "app/api/-private/route.ts", "app/api/-private/[id]/route.ts",
                "app/api/nokey/route.ts", "app/api/pair/route.ts",
                "app/api/billing/invoices/route.ts", "app/api/billing/invoices/[id]/route.ts",
                "app/api/invoices/route.ts", "app/api/invoices/[id]/route.ts");
        assertThat(byPath.get("app/api/billing/invoices/route.ts")).contains("supabaseFor(request).schema(\"billing\").from(\"invoices\")");
        assertThat(byPath.get("app/api/nokey/route.ts")).contains("No primary key: pages have no stable order.");
        String mine = byPath.get("app/api/my-table/route.ts");
        assertThat(mine).contains("    class: param.integer(").doesNotContain("    limit: param");
        // Only tables asked for.
        CodegenOptions some = new CodegenOptions(List.of("public", "billing"), "public", "types/db.ts", "DB", true,
                Set.of("pair", "billing.invoices"), "app/api", "t", "d", true, null);
        assertThat(RouteHandlers.generate(catalog, some)).extracting(GeneratedFile::path).containsExactlyInAnyOrder(
                "app/api/_lib/dbwarden-api.ts", "app/api/pair/route.ts", "app/api/billing/invoices/route.ts",
                "app/api/billing/invoices/[id]/route.ts");

        compile(NodeHarness.project(tmp.resolve("odd")), url, catalog, options, "**/*.ts");
    }

    /** Writes routes, Supabase types (dbwarden's own) and Zod schemas into dir and runs tsc --strict --noEmit on them. */
    private static void compile(Path dir, String url, Catalog catalog, CodegenOptions options, String include) throws Exception {
        List<GeneratedFile> all = new ArrayList<>(RouteHandlers.generate(catalog, options));
        try (Connection c = TestDatabase.connect(url)) {
            all.addAll(SupabaseTypes.generate(c, options));
        }
        all.addAll(ZodSchemas.generate(catalog, options));
        NodeHarness.write(dir, all);
        Files.writeString(dir.resolve("tsconfig.json"), """
                {"compilerOptions": {"strict": true, "noEmit": true, "target": "es2022", "lib": ["dom", "dom.iterable", "es2022"],
                  "module": "esnext", "moduleResolution": "bundler", "skipLibCheck": true, "isolatedModules": true,
                  "esModuleInterop": true, "types": ["node"]}, "include": ["%s"], "exclude": ["node_modules", "out"]}
                """.formatted(include));
        NodeHarness.Result tsc = NodeHarness.tsc(dir, "-p", "tsconfig.json");
        if (tsc.exit() != 0) NodeHarness.keep(dir, "routes-" + dir.getFileName());
        assertThat(tsc.exit()).as("tsc --strict --noEmit on the generated routes:\n%s", tsc.output()).isZero();
    }
}
