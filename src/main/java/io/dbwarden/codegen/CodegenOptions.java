package io.dbwarden.codegen;

import io.dbwarden.config.Config;

import java.util.List;
import java.util.Set;

/**
 * What to generate and where. Paths are relative to the project root.
 *
 * @param schemas          the schemas to include, in any order (the output sorts them)
 * @param defaultSchema    the schema the Supabase helper types ({@code Tables<'x'>}) default to
 * @param typesPath        the Supabase-style {@code Database} file; the other TypeScript files sit beside it
 * @param interfacePrefix  prefix of the interface names ({@code DB} gives {@code DBCrew}, {@code DBCrewInsert})
 * @param includeRelations type the relations that foreign keys imply, in both directions, on the interfaces
 * @param tables           tables to generate routes, tests and docs for; empty means every table
 * @param routesDir        directory of the Next.js API routes ({@code src/app/api})
 * @param testsDir         directory of the pgTAP files ({@code supabase/tests/database}, where {@code supabase test db} looks)
 * @param docsDir          directory of the Markdown documentation
 * @param detectOneToOne   add {@code isOneToOne} to relationships, as the Supabase CLI does
 * @param postgrestVersion when set, the {@code __InternalSupabase} key carries it, as recent Supabase CLIs write
 */
public record CodegenOptions(List<String> schemas, String defaultSchema, String typesPath, String interfacePrefix,
                             boolean includeRelations, Set<String> tables, String routesDir, String testsDir, String docsDir,
                             boolean detectOneToOne, String postgrestVersion) {

    public static CodegenOptions defaults() {
        return new CodegenOptions(List.of("public"), "public", "src/types/database.ts", "DB", true, Set.of(),
                "src/app/api", "supabase/tests/database", "docs/database", true, null);
    }

    /** The options dbwarden.yaml gives: codegen.* and monitor.types_file. The first schema is the default one. */
    public static CodegenOptions from(Config config) {
        Config.Codegen c = config.codegen();
        return new CodegenOptions(c.schemas(), c.schemas().contains("public") ? "public" : c.schemas().get(0),
                config.monitor().typesFile(), c.interfacePrefix(), c.includeRelations(), Set.of(), c.routesDir(), c.testsDir(),
                c.docsDir(), c.detectOneToOne(), c.postgrestVersion());
    }

    public CodegenOptions withTypesPath(String path) {
        return new CodegenOptions(schemas, defaultSchema, path, interfacePrefix, includeRelations, tables, routesDir, testsDir,
                docsDir, detectOneToOne, postgrestVersion);
    }

    public CodegenOptions withInterfaces(String prefix, boolean relations) {
        return new CodegenOptions(schemas, defaultSchema, typesPath, prefix, relations, tables, routesDir, testsDir, docsDir,
                detectOneToOne, postgrestVersion);
    }

    public CodegenOptions withSchemas(List<String> list) {
        String def = list.contains(defaultSchema) ? defaultSchema : list.get(0);
        return new CodegenOptions(list, def, typesPath, interfacePrefix, includeRelations, tables, routesDir, testsDir, docsDir,
                detectOneToOne, postgrestVersion);
    }

    public CodegenOptions withTables(Set<String> names) {
        return new CodegenOptions(schemas, defaultSchema, typesPath, interfacePrefix, includeRelations, Set.copyOf(names), routesDir,
                testsDir, docsDir, detectOneToOne, postgrestVersion);
    }

    /** The directory of the TypeScript files, with a trailing '/' unless it is the root. */
    public String typesDir() {
        int slash = typesPath.lastIndexOf('/');
        return slash < 0 ? "" : typesPath.substring(0, slash + 1);
    }

    public boolean wants(String schema, String table) {
        return schemas.contains(schema) && (tables.isEmpty() || tables.contains(table) || tables.contains(schema + "." + table));
    }
}
