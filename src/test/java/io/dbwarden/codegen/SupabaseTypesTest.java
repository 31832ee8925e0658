package io.dbwarden.codegen;

import io.dbwarden.NodeProject;
import io.dbwarden.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dbwarden's Supabase-style types against the real generator (postgres-meta from npm) on the same databases, compared
 * as types by the TypeScript compiler in both directions (e2e/codegen/compare-types.mjs), not as text.
 */
class SupabaseTypesTest {
    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);
    private static NodeProject node;
    private static String everything;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        node = NodeProject.installed("e2e/codegen", "@supabase/postgres-meta");
        everything = TestDatabase.freshDatabase("typegen_everything");
        String sql = new String(SupabaseTypesTest.class.getResourceAsStream("everything.sql").readAllBytes(), StandardCharsets.UTF_8);
        try (Connection c = TestDatabase.connect(everything); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void demoDatabaseMatchesSupabasesGenerator() throws Exception {
        assertSameTypes(TestDatabase.demoUrl(), options(List.of("public"), true, null), "--one-to-one");
    }

    @Test
    void everyTypeViewAndFunctionSignatureMatchesAcrossTwoSchemas() throws Exception {
        assertSameTypes(everything, options(List.of("public", "app"), true, null), "--one-to-one");
    }

    @Test
    void typesOfSchemasLeftOutAreInlinedOrUnknownAsSupabaseDoes() throws Exception {
        assertSameTypes(everything, options(List.of("app"), false, null));
    }

    @Test
    void postgrestVersionAndNoOneToOneMatchTheHostedOutput() throws Exception {
        assertSameTypes(everything, options(List.of("public", "app"), false, "13.0.5"), "--postgrest-version", "13.0.5");
    }

    @Test
    void comparisonCatchesARealDifference() throws Exception {
        // The comparer must be able to fail: drop one NOT NULL and the two outputs must differ on that column.
        String url = TestDatabase.freshDatabase("typegen_drift");
        TestDatabase.exec(url, "create table t (id int primary key, name text not null)");
        Path theirs = reference(url, List.of("public"));
        TestDatabase.exec(url, "alter table t alter column name drop not null");
        Path ours = ours(url, options(List.of("public"), false, null));
        NodeProject.Run r = node.run(NODE_TIMEOUT, Map.of(), "node", "compare-types.mjs", theirs.toString(), ours.toString());
        assertThat(r.exit()).as(r.both()).isEqualTo(1);
        assertThat(r.out()).contains("Tables.t.Row.name");
    }

    @Test
    void outputIsDeterministic() throws Exception {
        CodegenOptions o = options(List.of("public", "app"), true, null);
        assertThat(Files.readString(ours(everything, o))).isEqualTo(Files.readString(ours(everything, o)));
    }

    private static CodegenOptions options(List<String> schemas, boolean oneToOne, String postgrestVersion) {
        CodegenOptions d = CodegenOptions.defaults();
        return new CodegenOptions(schemas, schemas.contains("public") ? "public" : schemas.get(0), d.typesPath(), d.interfacePrefix(),
                true, Set.of(), d.routesDir(), d.testsDir(), d.docsDir(), oneToOne, postgrestVersion);
    }

    private void assertSameTypes(String url, CodegenOptions options, String... referenceFlags) throws Exception {
        List<String> flags = new ArrayList<>(List.of(referenceFlags));
        flags.addAll(List.of("--default-schema", options.defaultSchema()));
        Path theirs = reference(url, options.schemas(), flags.toArray(String[]::new));
        Path ours = ours(url, options);
        NodeProject.Run r = node.run(NODE_TIMEOUT, Map.of(), "node", "compare-types.mjs", theirs.toString(), ours.toString(),
                "--default-schema", options.defaultSchema());
        assertThat(r.exit()).as("compare-types found differences (expected = Supabase's generator, actual = dbwarden):\n%s",
                r.both()).isZero();
    }

    private Path reference(String url, List<String> schemas, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "reference-types.mjs", url, String.join(",", schemas)));
        command.addAll(List.of(flags));
        NodeProject.Run r = node.run(NODE_TIMEOUT, Map.of(), command.toArray(String[]::new));
        assertThat(r.exit()).as("Supabase's generator failed:\n%s", r.both()).isZero();
        Path file = Files.createTempFile(tmp, "supabase", ".ts");
        Files.writeString(file, r.out());
        return file;
    }

    private Path ours(String url, CodegenOptions options) throws Exception {
        Path file = Files.createTempFile(tmp, "dbwarden", ".ts");
        try (Connection c = TestDatabase.connect(url)) {
            Files.writeString(file, SupabaseTypes.generate(c, options).get(0).content());
        }
        return file;
    }
}
