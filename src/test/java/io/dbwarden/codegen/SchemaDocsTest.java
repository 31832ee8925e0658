package io.dbwarden.codegen;

import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaDocsTest {
    private static final String ENTITY = "\"[^\"%\\r\\n\\u000b\\u0008\\\\]+\"";
    private static final Pattern ENTITY_LINE = Pattern.compile("    (" + ENTITY + ")( \\{)?");
    private static final Pattern ATTRIBUTE_LINE = Pattern.compile(
            "        ([A-Za-z_][A-Za-z0-9_()\\[\\]]*) ([A-Za-z_][A-Za-z0-9_]*)( (PK|FK|UK)(, (PK|FK|UK))*)?");
    private static final Pattern RELATIONSHIP_LINE = Pattern.compile(
            "    (" + ENTITY + ") (\\|\\||\\|o)(--|\\.\\.)(o\\||o\\{) (" + ENTITY + ") : " + ENTITY);

    @Test
    void documentsEveryTableOfTheDemoWithKeysPoliciesAndADiagram() throws Exception {
        Catalog catalog = PgTapTestsTest.read(TestDatabase.demoUrl());
        List<GeneratedFile> files = SchemaDocs.generate(catalog, CodegenOptions.defaults());
        assertThat(files).extracting(GeneratedFile::path).containsExactly("docs/database/public.md");
        String md = files.get(0).content();

        List<String> tables = catalog.tables().stream().filter(t -> t.schema().equals("public")).map(Catalog.Table::name).toList();
        assertThat(tables).hasSize(8);
        String mermaid = mermaidBlock(md);
        for (String t : tables) {
            assertThat(md).contains("<a id=\"table-" + t + "\"></a>\n\n### `" + t + "`\n")
                    .contains("  - [`" + t + "`](#table-" + t + ")\n");
            assertThat(mermaid).contains("    \"" + t + "\"");
        }
        assertValidMermaid(mermaid);
        // Cardinality: crew_members.crew_id is NOT NULL and part of the primary key; work_orders.crew_id is nullable.
        assertThat(mermaid).contains("    \"crews\" ||--o{ \"crew_members\" : \"crew_members_crew_id_fkey\"\n")
                .contains("    \"crews\" |o..o{ \"work_orders\" : \"work_orders_crew_id_fkey\"\n")
                .contains("        uuid id PK\n").contains("        bigint crew_id PK, FK\n")
                .contains("        character_varying(320) email UK\n");
        long foreignKeys = catalog.tables().stream().flatMap(t -> t.constraints().stream())
                .filter(k -> k.type().equals("foreign_key")).count();
        assertThat(mermaid.lines().filter(l -> RELATIONSHIP_LINE.matcher(l).matches())).hasSize((int) foreignKeys);

        assertThat(md).contains("| `email` | `character varying(320)` | no |  |  |")
                .contains("| `id` | `bigint` | no | identity (by default) |")
                .contains("generated: `(labor_cost + material_cost)`")
                .contains("| `work_orders_project_id_fkey` | `project_id` | [`projects`](#table-projects) (`id`) | NO ACTION | CASCADE |")
                .contains("| `users can update own profile` | UPDATE | permissive | `authenticated` | `(( SELECT auth.uid() AS uid)) = id` | `(( SELECT auth.uid() AS uid)) = id` |")
                .contains("**Row level security:** enabled")
                .contains("| `work_orders_log_status` | AFTER | UPDATE | ROW | `public.log_work_order_status_change` |")
                .contains("| `work_orders_open_due_idx` | `due_on` | no | btree | `status = ANY (ARRAY['open'::work_order_status, ")
                .contains("| `work_order_status` | `open`, `scheduled`, `in_progress`, `on_hold`, `completed`, `cancelled` |")
                .contains("| `crew_workload(p_crew_id bigint)` | `TABLE(status work_order_status, orders bigint, total_cost numeric)` |")
                .contains("\n\nProfile per signed-in person; id equals the Supabase auth user id.\n\n")
                .contains("<a id=\"view-open_work_orders\"></a>");
        assertWellFormed(md);
        assertThat(SchemaDocs.generate(catalog, CodegenOptions.defaults())).isEqualTo(files);
    }

    @Test
    void hostileNamesAndCommentsStayInertText() {
        String url = TestDatabase.freshDatabase("docs_hostile");
        TestDatabase.exec(url, PgTapTestsTest.HOSTILE_DDL);
        TestDatabase.exec(url,
                "comment on column \"Weird Schema\".\"Order Items \"\"x\"\"\".\"Id\" is "
                        + "'a | b\n# not a heading\n<script>alert(1)</script> --> ``` [x](javascript:alert(1)) $x$'",
                "comment on schema \"Weird Schema\" is '---\n1. not a list\n    indented\n> quote\n<!-- open'",
                "comment on type \"Weird Schema\".\"Mood \"\"q\"\"\" is 'enum | with `tick`'",
                "comment on function \"Weird Schema\".touch() is '<img src=x onerror=alert(1)>'",
                // Names Mermaid would read as keywords or key markers if they were not quoted or renamed.
                "create table \"Weird Schema\".many (id int primary key, pk int unique, \"direction TB\" int)",
                "create table \"Weird Schema\".\"one\" (\"FK\" int references \"Weird Schema\".many (id), "
                        + "\"%%{init: {}}%%\" int references \"Weird Schema\".many (id))",
                "create table \"Weird Schema\".\"Many\" (id int primary key)",
                "create table public.ext (id int primary key, o int references \"Weird Schema\".\"child # SKIP\" (id))");
        Catalog catalog = read(url);
        CodegenOptions options = PgTapTestsTest.options(List.of("Weird Schema", "public"));
        List<GeneratedFile> files = SchemaDocs.generate(catalog, options);
        assertThat(files).extracting(GeneratedFile::path).allSatisfy(p -> assertThat(p).matches("docs/database/[a-z0-9_-]+\\.md"));
        String md = files.stream().filter(f -> f.path().contains("weird")).findFirst().orElseThrow().content();
        String pub = files.stream().filter(f -> f.path().endsWith("/public.md")).findFirst().orElseThrow().content();

        assertThat(md).doesNotContain("<script").doesNotContain("<img").doesNotContain("-->").doesNotContain("<!--")
                .doesNotContain("<b>").doesNotContainPattern("(?<!\\\\)\\]\\(javascript");
        assertThat(md).contains("a \\| b<br>\\# not a heading<br>&lt;script&gt;alert(1)&lt;/script&gt; --&gt; \\`\\`\\` "
                + "\\[x\\](javascript:alert(1)) \\$x\\$");
        assertThat(md).contains("\n\\---\n1\\. not a list\nindented\n&gt; quote\n&lt;\\!-- open\n");
        // Headings are only ours: nothing from a comment starts a line with '#'.
        assertThat(md.lines().filter(l -> l.startsWith("#"))).allSatisfy(l -> assertThat(l).matches("#{1,3} (Schema |Contents|Entity|Tables|Views|Enums|Functions|`).*"));
        assertThat(md).contains("### `Order Items \"x\"`").contains("### `child # SKIP`").contains("### `x select 1/0; --`");
        assertThat(md).contains("| `back\\slash # SKIP` | `character varying(10)` | yes |");

        String mermaid = mermaidBlock(md);
        assertValidMermaid(mermaid);
        assertThat(mermaid).contains("    \"many\" {\n").contains("        integer _pk UK\n")
                .doesNotContain("direction TB").doesNotContain("%%");
        assertThat(entities(mermaid)).hasSize((int) catalog.tables().stream().filter(t -> t.schema().equals("Weird Schema")).count());
        // Mermaid keeps entity names case-sensitive, so "Many" and "many" stay two entities.
        assertThat(entities(mermaid)).contains("\"many\"", "\"Many\"", "\"one\"");
        assertWellFormed(md);

        // A foreign key into another documented schema links to that file's anchor.
        String weirdFile = files.stream().filter(f -> f.path().contains("weird")).findFirst().orElseThrow().path();
        String weirdName = weirdFile.substring(weirdFile.lastIndexOf('/') + 1);
        Matcher link = Pattern.compile("\\[`Weird Schema\\.child # SKIP`\\]\\(([^)#]+)#([a-z0-9_-]+)\\)").matcher(pub);
        assertThat(link.find()).as(pub).isTrue();
        assertThat(link.group(1)).isEqualTo(weirdName);
        assertThat(md).contains("<a id=\"" + link.group(2) + "\"></a>");
        assertValidMermaid(mermaidBlock(pub));
        assertThat(mermaidBlock(pub)).contains("\"Weird_Schema.child___SKIP_");
        assertWellFormed(pub);
    }

    @Test
    void aThousandTablesKeepTheDiagramWithinMermaidsLimit() {
        // Speed is measured by bench/run codegen, not here.
        List<GeneratedFile> files = SchemaDocs.generate(PgTapTestsTest.syntheticCatalog(1000), CodegenOptions.defaults());
        String md = files.get(0).content();
        assertThat(md).doesNotContain("```mermaid").contains("too large for Mermaid to render");
        assertWellFormed(md);

        String small = SchemaDocs.generate(PgTapTestsTest.syntheticCatalog(120), CodegenOptions.defaults()).get(0).content();
        String mermaid = mermaidBlock(small);
        assertThat(mermaid.length()).isLessThanOrEqualTo(SchemaDocs.MERMAID_MAX_CHARS);
        assertValidMermaid(mermaid);
        assertThat(entities(mermaid)).hasSize(120);
    }

    // --- checks ------------------------------------------------------------------------------------------------

    private static Catalog read(String url) {
        try {
            return PgTapTestsTest.read(url);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String mermaidBlock(String md) {
        Matcher m = Pattern.compile("```mermaid\n(.*?)```\n", Pattern.DOTALL).matcher(md);
        assertThat(m.find()).as("no mermaid block").isTrue();
        assertThat(m.find()).as("more than one mermaid block").isFalse();
        m.reset().find();
        return m.group(1);
    }

    private static List<String> entities(String mermaid) {
        List<String> out = new ArrayList<>();
        for (String l : mermaid.lines().toList()) {
            Matcher e = ENTITY_LINE.matcher(l);
            if (e.matches()) out.add(e.group(1));
        }
        return out;
    }

    /**
     * The Mermaid erDiagram rules the generator relies on (from Mermaid's erDiagram lexer): quoted entity names
     * without '"', '%', '\' or line breaks; attribute words of letters, digits and '_' (types also "()[]") that are not
     * the key markers; the four relationship shapes; and nothing the lexer reads before the grammar, namely
     * "direction TB" anywhere on a line, "%%" directives, or a backtick that would end the Markdown fence.
     */
    static void assertValidMermaid(String mermaid) {
        List<String> lines = mermaid.lines().toList();
        assertThat(lines.get(0)).isEqualTo("erDiagram");
        Set<String> declared = new HashSet<>();
        boolean inBlock = false;
        for (String l : lines.subList(1, lines.size())) {
            assertThat(l).doesNotContain("%%").doesNotContain("`").doesNotContainPattern("(?i)direction\\s+(TB|BT|RL|LR)");
            if (inBlock) {
                if (l.equals("    }")) {
                    inBlock = false;
                    continue;
                }
                Matcher a = ATTRIBUTE_LINE.matcher(l);
                assertThat(a.matches()).as("attribute line: " + l).isTrue();
                for (String word : List.of(a.group(1), a.group(2))) {
                    assertThat(word).as("a key marker used as a word").doesNotMatch("(?i).*\\b(PK|FK|UK)\\b.*");
                }
                continue;
            }
            Matcher e = ENTITY_LINE.matcher(l);
            if (e.matches()) {
                declared.add(e.group(1));
                inBlock = e.group(2) != null;
                continue;
            }
            Matcher r = RELATIONSHIP_LINE.matcher(l);
            assertThat(r.matches()).as("statement: " + l).isTrue();
            assertThat(declared).as("entities of " + l).contains(r.group(1), r.group(5));
        }
        assertThat(inBlock).as("unclosed entity block").isFalse();
    }

    /**
     * Markdown structure: every table row has as many cells as its header (an unescaped '|' from the database would
     * add one), every link to an anchor in the file has that anchor, and every code fence is closed.
     */
    static void assertWellFormed(String md) {
        int expectedCells = -1;
        for (String l : md.lines().toList()) {
            if (!l.startsWith("|")) {
                expectedCells = -1;
                continue;
            }
            int cells = l.split("(?<!\\\\)\\|", -1).length - 2;
            if (expectedCells < 0) expectedCells = cells;
            assertThat(cells).as("cells in: " + l).isEqualTo(expectedCells);
        }
        Set<String> anchors = new HashSet<>();
        Matcher a = Pattern.compile("<a id=\"([a-z0-9_-]+)\"></a>").matcher(md);
        while (a.find()) assertThat(anchors.add(a.group(1))).as("duplicate anchor " + a.group(1)).isTrue();
        Matcher link = Pattern.compile("\\]\\(#([^)]*)\\)").matcher(md);
        while (link.find()) assertThat(anchors).contains(link.group(1));
        long fences = md.lines().filter(l -> l.startsWith("```")).count();
        assertThat(fences % 2).isZero();
    }
}
