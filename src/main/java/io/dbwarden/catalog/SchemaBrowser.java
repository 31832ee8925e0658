package io.dbwarden.catalog;

import io.dbwarden.catalog.Catalog.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers "what objects are there" and "tell me everything about this one" from a catalog. The answers are plain
 * maps in a compact, stable shape, because every token an agent reads costs it context.
 */
public final class SchemaBrowser {
    public static final Set<String> KINDS = Set.of("schema", "table", "view", "materialized_view", "function", "enum",
            "composite_type", "domain", "sequence", "extension");

    /** One page of results: {@code truncated} is true when more items exist past {@code nextOffset}. */
    public record Page(List<Map<String, Object>> items, int total, boolean truncated, Integer nextOffset) {
    }

    public Page list(Catalog catalog, Set<String> kinds, String schema, String namePattern, int limit, int offset) {
        for (String k : kinds) {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("Unknown kind '" + k + "'. Use one of: " + String.join(", ", new java.util.TreeSet<>(KINDS)) + ".");
            }
        }
        Pattern name = namePattern == null || namePattern.isBlank() ? null : likePattern(namePattern);
        List<Map<String, Object>> all = new ArrayList<>();
        boolean any = kinds.isEmpty();
        if (any || kinds.contains("schema")) {
            for (Schema s : catalog.schemas()) add(all, schema, name, "schema", null, s.name(), m -> put(m, "comment", s.comment()));
        }
        if (any || kinds.contains("extension")) {
            for (Extension e : catalog.extensions()) add(all, schema, name, "extension", e.schema(), e.name(), m -> m.put("version", e.version()));
        }
        if (any || kinds.contains("table")) {
            for (Table t : catalog.tables()) {
                add(all, schema, name, "table", t.schema(), t.name(), m -> {
                    if (!t.kind().equals("table")) m.put("table_kind", t.kind());
                    m.put("columns", t.columns().size());
                    m.put("rows_estimate", t.stats().rowEstimate());
                    m.put("rls", t.rlsEnabled());
                    put(m, "comment", t.comment());
                });
            }
        }
        for (View v : catalog.views()) {
            String kind = v.materialized() ? "materialized_view" : "view";
            if (any || kinds.contains(kind)) {
                add(all, schema, name, kind, v.schema(), v.name(), m -> {
                    m.put("columns", v.columns().size());
                    put(m, "comment", v.comment());
                });
            }
        }
        if (any || kinds.contains("function")) {
            for (Function f : catalog.functions()) {
                add(all, schema, name, "function", f.schema(), f.name(), m -> {
                    m.put("arguments", f.identityArguments());
                    m.put("returns", f.returnType());
                    if (!f.kind().equals("function")) m.put("function_kind", f.kind());
                    put(m, "comment", f.comment());
                });
            }
        }
        if (any || kinds.contains("enum")) {
            for (EnumType e : catalog.enums()) add(all, schema, name, "enum", e.schema(), e.name(), m -> m.put("labels", e.labels()));
        }
        if (any || kinds.contains("composite_type")) {
            for (CompositeType c : catalog.compositeTypes()) add(all, schema, name, "composite_type", c.schema(), c.name(), m -> {
            });
        }
        if (any || kinds.contains("domain")) {
            for (Domain d : catalog.domains()) add(all, schema, name, "domain", d.schema(), d.name(), m -> m.put("base_type", d.baseType()));
        }
        if (any || kinds.contains("sequence")) {
            for (Sequence s : catalog.sequences()) add(all, schema, name, "sequence", s.schema(), s.name(), m -> put(m, "owned_by", s.ownedBy()));
        }
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        boolean truncated = to < all.size();
        return new Page(List.copyOf(all.subList(from, to)), all.size(), truncated, truncated ? to : null);
    }

    /** Full description of a table, view, function, enum, composite type, domain or sequence named {@code [schema.]name}. */
    public Map<String, Object> describe(Catalog catalog, String qualifiedName) {
        String[] parts = splitName(qualifiedName);
        String schema = parts[0], name = parts[1];
        List<Map<String, Object>> found = new ArrayList<>();
        for (Table t : catalog.tables()) if (matches(t.schema(), t.name(), schema, name)) found.add(describeTable(catalog, t));
        for (View v : catalog.views()) if (matches(v.schema(), v.name(), schema, name)) found.add(describeView(v));
        List<Function> fns = catalog.functions().stream().filter(f -> matches(f.schema(), f.name(), schema, name)).toList();
        if (!fns.isEmpty()) found.add(describeFunctions(fns));
        for (EnumType e : catalog.enums()) if (matches(e.schema(), e.name(), schema, name)) {
            found.add(ordered("kind", "enum", "name", e.schema() + "." + e.name(), "labels", e.labels(), "comment", e.comment()));
        }
        for (CompositeType c : catalog.compositeTypes()) if (matches(c.schema(), c.name(), schema, name)) {
            found.add(ordered("kind", "composite_type", "name", c.schema() + "." + c.name(), "attributes",
                    c.attributes().stream().map(a -> a.name() + " " + a.type()).toList(), "comment", c.comment()));
        }
        for (Domain d : catalog.domains()) if (matches(d.schema(), d.name(), schema, name)) {
            found.add(ordered("kind", "domain", "name", d.schema() + "." + d.name(), "base_type", d.baseType(), "not_null", d.notNull(),
                    "default", d.defaultValue(), "checks", d.checks(), "comment", d.comment()));
        }
        for (Sequence s : catalog.sequences()) if (matches(s.schema(), s.name(), schema, name)) {
            found.add(ordered("kind", "sequence", "name", s.schema() + "." + s.name(), "data_type", s.dataType(),
                    "max_value", s.maxValue(), "owned_by", s.ownedBy()));
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("No table, view, function or type named '" + qualifiedName
                    + "'. Use list_objects to see what exists" + suggestion(catalog, name) + ".");
        }
        if (schema == null && found.size() > 1) {
            // An unqualified name resolves like search_path would for most apps: public wins.
            List<Map<String, Object>> inPublic = found.stream().filter(m -> String.valueOf(m.get("name")).startsWith("public.")).toList();
            if (inPublic.size() == 1) return inPublic.get(0);
            throw new IllegalArgumentException("'" + name + "' exists in several places: "
                    + found.stream().map(m -> m.get("kind") + " " + m.get("name")).toList() + ". Qualify it with its schema.");
        }
        return found.get(0);
    }

    private Map<String, Object> describeTable(Catalog catalog, Table t) {
        Map<String, Object> m = ordered("kind", t.kind(), "name", t.qualifiedName(), "comment", t.comment(),
                "rows_estimate", t.stats().rowEstimate(), "size_bytes_estimate", t.stats().totalBytes(),
                "rls_enabled", t.rlsEnabled());
        if (t.rlsForced()) m.put("rls_forced", true);
        m.put("columns", t.columns().stream().map(SchemaBrowser::column).toList());
        List<Map<String, Object>> constraints = new ArrayList<>();
        for (Constraint c : t.constraints()) {
            if (c.type().equals("foreign_key")) continue;
            Map<String, Object> cm = ordered("name", c.name(), "type", c.type(), "definition", c.definition());
            if (!c.validated()) cm.put("validated", false);
            constraints.add(cm);
        }
        m.put("constraints", constraints);
        m.put("foreign_keys_out", t.constraints().stream().filter(c -> c.type().equals("foreign_key")).map(c -> {
            Map<String, Object> fk = ordered("name", c.name(), "columns", c.columns(), "references",
                    c.refSchema() + "." + c.refTable() + "(" + String.join(", ", c.refColumns()) + ")");
            if (!"NO ACTION".equals(c.onDelete())) fk.put("on_delete", c.onDelete());
            if (!"NO ACTION".equals(c.onUpdate())) fk.put("on_update", c.onUpdate());
            if (!c.validated()) fk.put("validated", false);
            return fk;
        }).toList());
        List<Map<String, Object>> incoming = new ArrayList<>();
        for (Table other : catalog.tables()) {
            for (Constraint c : other.constraints()) {
                if (c.type().equals("foreign_key") && t.schema().equals(c.refSchema()) && t.name().equals(c.refTable())) {
                    incoming.add(ordered("name", c.name(), "from", other.qualifiedName() + "(" + String.join(", ", c.columns()) + ")",
                            "to_columns", c.refColumns()));
                }
            }
        }
        m.put("foreign_keys_in", incoming);
        m.put("indexes", t.indexes().stream().map(SchemaBrowser::index).toList());
        m.put("policies", t.policies().stream().map(p -> ordered("name", p.name(), "command", p.command(),
                "permissive", p.permissive(), "roles", p.roles(), "using", p.using(), "with_check", p.withCheck())).toList());
        m.put("triggers", t.triggers().stream().map(tr -> ordered("name", tr.name(), "timing", tr.timing(), "events", tr.events(),
                "level", tr.level(), "function", tr.function(), "enabled", tr.enabled().equals("origin") ? null : tr.enabled())).toList());
        if (!t.grants().isEmpty()) m.put("grants", grants(t.grants()));
        return m;
    }

    private Map<String, Object> describeView(View v) {
        Map<String, Object> m = ordered("kind", v.materialized() ? "materialized_view" : "view", "name", v.qualifiedName(),
                "comment", v.comment());
        m.put("columns", v.columns().stream().map(SchemaBrowser::column).toList());
        m.put("definition", v.definition());
        if (!v.indexes().isEmpty()) m.put("indexes", v.indexes().stream().map(SchemaBrowser::index).toList());
        if (!v.grants().isEmpty()) m.put("grants", grants(v.grants()));
        return m;
    }

    private Map<String, Object> describeFunctions(List<Function> fns) {
        Function first = fns.get(0);
        Map<String, Object> m = ordered("kind", first.kind(), "name", first.schema() + "." + first.name());
        m.put("overloads", fns.stream().map(f -> ordered("arguments", f.identityArguments(), "returns", f.returnType(),
                "language", f.language(), "volatility", f.volatility(), "security_definer", f.securityDefiner() ? true : null,
                "config", f.config().isEmpty() ? null : f.config(), "comment", f.comment())).toList());
        return m;
    }

    private static Map<String, Object> column(Column c) {
        Map<String, Object> m = ordered("name", c.name(), "type", c.type());
        if (!c.notNull()) m.put("nullable", true);
        // pg_attrdef holds a generated column's expression, which is not a default.
        if (c.generated() != null) m.put("generated_always_as", c.defaultValue());
        else put(m, "default", c.defaultValue());
        if (c.identity() != null) m.put("identity", c.identity().equals("a") ? "always" : "by default");
        put(m, "comment", c.comment());
        return m;
    }

    private static Map<String, Object> index(Index i) {
        Map<String, Object> m = ordered("name", i.name(), "definition", i.definition());
        if (!i.valid()) m.put("valid", false);
        m.put("size_bytes_estimate", i.sizeBytes());
        return m;
    }

    private static Map<String, List<String>> grants(List<Grant> grants) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Grant g : grants) m.put(g.grantee(), g.privileges());
        return m;
    }

    private static String suggestion(Catalog catalog, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return catalog.tables().stream().map(Table::name)
                .filter(n -> n.toLowerCase(Locale.ROOT).contains(lower) || lower.contains(n.toLowerCase(Locale.ROOT)))
                .findFirst().map(n -> " (did you mean '" + n + "'?)").orElse("");
    }

    static String[] splitName(String qualified) {
        if (qualified == null || qualified.isBlank()) throw new IllegalArgumentException("name is empty. Pass a name such as 'users' or 'public.users'.");
        String q = qualified.trim();
        int dot = q.indexOf('.');
        if (dot < 0) return new String[]{null, unquote(q)};
        return new String[]{unquote(q.substring(0, dot)), unquote(q.substring(dot + 1))};
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s;
    }

    private static boolean matches(String schema, String name, String wantSchema, String wantName) {
        return name.equals(wantName) && (wantSchema == null || schema.equals(wantSchema));
    }

    /** A name filter: '*' and '%' are wildcards; without them it matches a substring, case-insensitively. */
    private static Pattern likePattern(String p) {
        boolean wild = p.contains("*") || p.contains("%");
        StringBuilder b = new StringBuilder();
        for (char ch : p.toCharArray()) {
            if (ch == '*' || ch == '%') b.append(".*");
            else if (ch == '_' && wild) b.append('.');
            else b.append(Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(wild ? b.toString() : ".*" + b + ".*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private interface Filler {
        void fill(Map<String, Object> m);
    }

    private static void add(List<Map<String, Object>> out, String schemaFilter, Pattern name, String kind, String schema,
                            String objectName, Filler filler) {
        if (schemaFilter != null && !schemaFilter.isBlank() && !schemaFilter.equals(schema == null ? objectName : schema)) return;
        if (name != null && !name.matcher(objectName).matches()) return;
        Map<String, Object> m = ordered("kind", kind, "name", schema == null ? objectName : schema + "." + objectName);
        filler.fill(m);
        out.add(m);
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }

    /** A map of alternating keys and values, in order, leaving out null values. */
    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
