package io.dbwarden.codegen;

import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogCache;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the chosen targets from one consistent read of the live schema, and writes them under the project root
 * or checks the committed copies. The Supabase types come from PostgREST's view of the schema; everything else from
 * the catalog snapshot.
 */
public final class CodeGenerator {
    /** The files with what happened to each; stale lists the paths whose committed output differs (check mode). */
    public record Result(List<OutputWriter.Outcome> files, boolean checked, long millis) {
        public List<String> stale() {
            return files.stream().filter(f -> !f.status().equals("unchanged") && checked).map(OutputWriter.Outcome::path).toList();
        }
    }

    private final CatalogCache catalog;
    private final OutputWriter writer;

    public CodeGenerator(CatalogCache catalog, Path projectRoot) {
        this.catalog = catalog;
        this.writer = new OutputWriter(projectRoot);
    }

    /** The files, sorted by path; two targets never produce the same path. */
    public List<GeneratedFile> generate(CodegenOptions options, List<Target> targets) {
        if (options.schemas().isEmpty()) throw new IllegalArgumentException("No schema to generate for. Name at least one, such as public.");
        // Validate every output location before reading the database: a bad path should not cost a catalog read.
        writer.resolve(options.typesPath());
        List<GeneratedFile> files = new ArrayList<>();
        catalog.database().readOnly(c -> {
            requireSchemas(c, options.schemas());
            Catalog cat = targets.stream().anyMatch(t -> t != Target.TYPES) ? catalog.current(c) : null;
            for (Target t : targets) {
                files.addAll(switch (t) {
                    case TYPES -> SupabaseTypes.generate(c, options);
                    case INTERFACES -> InterfaceTypes.generate(cat, options);
                    case ZOD -> ZodSchemas.generate(cat, options);
                    case ROUTES -> RouteHandlers.generate(cat, options);
                    case TESTS -> PgTapTests.generate(cat, options);
                    case DOCS -> SchemaDocs.generate(cat, options);
                });
            }
            return null;
        });
        Map<String, GeneratedFile> byPath = new LinkedHashMap<>();
        for (GeneratedFile f : files) {
            if (byPath.put(f.path(), f) != null) {
                throw new IllegalArgumentException("Two targets would write " + f.path() + ". Give them different output paths.");
            }
        }
        return byPath.values().stream().sorted(Comparator.comparing(GeneratedFile::path)).toList();
    }

    /**
     * The TypeScript base name the generators give a table or view ({@code crews} gives {@code Crew}), so that other
     * capabilities can pick its declarations out of a generated file.
     */
    public static String typeBaseName(Catalog catalog, CodegenOptions options, String schema, String name) {
        return TsNames.of(catalog, options).relation(schema, name);
    }

    private static void requireSchemas(Connection c, List<String> wanted) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select nspname from pg_namespace where nspname = any(?) "
                + "and has_schema_privilege(oid, 'USAGE')")) {
            ps.setArray(1, c.createArrayOf("text", wanted.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) found.add(rs.getString(1));
            }
        }
        List<String> missing = wanted.stream().filter(s -> !found.contains(s)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("No schema named " + String.join(", ", missing.stream().map(s -> "'" + clip(s) + "'").toList())
                    + " that this connection can use. Check the name (it is case-sensitive) or grant USAGE on it.");
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Generates and writes, or with check only compares with what is on disk. */
    public Result run(CodegenOptions options, List<Target> targets, boolean check) {
        long start = System.nanoTime();
        List<GeneratedFile> files = generate(options, targets);
        List<OutputWriter.Outcome> outcomes = check ? writer.check(files) : writer.write(files);
        return new Result(outcomes, check, (System.nanoTime() - start) / 1_000_000);
    }
}
