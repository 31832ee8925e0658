package io.dbwarden.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.Catalog.Column;
import io.dbwarden.catalog.Catalog.Constraint;
import io.dbwarden.db.SqlNames;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.Finding.Category;
import io.dbwarden.findings.Finding.Severity;
import io.dbwarden.monitor.CodeReference.Kind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Resolves what application code references (from {@link CodeScanner}) against the live catalog and reports what
 * the database does not have: tables, columns, relationships for embedding, rpc functions and their arguments, and
 * columns whose type changed since a baseline. It also compares a committed generated types file with the database.
 * A reference that might be valid in a way this class cannot see (views, computed relationships, another schema the
 * client may be configured for) is never reported: a false alarm costs more trust than a miss.
 */
public final class CodeDrift {
    public static final String MISSING_TABLE = "code-references-missing-table";
    public static final String MISSING_COLUMN = "code-references-missing-column";
    public static final String MISSING_RELATIONSHIP = "code-references-missing-relationship";
    public static final String MISSING_FUNCTION = "code-references-missing-function";
    public static final String CHANGED_COLUMN_TYPE = "code-references-changed-column-type";
    public static final String TYPES_FILE_STALE = "types-file-stale";

    /**
     * Schemas Supabase manages. A table the default client cannot find in public but finds in one of these is still
     * an error (the client cannot be pointed there); in any other schema the client may be configured for it.
     */
    private static final Set<String> PLATFORM_SCHEMAS = Set.of("auth", "storage", "realtime", "_realtime",
            "supabase_functions", "supabase_migrations", "extensions", "graphql", "graphql_public", "vault", "pgsodium",
            "pgsodium_masks", "net", "cron", "pgbouncer", "_analytics", "pgtle", "information_schema", "pg_catalog");

    /** Word parts too common to suggest a column by ("did you mean") on their own. */
    private static final Set<String> COMMON_PARTS = Set.of("id", "at", "on", "is", "by", "of", "to", "in", "the", "and",
            "has", "no");

    private static final String REGENERATE = "dbwarden types --out %s (or: supabase gen types typescript --local > %s)";

