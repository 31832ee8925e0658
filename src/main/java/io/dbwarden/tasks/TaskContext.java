package io.dbwarden.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.SchemaBrowser;
import io.dbwarden.codegen.CodeGenerator;
import io.dbwarden.codegen.CodegenOptions;
import io.dbwarden.codegen.GeneratedFile;
import io.dbwarden.codegen.Target;
import io.dbwarden.findings.FindingQuery;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.findings.StoredFinding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent needs to do one TaskMaster task: the tables, views, columns, policies and functions its text names or
 * implies (matched against the live catalog), their definitions, the generated types and route templates for those
 * tables, the open findings about them, and the commands that validate the work before the task is closed.
 */
public final class TaskContext {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(?:\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"\\n]{1,63})\"(?:\\.\"([^\"\\n]{1,63})\")?");
    private static final int SNIPPET_LIMIT = 12_000;
    private static final String OWN_SCHEMA = "dbwarden";

    private final TaskmasterProject project;
    private final Catalog catalog;
    private final CodeGenerator codegen;
    private final CodegenOptions options;
    private final FindingStore findings;
    private final String connection;

    public TaskContext(TaskmasterProject project, Catalog catalog, CodeGenerator codegen, CodegenOptions options,
                       FindingStore findings, String connection) {
        this.project = project;
        this.catalog = catalog;
        this.codegen = codegen;
        this.options = options;
        this.findings = findings;
        this.connection = connection;
    }

