package io.dbwarden.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.TestDatabase;
import io.dbwarden.catalog.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ZodSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void node() {
        NodeHarness.requireNode();
    }

    /** A value to parse with a schema, and whether it must pass. */
    private record Case(String name, String schema, JsonNode value, boolean pass) {
    }

    @Test
    void realDemoRowsPassAndMalformedOnesAreRejected() throws Exception {
        String url = TestDatabase.demoUrl();
        Catalog catalog = NodeHarness.catalog(url);
        CodegenOptions options = CodegenOptions.defaults();
        List<GeneratedFile> files = ZodSchemas.generate(catalog, options);
        assertThat(files).extracting(GeneratedFile::path).containsExactly("src/types/database.zod.ts");
        String zod = files.get(0).content();
        assertThat(ZodSchemas.generate(catalog, options)).isEqualTo(files);
        assertThat(zod).contains("export const workOrderRowSchema = z.object({", "export const crewInsertSchema = z.object({",
                "export const openWorkOrderRowSchema = z.object({",
                "export const workOrderStatusSchema = z.enum([\"open\", \"scheduled\", \"in_progress\", \"on_hold\", \"completed\", \"cancelled\"])",
                // numeric(12,2) with CHECK (purchase_cost >= 0), nullable
                "  purchase_cost: z.number().gte(0).refine(numericFits(12, 2), ",
                "  total_cost: z.never().optional(),",
                // the two-column CHECK is named in a comment, not enforced
                "work_orders_completed_at: ");

        TsNames names = TsNames.of(catalog, options);
        List<Case> cases = new ArrayList<>();
        Map<String, ArrayNode> rows = new LinkedHashMap<>();
        int real = 0;
        try (Connection c = TestDatabase.connect(url)) {
            for (Catalog.Table t : catalog.tables()) {
                if (!t.schema().equals("public")) continue;
                String base = names.relation("public", t.name());
                ArrayNode list = rows(c, t.name());
                rows.put(t.name(), list);
                for (JsonNode row : list) {
                    cases.add(new Case(t.name() + " row", TsNames.zodName(base, "Row"), row, true));
                    ObjectNode writable = row.deepCopy();
                    t.columns().stream().filter(col -> col.generated() != null || "a".equals(col.identity()))
                            .forEach(col -> writable.remove(col.name()));
                    cases.add(new Case(t.name() + " insert", TsNames.zodName(base, "Insert"), writable, true));
                    cases.add(new Case(t.name() + " update", TsNames.zodName(base, "Update"), writable, true));
                    real++;
                }
            }
            for (JsonNode row : rows(c, "open_work_orders")) {
                cases.add(new Case("open_work_orders row", "openWorkOrderRowSchema", row, true));
                real++;
            }
        }
        assertThat(real).isGreaterThan(1000);
        JsonNode order = rows.get("work_orders").get(0);
        JsonNode crew = rows.get("crews").get(0);
        JsonNode user = rows.get("users").get(0);
        JsonNode equipment = rows.get("equipment").get(0);
        JsonNode log = rows.get("activity_logs").get(0);
        cases.add(bad("wrong enum label", "workOrderRowSchema", order, o -> o.put("status", "done")));
        cases.add(bad("varchar(80) too long", "crewRowSchema", crew, o -> o.put("name", "x".repeat(81))));
        cases.add(good("varchar(80) counts characters, not UTF-16 units", "crewRowSchema", crew,
                o -> o.put("name", "\uD83D\uDE00".repeat(80))));
        cases.add(bad("81 astral characters", "crewRowSchema", crew, o -> o.put("name", "\uD83D\uDE00".repeat(81))));
        cases.add(bad("bad uuid", "userRowSchema", user, o -> o.put("id", "not-a-uuid")));
        cases.add(bad("missing required insert field", "workOrderInsertSchema", order, o -> {
            o.remove("title");
            o.remove("total_cost");
        }));
        cases.add(bad("value on a generated column", "workOrderInsertSchema", order, o -> o.put("total_cost", 5)));
        cases.add(bad("value on a generated column in an update", "workOrderUpdateSchema", JSON.createObjectNode(),
                o -> o.put("total_cost", 5)));
        cases.add(good("an empty update", "workOrderUpdateSchema", JSON.createObjectNode(), o -> { }));
        cases.add(bad("CHECK (purchase_cost >= 0)", "equipmentRowSchema", equipment, o -> o.put("purchase_cost", -1)));
        cases.add(bad("numeric(12,2) scale", "equipmentRowSchema", equipment, o -> o.put("purchase_cost", 12.345)));
        cases.add(bad("numeric(12,2) precision", "equipmentRowSchema", equipment, o -> o.put("purchase_cost", 1e10)));
        cases.add(good("numeric(12,2) largest", "equipmentRowSchema", equipment, o -> o.put("purchase_cost", 9999999999.99)));
        cases.add(bad("int8 that is not an integer", "crewRowSchema", crew, o -> o.put("id", 1.5)));
        cases.add(bad("int8 beyond exact JavaScript integers", "crewRowSchema", crew, o -> o.put("id", 9007199254740993.0)));
        cases.add(bad("not a timestamp", "crewRowSchema", crew, o -> o.put("created_at", "yesterday")));
        cases.add(good("timestamp with Z", "crewRowSchema", crew, o -> o.put("created_at", "2024-05-01T10:00:00Z")));
        cases.add(bad("null in a NOT NULL jsonb", "activityLogRowSchema", log, o -> o.putNull("payload")));
        cases.add(good("nested json", "activityLogRowSchema", log,
                o -> o.set("payload", JSON.createObjectNode().set("a", JSON.createArrayNode().add(1).add("x").addNull()
                        .add(JSON.createObjectNode().put("b", true))))));
        cases.add(bad("not a date", "workOrderRowSchema", order, o -> o.put("due_on", "2024-13")));
        cases.add(bad("text[] with a number", "equipmentRowSchema", equipment, o -> o.set("tags", JSON.createArrayNode().add(1))));

        List<JsonNode> results = parse(zod, cases, "demo");
        check(cases, results);
    }

    @Test
    void simpleChecksIdentityAlwaysDomainsAndOddNamesAreEnforced() throws Exception {
        String url = TestDatabase.freshDatabase("zod_checks");
        TestDatabase.exec(url,
                "create domain posint as int check (value > 0)",
                "create table checks (id int generated always as identity primary key,"
                        + " qty int check (qty >= 1 and qty <= 10),"
                        + " between_col numeric(6,2) check (between_col between 0.5 and 99.5),"
                        + " gt_col smallint check (gt_col > 0),"
                        + " rev int check (100 > rev),"
                        + " neg int check (neg >= -5),"
                        + " status text check (status in ('a', 'b''c')),"
                        + " code varchar(10) check (code = any (array['x', 'y'])),"
                        + " small int check (small in (1, 2, 3)),"
                        + " name text check (char_length(name) <= 5),"
                        + " label varchar(50) check (length(label) >= 2),"
                        + " nonempty text not null check (nonempty <> ''),"
                        + " multi int, other int, check (multi > other),"
                        + " d posint, later int,"
                        + " \"my col\" text, class int, \"__proto__\" text, \"\"\"quoted\"\"\" text)",
                "alter table checks add constraint later_positive check (later > 0) not valid",
                "comment on table checks is 'ends */ throw new Error(\"x\") /* here'",
                "insert into checks (qty, between_col, gt_col, rev, neg, status, code, small, name, label, nonempty, multi, other,"
                        + " d, later, \"my col\", class, \"__proto__\", \"\"\"quoted\"\"\")"
                        + " values (10, 99.5, 1, 99, -5, 'b''c', 'y', 3, 'héllo', 'ab', 'x', 2, 1, 1, null, 'a b', 1, 'p', 'q')");
        Catalog catalog = NodeHarness.catalog(url);
        String zod = ZodSchemas.generate(catalog, CodegenOptions.defaults()).get(0).content();
        assertThat(zod).contains("checks_check: multi > other", "  id: z.never().optional(),",
                "__proto__: Zod drops this key, so the column is left out of these schemas",
                "  \"my col\": ", "  '\"quoted\"': ").doesNotContain("ends */");
        JsonNode row;
        try (Connection c = TestDatabase.connect(url)) {
            row = rows(c, "checks").get(0);
        }
        ObjectNode insert = ((ObjectNode) row.deepCopy());
        insert.remove("id");
        List<Case> cases = new ArrayList<>(List.of(
                new Case("real row", "checkRowSchema", row, true),
                new Case("real row as insert", "checkInsertSchema", insert, true),
                bad("identity ALWAYS on insert", "checkInsertSchema", insert, o -> o.put("id", 7)),
                bad("qty <= 10", "checkRowSchema", row, o -> o.put("qty", 11)),
                bad("qty >= 1", "checkRowSchema", row, o -> o.put("qty", 0)),
                bad("between low", "checkRowSchema", row, o -> o.put("between_col", 0.4)),
                bad("between high", "checkRowSchema", row, o -> o.put("between_col", 99.51)),
                bad("gt 0", "checkRowSchema", row, o -> o.put("gt_col", 0)),
                bad("int2 range", "checkRowSchema", row, o -> o.put("gt_col", 40000)),
                bad("100 > rev", "checkRowSchema", row, o -> o.put("rev", 100)),
                bad("negative constant", "checkRowSchema", row, o -> o.put("neg", -6)),
                bad("text IN", "checkRowSchema", row, o -> o.put("status", "z")),
                good("text IN with a quote", "checkRowSchema", row, o -> o.put("status", "a")),
                bad("varchar = ANY", "checkRowSchema", row, o -> o.put("code", "z")),
                bad("int IN", "checkRowSchema", row, o -> o.put("small", 4)),
                bad("char_length <= 5", "checkRowSchema", row, o -> o.put("name", "abcdef")),
                bad("length >= 2", "checkRowSchema", row, o -> o.put("label", "a")),
                bad("<> ''", "checkRowSchema", row, o -> o.put("nonempty", "")),
                good("two-column CHECK is not enforced here", "checkRowSchema", row, o -> o.put("multi", 0)),
                bad("domain CHECK (VALUE > 0)", "checkRowSchema", row, o -> o.put("d", 0)),
                good("NOT VALID check ignored on rows", "checkRowSchema", row, o -> o.put("later", -1)),
                bad("NOT VALID check applies to inserts", "checkInsertSchema", insert, o -> o.put("later", -1)),
                bad("\"my col\" is validated", "checkInsertSchema", insert, o -> o.put("my col", 5)),
                bad("nonempty is required on insert", "checkInsertSchema", insert, o -> o.remove("nonempty"))));
        List<JsonNode> results = parse(zod, cases, "checks");
        check(cases, results);
        assertThat(results.get(0).get("keys").toString()).contains("\"my col\"", "\"\\\"quoted\\\"\"");
    }

    private static Case bad(String name, String schema, JsonNode row, Consumer<ObjectNode> change) {
        ObjectNode copy = row.deepCopy();
        change.accept(copy);
        return new Case(name, schema, copy, false);
    }

    private static Case good(String name, String schema, JsonNode row, Consumer<ObjectNode> change) {
        ObjectNode copy = row.deepCopy();
        change.accept(copy);
        return new Case(name, schema, copy, true);
    }

    /** Rows as PostgREST returns them: PostgreSQL's own JSON rendering of each row (json_agg). */
    private static ArrayNode rows(Connection c, String relation) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(json_agg(t), '[]')::text from (select * from public."
                     + relation + " limit 400) t")) {
            rs.next();
            return (ArrayNode) JSON.readTree(rs.getString(1));
        }
    }

    /** Compiles the schemas with tsc --strict to JavaScript and parses each case with the real zod. */
    private List<JsonNode> parse(String zod, List<Case> cases, String name) throws Exception {
        Path dir = NodeHarness.project(tmp.resolve(name));
        Files.writeString(dir.resolve("package.json"), "{\"type\": \"module\"}\n");
        Files.writeString(dir.resolve("database.zod.ts"), zod);
        Files.writeString(dir.resolve("tsconfig.json"), """
                {"compilerOptions": {"strict": true, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
                  "outDir": "out", "declaration": true, "skipLibCheck": true}, "files": ["database.zod.ts"]}
                """);
        NodeHarness.Result tsc = NodeHarness.tsc(dir, "-p", "tsconfig.json");
        if (tsc.exit() != 0) NodeHarness.keep(dir, "zod-" + name);
        assertThat(tsc.exit()).as("tsc --strict on the generated Zod schemas:\n%s", tsc.output()).isZero();
        ArrayNode json = JSON.createArrayNode();
        for (Case c : cases) json.addObject().put("name", c.name()).put("schema", c.schema()).set("value", c.value());
        Files.writeString(dir.resolve("cases.json"), JSON.writeValueAsString(json));
        NodeHarness.Result run = NodeHarness.run(NodeHarness.E2E, List.of("node", "generated-zod-check.mjs",
                dir.resolve("out/database.zod.js").toString(), dir.resolve("cases.json").toString()), java.time.Duration.ofMinutes(3), false);
        assertThat(run.exit()).as("generated-zod-check.mjs:\n%s", NodeHarness.tail(run.output())).isZero();
        List<JsonNode> results = new ArrayList<>();
        JSON.readTree(run.output()).forEach(results::add);
        assertThat(results).hasSameSizeAs(cases);
        return results;
    }

    private static void check(List<Case> cases, List<JsonNode> results) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode r = results.get(i);
            if (r.get("success").asBoolean() != c.pass()) {
                wrong.add(c.name() + " (" + c.schema() + "): expected " + (c.pass() ? "to pass" : "to be rejected")
                        + ", issues " + r.get("issues") + ", value " + NodeHarness.tail(c.value().toString()).substring(0,
                        Math.min(400, c.value().toString().length())));
            }
        }
        assertThat(wrong).as("cases whose result was not the expected one").isEmpty();
    }
}