    public List<Finding> check(Catalog live, Catalog baselineOrNull, List<CodeReference> refs) {
        Model model = new Model(live);
        Model baseline = baselineOrNull == null ? null : new Model(baselineOrNull);
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, Set<String>> usedColumns = new HashMap<>();
        for (CodeReference ref : refs) {
            switch (ref.kind()) {
                case TABLE -> table(model, ref, groups);
                case RELATIONSHIP -> relationship(model, ref, groups);
                case COLUMN -> column(model, baseline, ref, groups, usedColumns);
                case FUNCTION -> function(model, ref, groups);
                case FUNCTION_ARGUMENT -> argument(model, ref, groups);
            }
        }
        List<Group> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.comparing((Group g) -> g.file).thenComparing(g -> g.rule).thenComparing(g -> g.subject));
        List<Finding> out = new ArrayList<>();
        for (Group g : ordered) out.add(g.facts.finding(g, model, baseline, usedColumns));
        return out;
    }

    // ---- resolution ----------------------------------------------------------------------------------------------

    private void table(Model model, CodeReference ref, Map<String, Group> groups) {
        if (model.root(ref) instanceof Missing) {
            String subject = ref.effectiveSchema() + "." + ref.table();
            add(groups, MISSING_TABLE, subject, ref, new MissingTableFacts(ref.effectiveSchema(), ref.table(), null));
        }
    }

    private void relationship(Model model, CodeReference ref, Map<String, Group> groups) {
        List<String> steps = ref.relationPath();
        if (steps.isEmpty() || !(model.root(ref) instanceof Found root)) return;
        Rel parent = root.rel();
        // Each embedding has its own reference, so this one answers only for its last step.
        for (String s : steps.subList(0, steps.size() - 1)) {
            if (!(model.embed(parent, Step.parse(s)) instanceof Found f)) return;
            parent = f.rel();
        }
        Step step = Step.parse(steps.get(steps.size() - 1));
        Outcome o = model.embed(parent, step);
        if (o instanceof Missing) {
            add(groups, MISSING_TABLE, parent.schema() + "." + step.name(), ref, new MissingTableFacts(parent.schema(), step.name(), parent));
        } else if (o instanceof Unrelated u) {
            String subject = parent.qualified() + "->" + u.target().qualified() + (step.hint() == null ? "" : "!" + step.hint());
            add(groups, MISSING_RELATIONSHIP, subject, ref, new MissingRelationshipFacts(parent, u.target(), step.hint()));
        }
    }

    private void column(Model model, Model baseline, CodeReference ref, Map<String, Group> groups,
                        Map<String, Set<String>> usedColumns) {
        Rel rel = model.resolve(ref);
        if (rel == null || ref.column() == null) return;
        if (rel.column(ref.column()) != null) {
            usedColumns.computeIfAbsent(rel.qualified(), k -> new HashSet<>()).add(ref.column());
            Rel old = baseline == null ? null : baseline.relation(rel.schema(), rel.name());
            Column before = old == null ? null : old.column(ref.column());
            Column now = rel.column(ref.column());
            if (before != null && !Objects.equals(before.type(), now.type())) {
                add(groups, CHANGED_COLUMN_TYPE, rel.qualified() + "." + ref.column(), ref,
                        new ChangedTypeFacts(rel, ref.column(), before.type(), now.type()));
            }
            return;
        }
        if (model.isComputedField(rel, ref.column())) return;
        add(groups, MISSING_COLUMN, rel.qualified() + "." + ref.column(), ref, new MissingColumnFacts(rel, ref.column()));
    }

    private void function(Model model, CodeReference ref, Map<String, Group> groups) {
        if (ref.function() == null || !model.functions(ref.effectiveSchema(), ref.function()).isEmpty()) return;
        if (ref.schema() == null && model.functionElsewhere(ref.function())) return;
        add(groups, MISSING_FUNCTION, ref.effectiveSchema() + "." + ref.function() + "()", ref,
                new MissingFunctionFacts(ref.effectiveSchema(), ref.function(), null));
    }

    private void argument(Model model, CodeReference ref, Map<String, Group> groups) {
        List<Catalog.Function> overloads = model.functions(ref.effectiveSchema(), ref.function());
        if (overloads.isEmpty() || ref.column() == null) return; // a missing function is reported on its own
        for (Catalog.Function f : overloads) {
            List<Catalog.Argument> inputs = inputs(f);
            // PostgREST passes the whole body to a function with one unnamed json/jsonb/text parameter.
            if (inputs.size() == 1 && inputs.get(0).name().isEmpty()) return;
            for (Catalog.Argument a : inputs) if (a.name().equals(ref.column())) return;
        }
        add(groups, MISSING_FUNCTION, ref.effectiveSchema() + "." + ref.function() + "(" + ref.column() + ")", ref,
                new MissingFunctionFacts(ref.effectiveSchema(), ref.function(), ref.column()));
    }

    private static void add(Map<String, Group> groups, String rule, String subject, CodeReference ref, Facts facts) {
        groups.computeIfAbsent(rule + "\u0000" + subject + "\u0000" + ref.file(), k -> new Group(rule, subject, ref.file(), facts))
                .refs.add(ref);
    }

    private static List<Catalog.Argument> inputs(Catalog.Function f) {
        return f.arguments().stream().filter(a -> a.mode().equals("in") || a.mode().equals("inout") || a.mode().equals("variadic"))
                .toList();
    }

    // ---- findings ------------------------------------------------------------------------------------------------

    /** All references of one file to one missing or changed object; they become one finding. */
    private static final class Group {
        final String rule;
        final String subject;
        final String file;
        final Facts facts;
        final List<CodeReference> refs = new ArrayList<>();

        Group(String rule, String subject, String file, Facts facts) {
            this.rule = rule;
            this.subject = subject;
            this.file = file;
            this.facts = facts;
        }

        List<Integer> lines() {
            return refs.stream().map(CodeReference::line).distinct().sorted().toList();
        }

        /** "line 12 (select): `snippet`" for each distinct line. */
        String places() {
            Map<Integer, CodeReference> byLine = new TreeMap<>();
            for (CodeReference r : refs) byLine.putIfAbsent(r.line(), r);
            return byLine.values().stream()
                    .map(r -> file + ":" + r.line() + " (" + r.operation() + "): " + r.snippet())
                    .collect(Collectors.joining("\n  ", "\n  ", ""));
        }

        String verb() {
            Set<String> ops = refs.stream().map(CodeReference::operation).collect(Collectors.toCollection(TreeSet::new));
            boolean table = refs.stream().allMatch(r -> r.kind() == Kind.TABLE);
            if (ops.size() != 1) return "references";
            return switch (ops.iterator().next()) {
                case "select" -> "reads";
                case "insert" -> table ? "inserts into" : "writes";
                case "update" -> table ? "updates" : "writes";
                case "upsert" -> table ? "upserts into" : "writes";
                case "delete" -> table ? "deletes from" : "references";
                case "filter" -> "filters on";
                case "order" -> "orders by";
                case "rpc" -> "calls";
                default -> "references";
            };
        }

        ObjectNode evidence(String schema, String table, String column) {
            ObjectNode e = JsonNodeFactory.instance.objectNode();
            CodeReference first = refs.get(0);
            e.put("file", file);
            ArrayNode lines = e.putArray("lines");
            lines().forEach(lines::add);
            e.put("schema", schema);
            e.put("table", table);
            e.put("column", column);
            if (first.table() != null && !first.table().equals(table)) e.put("from", first.table());
            if (first.relation() != null) e.put("relation", first.relation());
            if (first.function() != null) e.put("function", first.function());
            e.put("operation", first.operation());
            ArrayNode ops = e.putArray("operations");
            refs.stream().map(CodeReference::operation).distinct().forEach(ops::add);
            e.put("snippet", first.snippet());
            return e;
        }

        Finding finding(Severity severity, String title, String detail, String remediation, ObjectNode evidence) {
            return Finding.of(rule, severity, Category.SCHEMA_DRIFT, subject, file, title, detail, remediation, evidence);
        }
    }

    /** What a group is about, and how to word its finding once every reference has been seen. */
    private sealed interface Facts permits MissingTableFacts, MissingColumnFacts, MissingRelationshipFacts,
            MissingFunctionFacts, ChangedTypeFacts {
        Finding finding(Group g, Model live, Model baseline, Map<String, Set<String>> usedColumns);
    }

    /** embeddedFrom is the relation the missing table was embedded in, or null for {@code .from()}. */
    private record MissingTableFacts(String schema, String name, Rel embeddedFrom) implements Facts {
        public Finding finding(Group g, Model live, Model baseline, Map<String, Set<String>> usedColumns) {
            String qualified = schema + "." + name;
            List<String> similar = similar(name, live.relationNames(schema));
            String mean = similar.isEmpty() ? "" : " Did you mean " + join(similar.stream().map(s -> schema + "." + s).toList()) + "?";
            boolean wasThere = baseline != null && baseline.relation(schema, name) != null;
            String verb = embeddedFrom == null ? g.verb() : "embeds";
            String title = g.file + " " + verb + " " + qualified + (embeddedFrom == null ? "" : " in " + embeddedFrom.qualified())
                    + ", which does not exist";
            String detail = "The database has no table or view " + qualified + "."
                    + (wasThere ? " It existed in the baseline snapshot, so a change since then dropped or renamed it." : "")
                    + mean + " References:" + g.places();
            String remediation = "Fix the name in the code" + (similar.isEmpty() ? "" : " (did you mean " + join(similar) + "?)")
                    + ", or create " + qualified + " in a migration and grant the API roles access to it. Until then "
                    + "PostgREST answers these requests with an error because the table is not in its schema cache.";
            ObjectNode e = g.evidence(schema, name, null);
            suggestions(e, similar);
            return g.finding(Severity.HIGH, title, detail, remediation, e);
        }
    }

    private record MissingColumnFacts(Rel rel, String column) implements Facts {
        public Finding finding(Group g, Model live, Model baseline, Map<String, Set<String>> usedColumns) {
            String subject = rel.qualified() + "." + column;
            Rel old = baseline == null ? null : baseline.relation(rel.schema(), rel.name());
            Column before = old == null ? null : old.column(column);
            List<String> renamedTo = new ArrayList<>();
            if (before != null) {
                for (Column c : rel.columns()) {
                    if (old.column(c.name()) == null && c.type().equals(before.type())) renamedTo.add(c.name());
                }
            }
            List<String> similar = new ArrayList<>(renamedTo);
            for (String s : similarColumns(column, rel, usedColumns.getOrDefault(rel.qualified(), Set.of()))) {
                if (!similar.contains(s) && similar.size() < 3) similar.add(s);
            }
            String via = g.refs.get(0).relation() == null ? ""
                    : " (embedded from " + g.refs.get(0).effectiveSchema() + "." + g.refs.get(0).table() + ")";
            String title = g.file + " " + g.verb() + " " + subject + via + ", which does not exist";
            StringBuilder detail = new StringBuilder(rel.kindName() + " " + rel.qualified() + " has no column " + column + ".");
            if (before != null) {
                detail.append(" It existed in the baseline snapshot as ").append(before.type())
                        .append(renamedTo.isEmpty() ? ", so a change since then dropped it." : ", so it looks renamed to " + join(renamedTo) + ".");
            }
            if (!similar.isEmpty()) detail.append(" Did you mean ").append(join(similar)).append("?");
            detail.append(" References:").append(g.places());
            String type = before != null ? before.type() : "text";
            String sql = rel.view()
                    ? "add it to the view's select list (create or replace view " + rel.qualified() + " as ...)"
                    : "add the column in a migration, for example:\n  alter table " + rel.qualified() + " add column "
                    + SqlNames.ident(column) + " " + type + ";" + (before == null ? "  -- pick the right type" : "");
            String remediation = "Change the code to use an existing column of " + rel.qualified()
                    + (similar.isEmpty() ? "" : " (did you mean " + join(similar) + "?)") + ", or " + sql
                    + "\nUntil then these requests fail with PostgreSQL error 42703 (undefined column).";
            ObjectNode e = g.evidence(rel.schema(), rel.name(), column);
            suggestions(e, similar);
            return g.finding(Severity.HIGH, title, detail.toString(), remediation, e);
        }
    }

    private record MissingRelationshipFacts(Rel parent, Rel target, String hint) implements Facts {
        public Finding finding(Group g, Model live, Model baseline, Map<String, Set<String>> usedColumns) {
            List<String> existing = live.foreignKeysBetween(parent, target);
            String title = g.file + " embeds " + target.qualified() + " in " + parent.qualified()
                    + (hint == null ? ", but no foreign key relates the two" : " through " + hint + ", but no such foreign key relates the two");
            StringBuilder detail = new StringBuilder();
            if (hint == null) {
                detail.append("No foreign key joins ").append(parent.qualified()).append(" and ").append(target.qualified())
                        .append(" in either direction, and no table references both, so PostgREST cannot embed one in the other.");
            } else {
                detail.append("No foreign key named ").append(hint).append(" or on a column ").append(hint).append(" joins ")
                        .append(parent.qualified()).append(" and ").append(target.qualified()).append('.');
                if (!existing.isEmpty()) detail.append(" Hints that would work: ").append(String.join(", ", existing)).append('.');
            }
            detail.append(" References:").append(g.places());
            String remediation;
            if (hint != null && !existing.isEmpty()) {
                remediation = "Use an existing foreign key as the hint (" + target.name() + "!" + existing.get(0)
                        + "), or fix the schema so the named one exists. Until then PostgREST answers with error PGRST200.";
            } else {
                remediation = "Add a foreign key that relates the tables, for example:\n  " + fkExample(parent, target)
                        + "\nor embed through a table that has one, or drop the embedding from the select. Until then "
                        + "PostgREST answers with error PGRST200 (no relationship found in the schema cache).";
            }
            ObjectNode e = g.evidence(target.schema(), target.name(), null);
            e.put("parent", parent.qualified());
            if (hint != null) e.put("hint", hint);
            ArrayNode fks = e.putArray("existingForeignKeys");
            existing.forEach(fks::add);
            return g.finding(Severity.HIGH, title, detail.toString(), remediation, e);
        }
    }

    /** argument is null when the function itself is missing. */
    private record MissingFunctionFacts(String schema, String name, String argument) implements Facts {
        public Finding finding(Group g, Model live, Model baseline, Map<String, Set<String>> usedColumns) {
            String qualified = schema + "." + name;
            if (argument == null) {
                List<String> similar = similar(name, live.functionNames(schema));
                String title = g.file + " calls " + qualified + "(), which does not exist";
                String detail = "The database has no function " + qualified + "."
                        + (similar.isEmpty() ? "" : " Did you mean " + join(similar) + "?") + " References:" + g.places();
                String remediation = "Fix the function name in the code" + (similar.isEmpty() ? "" : " (did you mean " + join(similar) + "?)")
                        + ", or create the function in a migration and grant execute on it to the API roles. Until then "
                        + "PostgREST answers with error PGRST202 (function not found in the schema cache).";
                ObjectNode e = g.evidence(schema, null, null);
                suggestions(e, similar);
                return g.finding(Severity.HIGH, title, detail, remediation, e);
            }
            List<Catalog.Function> overloads = live.functions(schema, name);
            List<String> signatures = overloads.stream().map(f -> f.schema() + "." + f.name() + "(" + f.identityArguments() + ")").toList();
            Set<String> names = new LinkedHashSet<>();
            for (Catalog.Function f : overloads) for (Catalog.Argument a : inputs(f)) if (!a.name().isEmpty()) names.add(a.name());
            List<String> similar = similar(argument, names);
            String title = g.file + " calls " + qualified + " with argument " + argument + ", which no version of the function takes";
            String detail = "PostgREST matches functions by argument names, and " + join(signatures) + " has no argument "
                    + argument + "." + (similar.isEmpty() ? "" : " Did you mean " + join(similar) + "?") + " References:" + g.places();
            String remediation = "Pass the arguments the function declares: " + join(signatures)
                    + ". Or rename the parameter in a migration. Until then PostgREST answers with error PGRST202.";
            ObjectNode e = g.evidence(schema, null, null);
            e.put("argument", argument);
            ArrayNode sigs = e.putArray("signatures");
            signatures.forEach(sigs::add);
            suggestions(e, similar);
            return g.finding(Severity.HIGH, title, detail, remediation, e);
        }
    }

    private record ChangedTypeFacts(Rel rel, String column, String before, String after) implements Facts {
        public Finding finding(Group g, Model live, Model baseline, Map<String, Set<String>> usedColumns) {
            String subject = rel.qualified() + "." + column;
            String title = g.file + " " + g.verb() + " " + subject + ", whose type changed from " + before + " to " + after;
            String detail = "The baseline snapshot had " + subject + " as " + before + "; the database now has " + after
                    + ". Code written against the old type may parse, compare or validate the value wrongly. References:" + g.places();
            String remediation = "Check how the code uses the value (parsing, comparisons, arithmetic, validation, its "
                    + "TypeScript type) and regenerate the types file: dbwarden types --out <file> (or supabase gen types typescript).";
            ObjectNode e = g.evidence(rel.schema(), rel.name(), column);
            e.put("baselineType", before);
            e.put("liveType", after);
            return g.finding(Severity.MEDIUM, title, detail, remediation, e);
        }
    }

    private static void suggestions(ObjectNode e, List<String> similar) {
        ArrayNode a = e.putArray("didYouMean");
        similar.forEach(a::add);
    }

    private static String fkExample(Rel parent, Rel target) {
        Constraint pk = parent.table() == null ? null : parent.table().constraints().stream()
                .filter(c -> c.type().equals("primary_key") && c.columns().size() == 1).findFirst().orElse(null);
        if (pk == null || target.view()) {
            return "alter table " + target.qualified() + " add foreign key (...) references " + parent.qualified() + " (...);";
        }
        Column key = parent.column(pk.columns().get(0));
        String type = key == null ? "bigint" : key.type();
        return "alter table " + target.qualified() + " add column " + singular(parent.name()) + "_" + pk.columns().get(0) + " "
                + type + " references " + parent.qualified() + " (" + pk.columns().get(0) + ");";
    }

    private static String singular(String name) {
        if (name.endsWith("ies") && name.length() > 3) return name.substring(0, name.length() - 3) + "y";
        if (name.endsWith("s") && !name.endsWith("ss") && name.length() > 1) return name.substring(0, name.length() - 1);
        return name;
    }

    private static String join(List<String> items) {
        if (items.size() <= 1) return String.join("", items);
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    // ---- similarity ----------------------------------------------------------------------------------------------

    /**
     * Names close to name: a small edit distance, or the same leading word ({@code due_date} and {@code due_on},
     * {@code phone_number} and {@code phone}), or two words in common. One shared word elsewhere ({@code crew} in
     * {@code get_crew_utilization} and {@code crew_workload}) is too weak a hint to print.
     */
    static List<String> similar(String name, Iterable<String> candidates) {
        record Scored(String name, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> parts = wordParts(lower);
        for (String c : candidates) {
            if (c.equals(name)) continue;
            String cl = c.toLowerCase(Locale.ROOT);
            int d = editDistance(lower, cl);
            int allowed = Math.max(1, Math.min(lower.length(), cl.length()) / 3);
            if (d <= allowed) {
                scored.add(new Scored(c, d));
                continue;
            }
            List<String> other = wordParts(cl);
            Set<String> shared = new HashSet<>(other);
            shared.retainAll(parts);
            boolean sameLead = !parts.isEmpty() && !other.isEmpty() && parts.get(0).equals(other.get(0));
            if (sameLead || shared.size() >= 2) scored.add(new Scored(c, 100 + d));
        }
        scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        return scored.stream().limit(3).map(Scored::name).toList();
    }

    /** Like {@link #similar}, but a column no code references yet ranks first: that is what a rename leaves behind. */
    private static List<String> similarColumns(String column, Rel rel, Set<String> used) {
        List<String> names = rel.columns().stream().map(Column::name).toList();
        List<String> found = new ArrayList<>(similar(column, names));
        found.sort(Comparator.comparing(used::contains)); // stable: keeps the similarity order within each group
        return found.stream().limit(2).toList();
    }

    /** The meaningful words of a snake_case name, in order. */
    private static List<String> wordParts(String name) {
        List<String> out = new ArrayList<>();
        for (String p : name.split("[_\\s$-]+")) if (p.length() >= 3 && !COMMON_PARTS.contains(p)) out.add(p);
        return out;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- the catalog as PostgREST sees it -------------------------------------------------------------------------

    /** A table or a view (table is null for views). */
    record Rel(String schema, String name, boolean view, List<Column> columns, Catalog.Table table) {
        String qualified() {
            return schema + "." + name;
        }

        Column column(String column) {
            for (Column c : columns) if (c.name().equals(column)) return c;
            return null;
        }

        String kindName() {
            return view ? "View" : "Table";
        }
    }

    /** One step of an embedding path: {@code name} or {@code name!hint}. */
    private record Step(String name, String hint) {
        static Step parse(String step) {
            int bang = step.indexOf('!');
            return bang < 0 ? new Step(step, null) : new Step(step.substring(0, bang), step.substring(bang + 1));
        }
    }

    private sealed interface Outcome permits Found, Missing, Unrelated, Unknown {
    }

    private record Found(Rel rel) implements Outcome {
    }

    /** The name is no table or view, and nothing else PostgREST accepts either. */
    private record Missing() implements Outcome {
    }

    /** Both tables exist, but no foreign key (that matches the hint) relates them. */
    private record Unrelated(Rel target) implements Outcome {
    }

    /** Might be valid in a way the catalog cannot show; never reported. */
    private record Unknown() implements Outcome {
    }

    private record ForeignKey(Catalog.Table owner, Constraint constraint) {
        String from() {
            return owner.schema() + "." + owner.name();
        }

        String to() {
            return constraint.refSchema() + "." + constraint.refTable();
        }

        boolean matches(String hint) {
            return constraint.name().equals(hint) || constraint.columns().contains(hint) || constraint.refColumns().contains(hint);
        }
    }

    /** Indexes over one catalog for the lookups resolution needs. */
    private static final class Model {
        private final Map<String, Rel> relations = new HashMap<>();
        private final Map<String, List<String>> relationNamesBySchema = new HashMap<>();
        private final Map<String, List<Catalog.Function>> functions = new HashMap<>();
        private final Map<String, List<ForeignKey>> outgoing = new HashMap<>();
        private final Map<String, List<ForeignKey>> incoming = new HashMap<>();

        Model(Catalog c) {
            for (Catalog.Table t : c.tables()) {
                put(new Rel(t.schema(), t.name(), false, t.columns(), t));
                for (Constraint k : t.constraints()) {
                    if (!k.type().equals("foreign_key") || k.refTable() == null) continue;
                    ForeignKey fk = new ForeignKey(t, k);
                    outgoing.computeIfAbsent(fk.from(), x -> new ArrayList<>()).add(fk);
                    incoming.computeIfAbsent(fk.to(), x -> new ArrayList<>()).add(fk);
                }
            }
            for (Catalog.View v : c.views()) put(new Rel(v.schema(), v.name(), true, v.columns(), null));
            for (Catalog.Function f : c.functions()) {
                functions.computeIfAbsent(f.schema() + "." + f.name(), x -> new ArrayList<>()).add(f);
            }
        }

        private void put(Rel r) {
            relations.put(r.qualified(), r);
            relationNamesBySchema.computeIfAbsent(r.schema(), x -> new ArrayList<>()).add(r.name());
        }

        Rel relation(String schema, String name) {
            return relations.get(schema + "." + name);
        }

        List<String> relationNames(String schema) {
            return relationNamesBySchema.getOrDefault(schema, List.of());
        }

        List<Catalog.Function> functions(String schema, String name) {
            return functions.getOrDefault(schema + "." + name, List.of());
        }

        List<String> functionNames(String schema) {
            return functions.keySet().stream().filter(k -> k.startsWith(schema + ".")).map(k -> k.substring(schema.length() + 1))
                    .sorted().toList();
        }

        /** The root relation of a reference, or why there is none. */
        Outcome root(CodeReference ref) {
            if (ref.table() == null) return new Unknown();
            Rel r = relation(ref.effectiveSchema(), ref.table());
            if (r != null) return new Found(r);
            // The default client might be configured for another app schema (db: { schema }) in a file we did not see.
            if (ref.schema() == null && existsInAppSchema(ref.table())) return new Unknown();
            return new Missing();
        }

        /** The relation a column reference lands on after its embedding steps, or null if any step is unresolved. */
        Rel resolve(CodeReference ref) {
            if (!(root(ref) instanceof Found f)) return null;
            Rel cur = f.rel();
            for (String s : ref.relationPath()) {
                if (!(embed(cur, Step.parse(s)) instanceof Found next)) return null;
                cur = next.rel();
            }
            return cur;
        }

        /** How PostgREST would resolve embedding step inside parent. */
        Outcome embed(Rel parent, Step step) {
            Rel target = relation(parent.schema(), step.name());
            if (target == null) {
                // PostgREST also embeds by foreign-key column or constraint name: owner:owner_id(name).
                for (ForeignKey fk : outgoing.getOrDefault(parent.qualified(), List.of())) {
                    boolean byColumn = fk.constraint().columns().size() == 1 && fk.constraint().columns().get(0).equals(step.name());
                    if (byColumn || fk.constraint().name().equals(step.name())) {
                        Rel to = relations.get(fk.to());
                        return to == null ? new Unknown() : new Found(to);
                    }
                }
                for (ForeignKey fk : incoming.getOrDefault(parent.qualified(), List.of())) {
                    if (fk.constraint().name().equals(step.name())) return new Found(relations.get(fk.from()));
                }
                // Computed relationships are functions; a view's columns carry its tables' keys.
                if (!functions(parent.schema(), step.name()).isEmpty()) return new Unknown();
                if (parent.view() && parent.column(step.name()) != null) return new Unknown();
                if (existsInAnySchema(step.name())) return new Unknown();
                return new Missing();
            }
            // View relationships follow the key columns of the tables behind them; without that lineage, trust them.
            if (parent.view() || target.view()) return new Found(target);
            List<ForeignKey> direct = direct(parent, target);
            if (step.hint() == null) {
                if (!direct.isEmpty() || !junctions(parent, target).isEmpty()) return new Found(target);
                return new Unrelated(target);
            }
            for (ForeignKey fk : direct) if (fk.matches(step.hint())) return new Found(target);
            for (Junction j : junctions(parent, target)) {
                if (j.table().name().equals(step.hint()) || j.toParent().matches(step.hint()) || j.toTarget().matches(step.hint())) {
                    return new Found(target);
                }
            }
            return new Unrelated(target);
        }

        private List<ForeignKey> direct(Rel a, Rel b) {
            List<ForeignKey> out = new ArrayList<>();
            for (ForeignKey fk : outgoing.getOrDefault(a.qualified(), List.of())) if (fk.to().equals(b.qualified())) out.add(fk);
            for (ForeignKey fk : outgoing.getOrDefault(b.qualified(), List.of())) {
                if (fk.to().equals(a.qualified()) && !out.contains(fk)) out.add(fk);
            }
            return out;
        }

        private record Junction(Catalog.Table table, ForeignKey toParent, ForeignKey toTarget) {
        }

        /** Tables with one foreign key to each side: PostgREST's many-to-many. */
        private List<Junction> junctions(Rel a, Rel b) {
            List<Junction> out = new ArrayList<>();
            for (ForeignKey toA : incoming.getOrDefault(a.qualified(), List.of())) {
                for (ForeignKey toB : incoming.getOrDefault(b.qualified(), List.of())) {
                    if (toA.owner() == toB.owner() && toA.constraint() != toB.constraint()) {
                        out.add(new Junction(toA.owner(), toA, toB));
                    }
                }
            }
            return out;
        }

        List<String> foreignKeysBetween(Rel a, Rel b) {
            List<String> out = new ArrayList<>();
            for (ForeignKey fk : direct(a, b)) out.add(fk.constraint().name());
            for (Junction j : junctions(a, b)) out.add(j.table().name());
            return out;
        }

        /** A function taking the table's row type is a computed column PostgREST can select and filter on. */
        boolean isComputedField(Rel rel, String name) {
            for (Catalog.Function f : functions(rel.schema(), name)) {
                List<Catalog.Argument> in = inputs(f);
                if (in.isEmpty()) continue;
                String type = in.get(0).type();
                if (type.equals(rel.name()) || type.equals(rel.qualified()) || type.equals("\"" + rel.name() + "\"")) return true;
            }
            return false;
        }

        private boolean existsInAppSchema(String name) {
            for (Rel r : relations.values()) {
                if (r.name().equals(name) && !PLATFORM_SCHEMAS.contains(r.schema())) return true;
            }
            return false;
        }

        private boolean existsInAnySchema(String name) {
            for (Rel r : relations.values()) if (r.name().equals(name)) return true;
            return false;
        }

        boolean functionElsewhere(String name) {
            for (List<Catalog.Function> fs : functions.values()) {
                Catalog.Function f = fs.get(0);
                if (f.name().equals(name) && !PLATFORM_SCHEMAS.contains(f.schema())) return true;
            }
            return false;
        }
    }

    // ---- the generated types file ---------------------------------------------------------------------------------

    /**
     * Compares a committed generated types file with the live catalog: relations and columns that one has and the
     * other lacks (for the schemas the file covers), Row nullability and base types that disagree, functions and
     * argument names the database lacks, and enum labels. Each difference is one finding on the file.
     */
    public List<Finding> checkTypesFile(Catalog live, String file, TypesFile types) {
        return checkTypesFile(live, file, types, Set.of());
    }

    /**
     * The same, skipping the relations and functions extensions own (as schema.name): the catalog leaves them out,
     * but generated types list them.
     */
    public List<Finding> checkTypesFile(Catalog live, String file, TypesFile types, Set<String> extensionMembers) {
        Model model = new Model(live);
        List<Finding> out = new ArrayList<>();
        StaleReporter report = new StaleReporter(file, out);
        for (TypesFile.Schema schema : types.schemas().values()) {
            String s = schema.name();
            Map<String, TypesFile.Relation> inFile = new LinkedHashMap<>(schema.tables());
            schema.views().forEach(inFile::putIfAbsent);
            for (TypesFile.Relation fileRel : inFile.values()) {
                Rel rel = model.relation(s, fileRel.name());
                String qualified = s + "." + fileRel.name();
                if (rel == null && extensionMembers.contains(qualified)) continue;
                if (rel == null) {
                    report.add(qualified, file + " lists " + qualified + ", which the database does not have",
                            "The types file has a " + (fileRel.view() ? "view" : "table") + " " + qualified
                                    + " that the database lacks; code typed against it compiles but fails at run time.",
                            evidence(file, s, fileRel.name(), null).put("inFile", true).put("inDatabase", false));
                    continue;
                }
                for (Map.Entry<String, String> col : fileRel.columns().entrySet()) {
                    columnAgainstFile(report, live, rel, col.getKey(), col.getValue(), fileRel);
                }
                for (Column c : rel.columns()) {
                    if (fileRel.columns().containsKey(c.name())) continue;
                    String q = qualified + "." + c.name();
                    report.add(q, file + " lacks " + q + ", which the database has",
                            "The database has column " + q + " (" + c.type() + ") but the types file does not list it.",
                            evidence(file, s, rel.name(), c.name()).put("liveType", c.type()).put("inFile", false).put("inDatabase", true));
                }
            }
            for (Rel rel : liveRelations(live, s)) {
                if (inFile.containsKey(rel.name())) continue;
                report.add(rel.qualified(), file + " lacks " + rel.qualified() + ", which the database has",
                        "The database has " + rel.kindName().toLowerCase(Locale.ROOT) + " " + rel.qualified()
                                + " but the types file does not list it.",
                        evidence(file, s, rel.name(), null).put("inFile", false).put("inDatabase", true));
            }
            schema.functions().forEach((fn, overloads) -> {
                if (model.functions(s, fn).isEmpty() && extensionMembers.contains(s + "." + fn)) return;
                functionAgainstFile(report, model, s, fn, overloads);
            });
            enumsAgainstFile(report, live, schema);
        }
        return out;
    }

    private static void columnAgainstFile(StaleReporter report, Catalog live, Rel rel, String column, String fileType,
                                          TypesFile.Relation fileRel) {
        String q = rel.qualified() + "." + column;
        String file = report.file;
        Column c = rel.column(column);
        if (c == null) {
            report.add(q, file + " lists " + q + ", which the database does not have",
                    "The types file types " + q + " as " + fileType + ", but the database has no such column; code that "
                            + "reads it compiles and then fails with error 42703.",
                    evidence(file, rel.schema(), rel.name(), column).put("fileType", fileType).put("inDatabase", false));
            return;
        }
        // Generated view types mark every column nullable: the database cannot say which view columns may be null.
        if (!rel.view() && fileRel.nullable(column) == c.notNull()) {
            String says = c.notNull() ? "may be null, but the column is not null" : "is never null, but the column allows null";
            report.add(q, file + " says " + q + " " + says,
                    "The types file types " + q + " as " + fileType + "; the database column is " + c.type()
                            + (c.notNull() ? " not null" : " (nullable)") + ".",
                    evidence(file, rel.schema(), rel.name(), column).put("fileType", fileType).put("liveType", c.type())
                            .put("liveNotNull", c.notNull()));
            return;
        }
        String expected = expectedTsType(c, live);
        String actual = baseTsType(fileType);
        if (expected != null && actual != null && !normalize(expected).equals(normalize(actual))) {
            report.add(q, file + " types " + q + " as " + actual + ", but the column is " + c.type(),
                    "The types file types " + q + " as " + fileType + "; for a " + c.type() + " column the generator writes "
                            + expected + ".",
                    evidence(file, rel.schema(), rel.name(), column).put("fileType", fileType).put("liveType", c.type())
                            .put("expectedType", expected));
        }
    }

    private static void functionAgainstFile(StaleReporter report, Model model, String schema, String fn, List<List<String>> overloads) {
        String file = report.file;
        List<Catalog.Function> live = model.functions(schema, fn);
        String q = schema + "." + fn;
        if (live.isEmpty()) {
            report.add(q + "()", file + " lists function " + q + "(), which the database does not have",
                    "The types file declares rpc function " + q + " but the database has none by that name.",
                    evidence(file, schema, null, null).put("function", fn));
            return;
        }
        Set<String> liveArgs = new HashSet<>();
        boolean takesAnything = false;
        for (Catalog.Function f : live) {
            List<Catalog.Argument> in = inputs(f);
            if (in.size() == 1 && in.get(0).name().isEmpty()) takesAnything = true;
            for (Catalog.Argument a : in) liveArgs.add(a.name());
        }
        if (takesAnything) return;
        Set<String> reported = new HashSet<>();
        for (List<String> args : overloads) {
            for (String a : args) {
                if (liveArgs.contains(a) || !reported.add(a)) continue;
                report.add(q + "(" + a + ")", file + " gives " + q + " an argument " + a + ", which the database function lacks",
                        "No version of " + q + " has an argument named " + a + "; its arguments are "
                                + (liveArgs.isEmpty() ? "none" : String.join(", ", new TreeSet<>(liveArgs))) + ".",
                        evidence(file, schema, null, null).put("function", fn).put("argument", a));
            }
        }
    }

    private static void enumsAgainstFile(StaleReporter report, Catalog live, TypesFile.Schema schema) {
        String file = report.file;
        Map<String, Catalog.EnumType> liveEnums = new LinkedHashMap<>();
        for (Catalog.EnumType e : live.enums()) if (e.schema().equals(schema.name())) liveEnums.put(e.name(), e);
        schema.enums().forEach((name, labels) -> {
            String q = schema.name() + "." + name;
            Catalog.EnumType e = liveEnums.get(name);
            if (e == null) {
                report.add(q, file + " lists enum " + q + ", which the database does not have",
                        "The types file declares enum " + q + " but the database has no such type.",
                        evidence(file, schema.name(), null, null).put("enum", name));
            } else if (!new HashSet<>(e.labels()).equals(new HashSet<>(labels))) {
                List<String> missing = e.labels().stream().filter(l -> !labels.contains(l)).toList();
                List<String> extra = labels.stream().filter(l -> !e.labels().contains(l)).toList();
                List<String> parts = new ArrayList<>();
                if (!missing.isEmpty()) parts.add("without " + join(missing));
                if (!extra.isEmpty()) parts.add("with " + join(extra) + ", which the database does not have");
                report.add(q, file + " lists enum " + q + " " + String.join(" and ", parts),
                        "The types file has " + labels + "; the database has " + e.labels() + ".",
                        evidence(file, schema.name(), null, null).put("enum", name));
            }
        });
        for (Catalog.EnumType e : liveEnums.values()) {
            if (schema.enums().containsKey(e.name())) continue;
            String q = schema.name() + "." + e.name();
            report.add(q, file + " lacks enum " + q + ", which the database has",
                    "The database has enum " + q + " " + e.labels() + " but the types file does not list it.",
                    evidence(file, schema.name(), null, null).put("enum", e.name()));
        }
    }

    private static List<Rel> liveRelations(Catalog live, String schema) {
        List<Rel> out = new ArrayList<>();
        for (Catalog.Table t : live.tables()) if (t.schema().equals(schema)) out.add(new Rel(t.schema(), t.name(), false, t.columns(), t));
        for (Catalog.View v : live.views()) if (v.schema().equals(schema)) out.add(new Rel(v.schema(), v.name(), true, v.columns(), null));
        return out;
    }

    /** Collects types-file findings: subject is the file, the discriminator the database object. */
    private static final class StaleReporter {
        final String file;
        final List<Finding> out;

        StaleReporter(String file, List<Finding> out) {
            this.file = file;
            this.out = out;
        }

        void add(String object, String title, String detail, ObjectNode evidence) {
            String remediation = "Regenerate the file: " + String.format(REGENERATE, file, file) + ", then fix the code "
                    + "the compiler points at.";
            evidence.put("object", object);
            out.add(Finding.of(TYPES_FILE_STALE, Severity.MEDIUM, Category.SCHEMA_DRIFT, file, object, title, detail,
                    remediation, evidence));
        }
    }

    private static ObjectNode evidence(String file, String schema, String table, String column) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("file", file);
        e.put("schema", schema);
        if (table != null) e.put("table", table);
        if (column != null) e.put("column", column);
        return e;
    }

    /**
     * The TypeScript type {@code supabase gen types typescript} writes for a column, without {@code | null}; null when
     * this class is not sure (domains, composites, ranges, extension types), so only clear disagreements are reported.
     */
    static String expectedTsType(Column c, Catalog live) {
        String t = c.typeName() == null ? "" : c.typeName();
        String base = switch (t) {
            case "bool" -> "boolean";
            case "int2", "int4", "int8", "float4", "float8", "numeric" -> "number";
            case "text", "varchar", "bpchar", "uuid", "date", "time", "timetz", "timestamp", "timestamptz", "citext", "bytea" -> "string";
            case "json", "jsonb" -> "Json";
            default -> null;
        };
        if (base == null) {
            for (Catalog.EnumType e : live.enums()) {
                if (e.schema().equals(c.typeSchema()) && e.name().equals(t)) {
                    base = "Database[\"" + e.schema() + "\"][\"Enums\"][\"" + e.name() + "\"]";
                    break;
                }
            }
        }
        if (base == null) return null;
        return c.arrayDims() > 0 ? base + "[]" : base;
    }

    /** The file's type without {@code null}, when it is one plain type this class knows how to compare; else null. */
    private static String baseTsType(String fileType) {
        List<String> members = new ArrayList<>(TypesFile.unionMembers(fileType));
        members.remove("null");
        if (members.size() != 1) return null;
        String m = members.get(0);
        String element = m.endsWith("[]") ? m.substring(0, m.length() - 2) : m;
        if (element.equals("string") || element.equals("number") || element.equals("boolean") || element.equals("Json")
                || element.startsWith("Database[")) {
            return m;
        }
        return null;
    }

    private static String normalize(String type) {
        return type.replace('\'', '"').replaceAll("\\s+", "");
    }
}