    /** The context of task {@code id} ("7", or "7.2" for a subtask) in {@code tag} (null: the current tag). */
    public Map<String, Object> of(String id, String tag) {
        if (id == null || !id.trim().matches("[A-Za-z0-9-]{1,40}(\\.\\d{1,9})?")) {
            throw new IllegalArgumentException("A TaskMaster task id looks like 7 or 7.2 (got '" + FindingTasks.clip(String.valueOf(id), 60) + "').");
        }
        if (!project.exists()) project.requireOrCreate();
        String useTag = tag == null || tag.isBlank() ? project.tag() : tag.trim();
        ObjectNode root = project.tasks().read();
        Found found = find(root, useTag, id.trim());

        StringBuilder text = new StringBuilder();
        for (ObjectNode n : found.nodes()) {
            for (String f : List.of("title", "description", "details", "testStrategy")) text.append(n.path(f).asText("")).append('\n');
        }
        JsonNode meta = found.task().path("metadata").path(FindingTasks.METADATA_KEY);
        if (meta.has("subject")) text.append(meta.path("subject").asText()).append('\n');

        Matches m = match(text.toString());
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", id.trim());
        task.put("tag", useTag);
        task.put("title", found.nodes().get(found.nodes().size() - 1).path("title").asText(""));
        task.put("status", found.nodes().get(found.nodes().size() - 1).path("status").asText(""));
        if (meta.has("fingerprint")) task.put("finding", meta.path("fingerprint").asText());
        out.put("task", task);
        out.put("matched", m.why());

        SchemaBrowser browser = new SchemaBrowser();
        out.put("tables", m.tables().stream().map(t -> {
            Map<String, Object> d = browser.describe(catalog, t.qualifiedName());
            List<String> cols = m.columns().stream().filter(c -> c.startsWith(t.qualifiedName() + ".")).map(c -> c.substring(t.qualifiedName().length() + 1)).toList();
            if (!cols.isEmpty()) d.put("mentioned_columns", cols);
            return d;
        }).toList());
        out.put("views", m.views().stream().map(v -> browser.describe(catalog, v.qualifiedName())).toList());
        out.put("policies", m.tables().stream().flatMap(t -> t.policies().stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("table", t.qualifiedName());
            pm.put("name", p.name());
            pm.put("command", p.command());
            pm.put("roles", p.roles());
            pm.put("using", p.using());
            pm.put("with_check", p.withCheck());
            return pm;
        })).toList());
        out.put("functions", m.functions().stream().map(f -> browser.describe(catalog, f)).toList());
        out.put("generated", generated(m.tables()));
        out.put("open_findings", openFindings(m, meta.path("fingerprint").asText("")));
        out.put("validation", validation(meta, m));
        return out;
    }

    private record Found(ObjectNode task, List<ObjectNode> nodes) {
    }

    private static Found find(ObjectNode root, String tag, String id) {
        var tasks = TasksFile.tasksOf(root, tag, false, ".taskmaster/tasks/tasks.json");
        String parentId = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        String subId = id.contains(".") ? id.substring(id.indexOf('.') + 1) : null;
        List<String> ids = new ArrayList<>();
        for (JsonNode t : tasks) {
            String tid = TaskIds.normalise(t.get("id"));
            ids.add(tid);
            if (!t.isObject() || !tid.equals(TaskIds.normalise(TasksFile.JSON.getNodeFactory().textNode(parentId)))) continue;
            if (subId == null) return new Found((ObjectNode) t, List.of((ObjectNode) t));
            for (JsonNode s : t.path("subtasks")) {
                if (s.isObject() && TaskIds.normalise(s.get("id")).equals(subId)) return new Found((ObjectNode) t, List.of((ObjectNode) t, (ObjectNode) s));
            }
            throw new IllegalArgumentException("Task " + parentId + " has no subtask " + subId + ".");
        }
        throw new IllegalArgumentException("No task " + id + " in tag '" + tag + "' of .taskmaster/tasks/tasks.json"
                + (ids.isEmpty() ? " (the tag has no tasks)" : " (ids there: " + summary(ids) + ")") + ". Check the id with `task-master list`.");
    }

    private static String summary(List<String> ids) {
        return ids.size() <= 12 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 12)) + ", …";
    }

    /** What the text names, and why each object was picked. */
    record Matches(List<Catalog.Table> tables, List<Catalog.View> views, Set<String> columns, List<String> functions,
                   List<Map<String, String>> why) {
    }

    Matches match(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher w = WORD.matcher(text);
        List<String> plain = new ArrayList<>();
        while (w.find()) {
            String tok = w.group().toLowerCase(Locale.ROOT);
            words.add(tok);
            if (!tok.contains(".")) plain.add(tok);
        }
        Matcher quoted = QUOTED.matcher(text);
        while (quoted.find()) words.add(quoted.group(2) == null ? quoted.group(1) : quoted.group(1) + "." + quoted.group(2));
        // "work orders" names work_orders: join neighbouring words as snake_case.
        for (int i = 0; i + 1 < plain.size(); i++) {
            words.add(plain.get(i) + "_" + plain.get(i + 1));
            if (i + 2 < plain.size()) words.add(plain.get(i) + "_" + plain.get(i + 1) + "_" + plain.get(i + 2));
        }
        List<Map<String, String>> why = new ArrayList<>();
        List<Catalog.Table> tables = new ArrayList<>();
        Set<String> columns = new TreeSet<>();
        for (Catalog.Table t : catalog.tables()) {
            // dbwarden's own capture tables are never what a task is about.
            if (t.schema().equals(OWN_SCHEMA)) continue;
            String reason = relationReason(t.schema(), t.name(), words);
            for (Catalog.Policy p : t.policies()) {
                if (reason == null && words.contains(p.name().toLowerCase(Locale.ROOT))) reason = "its policy " + p.name() + " is named";
            }
            for (Catalog.Column c : t.columns()) {
                String cn = c.name().toLowerCase(Locale.ROOT);
                boolean qualified = words.contains(t.name().toLowerCase(Locale.ROOT) + "." + cn) || words.contains(t.qualifiedName().toLowerCase(Locale.ROOT) + "." + cn);
                if (qualified && reason == null) reason = "column " + t.name() + "." + c.name() + " is named";
                if (reason == null && words.contains(cn) && distinctive(cn) && uniqueColumn(cn)) reason = "its column " + c.name() + " is named";
                if ((qualified || words.contains(cn)) && !cn.equals("id")) columns.add(t.qualifiedName() + "." + c.name());
            }
            if (reason != null) {
                tables.add(t);
                why.add(Map.of("object", t.qualifiedName(), "kind", "table", "why", reason));
            }
        }
        Set<String> matchedTables = new java.util.HashSet<>(tables.stream().map(Catalog.Table::qualifiedName).toList());
        columns.removeIf(c -> !matchedTables.contains(c.substring(0, c.lastIndexOf('.'))));
        List<Catalog.View> views = new ArrayList<>();
        for (Catalog.View v : catalog.views()) {
            if (v.schema().equals(OWN_SCHEMA)) continue;
            String reason = relationReason(v.schema(), v.name(), words);
            if (reason != null) {
                views.add(v);
                why.add(Map.of("object", v.qualifiedName(), "kind", v.materialized() ? "materialized_view" : "view", "why", reason));
            }
        }
        Set<String> functions = new LinkedHashSet<>();
        for (Catalog.Function f : catalog.functions()) {
            if (f.schema().equals(OWN_SCHEMA)) continue;
            String qn = (f.schema() + "." + f.name()).toLowerCase(Locale.ROOT);
            if (words.contains(qn) || (words.contains(f.name().toLowerCase(Locale.ROOT)) && f.name().length() >= 4)) {
                if (functions.add(f.schema() + "." + f.name())) {
                    why.add(Map.of("object", f.schema() + "." + f.name(), "kind", "function", "why", "it is named"));
                }
            }
        }
        for (Catalog.Table t : tables) {
            for (Catalog.Trigger tr : t.triggers()) {
                String fn = tr.function();
                if (fn == null) continue;
                String called = (fn.contains(".") ? fn : t.schema() + "." + fn).replaceAll("\\(.*$", "");
                if (catalogHasFunction(called) && functions.add(called)) {
                    why.add(Map.of("object", called, "kind", "function", "why", "trigger " + tr.name() + " on " + t.qualifiedName() + " runs it"));
                }
            }
        }
        // A policy's expression calls functions (is_crew_member(crew_id)): changing who sees what means reading them.
        for (Catalog.Table t : tables) {
            for (Catalog.Policy p : t.policies()) {
                String expressions = (p.using() == null ? "" : p.using()) + " " + (p.withCheck() == null ? "" : p.withCheck());
                for (Catalog.Function f : catalog.functions()) {
                    if (f.schema().equals(OWN_SCHEMA)) continue;
                    String q = f.schema() + "." + f.name();
                    boolean called = Pattern.compile("(?<![A-Za-z0-9_$])(?:" + Pattern.quote(f.schema()) + "\\.)?" + Pattern.quote(f.name()) + "\\s*\\(")
                            .matcher(expressions).find();
                    if (called && functions.add(q)) {
                        why.add(Map.of("object", q, "kind", "function", "why", "policy \"" + p.name() + "\" on " + t.qualifiedName() + " calls it"));
                    }
                }
            }
        }
        return new Matches(tables, views, columns, List.copyOf(functions), why);
    }

    private boolean catalogHasFunction(String qualified) {
        return catalog.functions().stream().anyMatch(f -> (f.schema() + "." + f.name()).equals(qualified));
    }

    private static String relationReason(String schema, String name, Set<String> words) {
        String n = name.toLowerCase(Locale.ROOT);
        String qn = (schema + "." + name).toLowerCase(Locale.ROOT);
        if (words.contains(qn) || words.contains(name)) return "named as " + (words.contains(qn) ? qn : name);
        if (words.contains(n)) return "named as " + n;
        for (String word : words) {
            if (word.startsWith(n + ".") || word.startsWith(qn + ".")) return "named in " + word;
        }
        if (n.length() >= 5) {
            for (String variant : List.of(n.replaceAll("ies$", "y"), n.replaceAll("es$", ""), n.replaceAll("s$", ""), n + "s")) {
                if (!variant.equals(n) && variant.length() >= 4 && words.contains(variant)) return "implied by '" + variant + "'";
            }
        }
        return null;
    }

    /** A column name specific enough that mentioning it implies its table: crew_id, lead_user_id, not id or name. */
    private static boolean distinctive(String column) {
        return column.length() >= 6 && column.contains("_") && !Set.of("created_at", "updated_at", "deleted_at", "is_active").contains(column);
    }

    private boolean uniqueColumn(String column) {
        return catalog.tables().stream().filter(t -> t.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(column))).count() == 1;
    }

    /** Types, Zod schemas and routes for the matched tables, as the generators write them, cut to those tables. */
    private Map<String, Object> generated(List<Catalog.Table> tables) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Catalog.Table> wanted = tables.stream().filter(t -> options.schemas().contains(t.schema())).toList();
        if (wanted.isEmpty()) {
            out.put("note", "No table of the generated schemas (" + String.join(", ", options.schemas()) + ") is involved.");
            return out;
        }
        Set<String> names = new LinkedHashSet<>();
        wanted.forEach(t -> names.add(t.qualifiedName()));
        CodegenOptions opts = options.withTables(names);
        List<GeneratedFile> files = codegen.generate(opts, List.of(Target.TYPES, Target.INTERFACES, Target.ZOD, Target.ROUTES));
        List<Map<String, Object>> perTable = new ArrayList<>();
        for (Catalog.Table t : wanted) {
            String base = CodeGenerator.typeBaseName(catalog, opts, t.schema(), t.name());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", t.qualifiedName());
            for (GeneratedFile f : files) {
                if (f.path().equals(opts.typesPath())) {
                    m.put("supabase_types", snippet(f.path(), supabaseBlock(f.content(), t.schema(), t.name())));
                } else if (f.path().endsWith(".interfaces.ts")) {
                    m.put("interfaces", snippet(f.path(), declarations(f.content(), Pattern.compile(
                            "^export (?:interface|type) " + Pattern.quote(opts.interfacePrefix() + base) + "(?:Row|Insert|Update|WithRelations)?\\b"))));
                } else if (f.path().endsWith(".zod.ts")) {
                    String lower = base.substring(0, 1).toLowerCase(Locale.ROOT) + base.substring(1);
                    m.put("zod", snippet(f.path(), declarations(f.content(), Pattern.compile(
                            "^export (?:const|type) " + Pattern.quote(lower) + "(?:Row|Insert|Update)?Schema\\b"))));
                }
            }
            perTable.add(m);
        }
        out.put("types", perTable);
        String routesDir = opts.routesDir().replaceAll("/+$", "") + "/";
        out.put("routes", files.stream().filter(f -> f.path().startsWith(routesDir) && !f.path().contains("/_lib/"))
                .map(f -> snippet(f.path(), f.content())).toList());
        out.put("regenerate", "dbwarden generate --target types,interfaces,zod,routes --tables " + String.join(",", names));
        return out;
    }

    private static Map<String, Object> snippet(String path, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("content", content == null ? "(not found in the generated file)" : FindingTasks.clip(content, SNIPPET_LIMIT));
        return m;
    }

    /** Top-level declarations (blocks between blank lines) whose first code line matches. */
    static String declarations(String file, Pattern first) {
        StringBuilder out = new StringBuilder();
        for (String block : file.split("\\n\\s*\\n")) {
            String code = block.lines().filter(l -> !l.startsWith("/**") && !l.startsWith(" *") && !l.startsWith("//")).findFirst().orElse("");
            if (first.matcher(code).find()) out.append(block.strip()).append("\n\n");
        }
        return out.isEmpty() ? null : out.toString().strip() + "\n";
    }

    /** The {@code Tables.<name>} entry of one schema in the Supabase-style Database type. */
    static String supabaseBlock(String file, String schema, String table) {
        List<String> lines = file.lines().toList();
        int i = indexOf(lines, 0, "  " + key(schema) + ": {");
        if (i < 0) return null;
        i = indexOf(lines, i, "    Tables: {");
        if (i < 0) return null;
        int start = indexOf(lines, i, "      " + key(table) + ": {");
        if (start < 0) return null;
        StringBuilder out = new StringBuilder();
        for (int j = start; j < lines.size(); j++) {
            out.append(lines.get(j)).append('\n');
            if (j > start && lines.get(j).startsWith("      }")) break;
        }
        return out.toString();
    }

    private static String key(String name) {
        return name.matches("[A-Za-z_$][A-Za-z0-9_$]*") ? name : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int indexOf(List<String> lines, int from, String line) {
        for (int i = from; i < lines.size(); i++) if (lines.get(i).equals(line)) return i;
        return -1;
    }

    /** Open findings about the matched objects, and the task's own finding (a slow query's subject is no table). */
    private List<Map<String, Object>> openFindings(Matches m, String ownFingerprint) {
        List<String> objects = new ArrayList<>();
        m.tables().forEach(t -> objects.add(t.qualifiedName()));
        m.views().forEach(v -> objects.add(v.qualifiedName()));
        objects.addAll(m.functions());
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredFinding s : findings.query(FindingQuery.open(connection))) {
            String subject = s.finding().subject();
            // Subjects name an object (public.crews.region, public.f(int)) or a part of one (idx on public.crews).
            boolean about = s.finding().fingerprint().equals(ownFingerprint)
                    || objects.stream().anyMatch(o -> subject.equals(o) || subject.startsWith(o + ".") || subject.startsWith(o + "(")
                    || subject.endsWith(" on " + o) || subject.contains(" on " + o + "."));
            if (!about) continue;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("severity", s.finding().severity().id());
            f.put("rule", s.finding().ruleId());
            f.put("subject", subject);
            f.put("title", s.finding().title());
            f.put("fingerprint", s.finding().fingerprint());
            if (s.finding().remediation() != null) f.put("remediation", s.finding().remediation());
            out.add(f);
        }
        return out;
    }

    private static Map<String, Object> validation(JsonNode meta, Matches m) {
        List<String> commands = new ArrayList<>();
        String why;
        if (meta.has("fingerprint")) {
            commands.add(FindingTasks.validationCommand(meta.path("scope").asText(null), meta.path("rule").asText("")));
            why = "This task is dbwarden finding " + meta.path("fingerprint").asText() + "; the check that found it must no longer report it.";
        } else {
            why = "Run these before closing: migrations must validate, the application code must match the schema, and the "
                    + "committed generated files must be current.";
        }
        if (!m.tables().isEmpty() || !m.views().isEmpty()) {
            for (String c : List.of("dbwarden check", "dbwarden drift", "dbwarden generate --check")) {
                if (commands.stream().noneMatch(x -> x.contains(c))) commands.add(c);
            }
        }
        commands.add("dbwarden tasks sync");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commands", commands);
        out.put("why", why);
        return out;
    }
}
