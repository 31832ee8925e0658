package io.dbwarden.monitor;

import io.dbwarden.monitor.CodeReference.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CodeScannerTest {
    private final CodeScanner scanner = new CodeScanner();

    static Path fixture() {
        try {
            return Path.of(Objects.requireNonNull(CodeScannerTest.class.getResource("nextjs-app")).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the fixture project ------------------------------------------------------------------------------------

    @Test
    void scansTheAppRouterAndSrcTreesButOnlySourceFiles() {
        List<CodeReference> refs = scanner.scan(fixture());
        Set<String> files = refs.stream().map(CodeReference::file).collect(Collectors.toSet());
        assertThat(files).contains("app/api/users/route.ts", "app/api/users/[id]/route.ts", "app/(dashboard)/projects/page.tsx",
                "app/(dashboard)/crews/[id]/actions.ts", "src/lib/crews.ts", "src/components/WorkOrderList.tsx");
        assertThat(files).allMatch(f -> f.startsWith("app/") || f.startsWith("src/"));
        assertThat(files).noneMatch(f -> f.endsWith(".css") || f.endsWith(".json"));
        assertThat(refs).extracting(CodeReference::table).doesNotContain("css_table");
    }

    @Test
    void commentsStringsTemplatesAndRegexesThatMentionTheBuilderDoNotCount() {
        List<CodeReference> refs = scanner.scan(fixture());
        Set<String> names = refs.stream().flatMap(r -> java.util.stream.Stream.of(r.table(), r.function(), r.column()))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(names).noneMatch(n -> n.startsWith("phantom") || n.startsWith("ghost"));
        assertThat(refs).noneMatch(r -> r.file().equals("src/lib/strings.ts"));
        // Storage buckets, Buffer.from and Array.from are not tables.
        assertThat(names).doesNotContain("avatars", "aGVsbG8=", "abc");
    }

    @Test
    void namesHeldInVariablesOrInterpolatedTemplatesAreSkippedNotGuessed() {
        List<CodeReference> dynamic = scanner.scan(fixture()).stream().filter(r -> r.file().equals("src/lib/dynamic.ts")).toList();
        assertThat(dynamic).extracting(r -> r.kind() + " " + r.table() + "." + r.column()).containsExactlyInAnyOrder(
                "TABLE work_orders.null", "COLUMN work_orders.id", // .eq(column, value) is skipped
                "TABLE projects.null", // select and order are interpolated templates
                "TABLE activity_logs.null", "COLUMN activity_logs.action", // ...extra and [key] are skipped
                "TABLE equipment.null"); // insert(row)
        assertThat(dynamic).noneMatch(r -> r.kind() == Kind.FUNCTION);
    }

    @Test
    void readsEveryShapeOfReferenceInTheFixture() {
        List<CodeReference> refs = scanner.scan(fixture());
        assertThat(refs.stream().map(CodeScannerTest::withoutSnippet).toList()).contains(
                ref("app/api/users/route.ts", 9, Kind.TABLE, null, "users", null, null, null, "select"),
                ref("app/api/users/route.ts", 10, Kind.COLUMN, null, "users", "avatar_url", null, null, "select"),
                ref("app/api/users/route.ts", 23, Kind.COLUMN, null, "users", "email", null, null, "insert"),
                ref("app/api/users/[id]/route.ts", 27, Kind.COLUMN, null, "users", "phone_number", null, null, "update"),
                ref("app/api/users/[id]/route.ts", 11, Kind.RELATIONSHIP, null, "users", null, "crew_members.crews", null, "select"),
                ref("app/api/users/[id]/route.ts", 39, Kind.TABLE, null, "users", null, null, null, "delete"),
                ref("app/api/equipment/route.ts", 9, Kind.COLUMN, null, "equipment", "condition", null, null, "upsert"),
                ref("app/api/work-orders/route.ts", 29, Kind.COLUMN, null, "work_orders", "estimated_hours", null, null, "insert"),
                ref("app/api/work-orders/route.ts", 15, Kind.COLUMN, null, "work_orders", "zone", "crews", null, "filter"),
                ref("app/api/work-orders/route.ts", 11, Kind.RELATIONSHIP, null, "work_orders", null, "projects", null, "select"),
                ref("app/api/work-orders/[id]/route.ts", 12, Kind.RELATIONSHIP, null, "work_orders", null,
                        "users!work_orders_created_by_fkey", null, "select"),
                ref("app/api/work-orders/[id]/route.ts", 43, Kind.COLUMN, null, "work_orders", "labor_cost", null, null, "update"),
                ref("app/api/work-orders/[id]/route.ts", 44, Kind.COLUMN, null, "work_orders", "material_cost", null, null, "update"),
                ref("app/api/reports/route.ts", 10, Kind.FUNCTION, null, null, null, null, "get_crew_utilization", "rpc"),
                ref("app/api/reports/route.ts", 11, Kind.FUNCTION_ARGUMENT, null, null, "crew_id", null, "get_crew_utilization", "rpc"),
                ref("app/(dashboard)/projects/page.tsx", 14, Kind.COLUMN, null, "projects", "total_cost", "work_orders", null, "select"),
                ref("app/(dashboard)/projects/page.tsx", 22, Kind.COLUMN, null, "projects", "created_at", "work_orders", null, "order"),
                ref("app/(dashboard)/crews/[id]/actions.ts", 24, Kind.COLUMN, null, "crew_members", "is_lead", null, null, "filter"),
                ref("src/components/WorkOrderList.tsx", 17, Kind.COLUMN, null, "work_orders", "due_date", null, null, "order"),
                ref("src/lib/crews.ts", 12, Kind.COLUMN, null, "crews", "region", null, null, "select"),
                ref("src/lib/crews.ts", 13, Kind.RELATIONSHIP, null, "crews", null, "users!lead_user_id", null, "select"),
                ref("src/lib/crews.ts", 19, Kind.COLUMN, null, "crews", "region", null, null, "filter"),
                ref("src/lib/crews.ts", 31, Kind.COLUMN, null, "crew_members", "full_name", "users", null, "order"),
                ref("src/lib/equipment.ts", 8, Kind.COLUMN, "public", "equipment", "purchase_cost", null, null, "select"),
                ref("src/lib/admin.ts", 11, Kind.TABLE, "public", "users", null, null, null, "update"),
                ref("src/lib/analytics.ts", 8, Kind.TABLE, "analytics", "daily_usage", null, null, null, "select"),
                ref("src/lib/work-orders.ts", 7, Kind.COLUMN, null, "work_orders", "urgency", null, null, "filter"),
                ref("src/lib/work-orders.ts", 24, Kind.COLUMN, null, "work_orders", "labor_cost", null, null, "select"));
        // Keys of a nested object value are JSON, not columns.
        assertThat(refs).noneMatch(r -> "note".equals(r.column()) || "author_name".equals(r.column()));
        // The snippet is the trimmed source line.
        CodeReference avatar = refs.stream().filter(r -> "avatar_url".equals(r.column()) && r.line() == 10).findFirst().orElseThrow();
        assertThat(avatar.snippet()).isEqualTo(".select('id, email, full_name, phone, avatar_url')");
    }

    // ---- chains in detail ---------------------------------------------------------------------------------------

    @Test
    void walksChainsAcrossLinesCommentsAwaitGenericsAndOptionalChaining() {
        List<CodeReference> refs = scan("""
                const { data } = await supabase // the server client
                  /* typed */ .from<'work_orders'>('work_orders')
                  ?.select('id, title')
                  // only open ones
                  .eq('status', 'open')!
                  .returns<{ id: number; title: string }[]>()
                  .order('due_on', { ascending: false })
                  .limit(10)
                  .single()
                """);
        assertThat(describe(refs)).containsExactly("2 TABLE work_orders select", "3 COLUMN work_orders.id select",
                "3 COLUMN work_orders.title select", "5 COLUMN work_orders.status filter", "7 COLUMN work_orders.due_on order");
    }

    @Test
    void objectKeysInAllTheirForms() {
        List<CodeReference> refs = scan("""
                const name = 'x', email = 'y'
                await supabase.from('users').insert([
                  { name, email, 'quoted': 1, "double": 2, plain: { nested: true }, ...rest, [computed]: 3 },
                  { other: 4, method() { return 1 } },
                ] as Row[])
                """);
        assertThat(refs).filteredOn(r -> r.kind() == Kind.COLUMN).extracting(CodeReference::column)
                .containsExactly("name", "email", "quoted", "double", "plain", "other");
    }

    @Test
    void filtersTakeTheirColumnFromTheFirstArgumentAndJsonPathsFromTheColumn() {
        List<CodeReference> refs = scan("""
                supabase.from('t').select('*')
                  .eq('a', 1).neq('b', 2).gt('c', 3).gte('d', 4).lt('e', 5).lte('f', 6)
                  .like('g', 'x').ilike('h', 'x').is('i', null).in('j', [1]).contains('k', ['x'])
                  .containedBy('l', []).overlaps('m', []).textSearch('n', 'q', { type: 'websearch' })
                  .filter('o', 'eq', 1).not('p', 'is', null).match({ q: 1, r: 2 })
                  .eq('data->>key', 'v').eq('meta->a->b', 1)
                """);
        assertThat(refs).filteredOn(r -> r.kind() == Kind.COLUMN).extracting(CodeReference::column)
                .containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
                        "data", "meta");
    }

    @Test
    void logicTreesYieldEveryColumn() {
        List<CodeReference> refs = scan("""
                supabase.from('t').select('id')
                  .or('a.eq.1,b.not.is.null,and(c.gt.2,or(d.lt.3,e.in.("x,y",z))),not.and(f.eq.1,g.like(any).{x,y}),h->>k.eq.v')
                """);
        assertThat(refs).filteredOn(r -> r.operation().equals("filter")).extracting(CodeReference::column)
                .containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
    }

    @Test
    void foreignTableFiltersAndOrdersResolveThroughTheSelect() {
        List<CodeReference> refs = scan("""
                supabase.from('work_orders')
                  .select('id, crew:crews!inner(name, lead:users(full_name)), projects(code)')
                  .eq('crew.name', 'A')
                  .eq('crews.name', 'A')
                  .eq('crew.lead.full_name', 'B')
                  .eq('unknown.name', 'C')
                  .order('code', { referencedTable: 'projects' })
                  .order('name', { foreignTable: 'crew' })
                  .order('projects(code)')
                  .or('name.eq.A,region.eq.B', { referencedTable: 'crew' })
                """);
        assertThat(refs).filteredOn(r -> !r.operation().equals("select"))
                .extracting(r -> r.column() + "@" + r.relation() + " " + r.operation())
                .containsExactly("name@crews filter", "name@crews filter", "full_name@crews.users filter",
                        "code@projects order", "name@crews order", "code@projects order", "name@crews filter", "region@crews filter");
    }

    @Test
    void rpcGivesTheFunctionAndItsArgumentNames() {
        List<CodeReference> refs = scan("""
                const { data } = await supabase.rpc('crew_workload', { p_crew_id: 1, 'p_days': 2, ...more })
                await supabase.rpc('no_args')
                await supabase.rpc('with_opts', undefined, { head: true }).select('ignored_result_column')
                await supabase.schema('ops').rpc('in_ops', { x: 1 })
                """);
        assertThat(describe(refs)).containsExactly("1 FUNCTION crew_workload rpc", "1 FUNCTION_ARGUMENT crew_workload(p_crew_id) rpc",
                "1 FUNCTION_ARGUMENT crew_workload(p_days) rpc", "2 FUNCTION no_args rpc", "3 FUNCTION with_opts rpc",
                "4 FUNCTION ops.in_ops rpc", "4 FUNCTION_ARGUMENT ops.in_ops(x) rpc");
    }

    @Test
    void schemaComesFromTheChainOrFromAClientVariable() {
        List<CodeReference> refs = scan("""
                const ops = supabase.schema('ops')
                const billing = createClient(url, key, { db: { schema: 'billing' } })
                const plain = createClient(url, key)
                ops.from('jobs').select('id')
                billing.from('invoices').select('id')
                plain.from('users').select('id')
                supabase.schema('audit').from('events').select('id')
                supabase.schema(dynamicSchema).from('skipped').select('id')
                """);
        assertThat(refs).filteredOn(r -> r.kind() == Kind.TABLE).extracting(r -> r.schema() + "." + r.table())
                .containsExactly("ops.jobs", "billing.invoices", "null.users", "audit.events");
    }

    @Test
    void aStoredBuilderIsContinuedWithinItsBlockOnly() {
        List<CodeReference> refs = scan("""
                async function list(region) {
                  let q = supabase.from('crews').select('id')
                  if (region) q = q.eq('region', region)
                  q = q.order('name')
                  return await q
                }
                function other(q) {
                  return q.eq('not_a_crews_column', 1)
                }
                async function replaced() {
                  let r = supabase.from('crews').select('id')
                  r = somethingElse()
                  r.eq('not_crews_either', 1)
                }
                """);
        assertThat(refs).filteredOn(r -> r.kind() == Kind.COLUMN).extracting(r -> r.column() + " " + r.operation())
                .containsExactly("id select", "region filter", "name order", "id select");
    }

    @Test
    void notEveryFromIsSupabase() {
        List<CodeReference> refs = scan("""
                const a = Array.from('abc')
                const b = Buffer.from('aGk=', 'base64')
                const d = Temporal.PlainDate.from('2024-01-01')
                const e = dayjs().from('2024-01-01')
                const { data } = supabase.storage.from('avatars').getPublicUrl('a.png')
                const bucket = client.from('uploads').upload('x.png', file)
                const ok = supabase.from('users').select('id')
                """);
        assertThat(refs).filteredOn(r -> r.kind() == Kind.TABLE).extracting(CodeReference::table).containsExactly("users");
    }

    @Test
    void theTokenizerSurvivesJsxTemplatesAndRegexes() {
        List<CodeReference> refs = scan("""
                export function Page() {
                  const re = /from\\('x'\\)[/]/g, half = total / 2 / count
                  const msg = `line one
                    ${cond ? `nested ${'}'} .from('no')` : "}"} .from('no_either')
                  `
                  return <p>Don't worry, it's fine. {items.length}</p>
                }
                const { data } = await supabase.from('users').select('id')
                """);
        assertThat(describe(refs)).containsExactly("8 TABLE users select", "8 COLUMN users.id select");
    }

    @Test
    void templateSelectsReportTheLineOfEachColumn() {
        List<CodeReference> refs = scan("""
                supabase.from('t').select(`
                  a,
                  b,
                  rel (
                    c
                  )
                `)
                """);
        assertThat(describe(refs)).containsExactly("1 TABLE t select", "2 COLUMN t.a select", "3 COLUMN t.b select",
                "4 RELATIONSHIP t->rel select", "5 COLUMN t.c@rel select");
    }

    @Test
    void aMalformedSelectIsSkippedAndTheRestOfTheChainStillCounts() {
        List<CodeReference> refs = scan("supabase.from('t').select('a,,b').eq('c', 1)");
        assertThat(describe(refs)).containsExactly("1 TABLE t select", "1 COLUMN t.c filter");
    }

    @Test
    void anEscapedNewlineInAQuotedSelectIsNoLineBreak() {
        List<CodeReference> refs = scan("supabase.from('t').select('a,\\nb')\nconst x = 1\n");
        assertThat(describe(refs)).containsExactly("1 TABLE t select", "1 COLUMN t.a select", "1 COLUMN t.b select");
    }

    @Test
    void anyPrefixOfAnyFileAndPathologicalInputScanWithoutThrowing() throws IOException {
        List<String> sources = new java.util.ArrayList<>();
        try (var files = Files.walk(fixture())) {
            for (Path p : files.filter(Files::isRegularFile).toList()) sources.add(Files.readString(p));
        }
        String deepTemplates = "const s = `" + "${`".repeat(5_000) + "x" + "`}".repeat(5_000) + "`; supabase.from('after').select('a')";
        sources.add(deepTemplates);
        sources.add("supabase.from('t').select('" + "a(".repeat(5_000) + "')");
        sources.add("supabase.from('t')" + ".eq('a', 1)".repeat(5_000));
        sources.add("supabase.from(" + "(".repeat(5_000));
        sources.add("supabase.from('t').or('" + "and(".repeat(5_000) + "a.eq.1')");
        sources.add("x.from('\\u{zz').from(`\\x`).rpc(`\\u{110000}`)");
        java.util.Random random = new java.util.Random(42);
        String alphabet = "supabase.from('t').select(`a,${b}`)/*//*/'\"{}[]()<>!?.,:;=\n\\ \t...=>#@";
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 200; k++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            sources.add(b.toString());
        }
        for (String source : sources) {
            for (int cut = 0; cut <= source.length(); cut += Math.max(1, source.length() / 200)) {
                scanner.scanSource("f.ts", source.substring(0, cut));
            }
        }
        // Nesting beyond what the lexer follows is still read as one template, so code after it is found.
        assertThat(tables(scanner.scanSource("f.ts", deepTemplates))).containsExactly("after");
    }

    @Test
    void longLinesAreCutInTheSnippet() {
        String line = "supabase.from('t').select('a')" + " ".repeat(10) + "/*" + "x".repeat(300) + "*/";
        CodeReference r = scan(line).get(0);
        assertThat(r.snippet()).hasSize(160).startsWith("supabase.from('t')").endsWith("...");
    }

    // ---- files and globs ------------------------------------------------------------------------------------------

    @Test
    void skipsBuildOutputDependenciesAndNonSourceFiles(@TempDir Path root) throws IOException {
        String query = "supabase.from('%s').select('id')\n";
        write(root, "src/a.ts", query.formatted("in_src"));
        write(root, "src/deep/er/b.tsx", query.formatted("in_src_deep"));
        write(root, "src/c.js", query.formatted("in_src_js"));
        write(root, "src/d.jsx", query.formatted("jsx_outside_app"));
        write(root, "app/e.jsx", query.formatted("jsx_in_app"));
        write(root, "app/f.mjs", query.formatted("mjs_in_app"));
        write(root, "app/g.json", query.formatted("json"));
        write(root, "app/h.md", query.formatted("markdown"));
        write(root, "app/node_modules/pkg/index.js", query.formatted("node_modules"));
        write(root, "src/.next/server/page.js", query.formatted("next_output"));
        write(root, "src/dist/bundle.js", query.formatted("dist"));
        write(root, "app/build/out.js", query.formatted("build"));
        write(root, "src/.git/hooks/x.js", query.formatted("git"));
        write(root, "lib/outside.ts", query.formatted("not_in_globs"));
        Set<String> tables = tables(scanner.scan(root));
        assertThat(tables).containsExactlyInAnyOrder("in_src", "in_src_deep", "in_src_js", "jsx_in_app", "mjs_in_app");

        assertThat(tables(scanner.scan(root, List.of("lib/**/*.ts")))).containsExactly("not_in_globs");
        assertThat(tables(scanner.scan(root, List.of("**/*.ts")))).containsExactlyInAnyOrder("in_src", "not_in_globs");
        assertThat(scanner.scan(root, List.of("src/*.ts"))).extracting(CodeReference::file).containsOnly("src/a.ts");
    }

    @Test
    void scansTwoThousandFilesQuickly(@TempDir Path root) throws IOException {
        String route = Files.readString(fixture().resolve("app/api/work-orders/route.ts"));
        String plain = "import { x } from './x'\nexport const y = (a: number) => a * 2\n".repeat(30);
        for (int i = 0; i < 2000; i++) {
            write(root, "app/api/r" + (i % 40) + "/n" + i + "/route.ts", i % 2 == 0 ? route : plain);
        }
        scanner.scan(root); // warm up the JIT as a long-running server would be
        long start = System.nanoTime();
        List<CodeReference> refs = scanner.scan(root);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(refs).hasSize(1000 * scanner.scanSource("x.ts", route).size());
        assertThat(millis).as("scan of 2,000 files took %d ms", millis).isLessThan(1000);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private List<CodeReference> scan(String source) {
        return scanner.scanSource("src/test.ts", source);
    }

    private static CodeReference ref(String file, int line, Kind kind, String schema, String table, String column,
                                     String relation, String function, String operation) {
        return new CodeReference(file, line, kind, schema, table, column, relation, function, operation, null);
    }

    private static CodeReference withoutSnippet(CodeReference r) {
        return new CodeReference(r.file(), r.line(), r.kind(), r.schema(), r.table(), r.column(), r.relation(), r.function(),
                r.operation(), null);
    }

    /** Compares without the snippet, which the list assertions would otherwise have to spell out. */
    private static List<String> describe(List<CodeReference> refs) {
        return refs.stream().map(r -> r.line() + " " + r.kind() + " " + switch (r.kind()) {
            case TABLE -> (r.schema() == null ? "" : r.schema() + ".") + r.table();
            case COLUMN -> r.table() + "." + r.column() + (r.relation() == null ? "" : "@" + r.relation());
            case RELATIONSHIP -> r.table() + "->" + r.relation();
            case FUNCTION -> (r.schema() == null ? "" : r.schema() + ".") + r.function();
            case FUNCTION_ARGUMENT -> (r.schema() == null ? "" : r.schema() + ".") + r.function() + "(" + r.column() + ")";
        } + " " + r.operation()).toList();
    }

    private static Set<String> tables(List<CodeReference> refs) {
        return refs.stream().filter(r -> r.kind() == Kind.TABLE).map(CodeReference::table).collect(Collectors.toSet());
    }

    private static void write(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
