package io.dbwarden.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The predicates of each table scan of an EXPLAIN (VERBOSE, FORMAT JSON) plan, sorted into what an index can serve:
 * equality columns, range columns, constant predicates (for a partial index), and the sort (with any LIMIT) that sits
 * right above the scan. Expressions on a column (lower(email)) count as keys of an expression index.
 */
final class PlanPredicates {
    private static final String IDENT = "[a-z_][a-z0-9_$]*";
    private static final Pattern BARE = Pattern.compile("^" + IDENT + "$");
    private static final Pattern CAST_COLUMN = Pattern.compile("^\\(?(" + IDENT + ")\\)?::[a-z ]+(\\[\\])?$");
    private static final Pattern FUNCTION_CALL = Pattern.compile("^(lower|upper|date_trunc|date|btrim|trim|md5|abs|coalesce)\\(.*\\)$");
    /** A qualified column (t.col); a schema-qualified function call such as auth.uid() is not one. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b" + IDENT + "\\.\"?[a-z_][a-z0-9_$]*+\"?(?!\\s*\\()");
    private static final Pattern IS_NULL = Pattern.compile("^(" + IDENT + ") IS (NOT )?NULL$");
    private static final Pattern BOOLEAN = Pattern.compile("^(NOT )?(" + IDENT + ")$");
    private static final Pattern ANY = Pattern.compile("^\\(?(" + IDENT + ")\\)?(?:::[a-z ]+)? = ANY \\(.*\\)$");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![:\\w.'])(" + IDENT + "+)(?!\\s*\\()");
    private static final Set<String> WORDS = Set.of("is", "not", "null", "and", "or", "true", "false", "desc", "asc", "nulls", "first",
            "last", "any", "array", "text_pattern_ops");
    private static final Pattern UPDATE = Pattern.compile("(?is)^\\s*update\\s+(?:only\\s+)?(?:\"?[a-z_][a-z0-9_$]*\"?\\.)?\"?([a-z_][a-z0-9_$]*)\"?"
            + "(?:\\s+(?:as\\s+)?[a-z_][a-z0-9_$]*)?\\s+set\\s+(.*?)(?:\\s+where\\s.*|\\s+from\\s.*|\\s+returning\\s.*)?$");
    private static final Pattern JOIN_SIDE = Pattern.compile("^\\(?(" + IDENT + ")\\.(" + IDENT + ")\\)?(?:::[a-z ]+)?$");
    /** col LIKE 'prefix…' (case-sensitive, the pattern not starting with a wildcard). */
    private static final Pattern PREFIX_LIKE = Pattern.compile("^\\(?(" + IDENT + ")\\)?(?:::text)? ~~ '(?![%_])(?:[^'\\\\]|'')*'::text$");
    private static final String[] OPERATORS = {" = ", " >= ", " <= ", " > ", " < "};

    private PlanPredicates() {
    }

    /**
     * One table scan: its predicates by kind, the columns it is joined on by equality, the sort and limit above it, its
     * cost and its estimated output rows.
     */
    record Scan(String relation, boolean seq, List<String> equality, List<String> range, List<String> constants, List<String> joins,
                List<String> sortKeys, long limit, double cost, double sortCost, double rows, List<String> output) {
    }

    static List<Scan> scans(JsonNode plan) {
        Map<String, Set<String>> joins = new HashMap<>();
        collectJoins(plan, joins);
        List<Scan> out = new ArrayList<>();
        walk(plan, List.of(), 0, 0, joins, out);
        return out;
    }

    /** Alias to the columns it is joined on by equality, from the plan's join conditions (Hash Cond, Merge Cond, Join Filter). */
    private static void collectJoins(JsonNode node, Map<String, Set<String>> out) {
        for (String field : List.of("Hash Cond", "Merge Cond", "Join Filter")) {
            if (!node.has(field)) continue;
            for (String raw : splitTopLevel(stripParens(node.path(field).asText().strip()), " AND ")) {
                String part = stripParens(raw.strip());
                int at = topLevelIndex(part, " = ");
                if (at < 0) continue;
                Matcher l = JOIN_SIDE.matcher(stripParens(part.substring(0, at).strip()));
                Matcher r = JOIN_SIDE.matcher(stripParens(part.substring(at + 3).strip()));
                if (l.matches() && r.matches() && !l.group(1).equals(r.group(1))) {
                    out.computeIfAbsent(l.group(1), k -> new LinkedHashSet<>()).add(l.group(2));
                    out.computeIfAbsent(r.group(1), k -> new LinkedHashSet<>()).add(r.group(2));
                }
            }
        }
        for (JsonNode child : node.path("Plans")) collectJoins(child, out);
    }

    private static void walk(JsonNode node, List<String> sortKeys, double sortCost, long limit, Map<String, Set<String>> joins, List<Scan> out) {
        String type = node.path("Node Type").asText();
        JsonNode children = node.path("Plans");
        if (type.equals("Limit")) {
            for (JsonNode child : children) walk(child, sortKeys, sortCost, node.path("Plan Rows").asLong(), joins, out);
            return;
        }
        if (type.equals("Sort") || type.equals("Incremental Sort")) {
            List<String> keys = new ArrayList<>();
            for (JsonNode k : node.path("Sort Key")) keys.add(k.asText());
            double childCost = children.size() > 0 ? children.get(0).path("Total Cost").asDouble() : 0;
            for (JsonNode child : children) walk(child, keys, node.path("Total Cost").asDouble() - childCost, limit, joins, out);
            return;
        }
        if (type.equals("Gather") || type.equals("Gather Merge")) {
            for (JsonNode child : children) walk(child, sortKeys, sortCost, limit, joins, out);
            return;
        }
        if (node.has("Relation Name") && (type.endsWith("Scan") && !type.equals("Bitmap Index Scan"))) {
            String relation = node.path("Schema").asText("public") + "." + node.path("Relation Name").asText();
            String alias = node.path("Alias").asText(node.path("Relation Name").asText());
            List<String> eq = new ArrayList<>(), range = new ArrayList<>(), constants = new ArrayList<>();
            List<String> joined = new ArrayList<>(joins.getOrDefault(alias, Set.of()));
            for (String field : List.of("Filter", "Index Cond", "Recheck Cond")) {
                if (node.has(field)) classify(unqualify(node.path(field).asText(), alias), eq, range, constants, joined);
            }
            List<String> sort = new ArrayList<>();
            for (String k : sortKeys) {
                String key = unqualify(k, alias);
                String col = key.replaceAll("(?i)\\s+(ASC|DESC|NULLS FIRST|NULLS LAST)", "").strip();
                if (!BARE.matcher(col).matches()) {
                    sort.clear();
                    break;
                }
                String lower = key.toLowerCase(Locale.ROOT);
                boolean desc = lower.contains(" desc");
                // Only a non-default NULLS placement is spelled out: DESC puts nulls first, ASC last.
                String nulls = desc && lower.endsWith(" nulls last") ? " NULLS LAST" : !desc && lower.endsWith(" nulls first") ? " NULLS FIRST" : "";
                sort.add(col + (desc ? " DESC" : "") + nulls);
            }
            // A btree scanned backwards gives the reverse order, so an all-DESC sort needs no DESC keys.
            if (sort.stream().allMatch(s -> s.endsWith(" DESC"))) sort.replaceAll(s -> s.replace(" DESC", ""));
            List<String> output = new ArrayList<>();
            for (JsonNode o : node.path("Output")) {
                String col = unqualify(o.asText(), alias);
                if (BARE.matcher(col).matches()) output.add(col);
            }
            out.add(new Scan(relation, type.equals("Seq Scan"), dedupe(eq), dedupe(range), dedupe(constants), dedupe(joined), sort, limit,
                    node.path("Total Cost").asDouble(), sortCost, node.path("Plan Rows").asDouble(), output));
        }
        for (JsonNode child : children) walk(child, List.of(), 0, 0, joins, out);
    }

    private static List<String> dedupe(List<String> l) {
        return new ArrayList<>(new LinkedHashSet<>(l));
    }

    /** Removes "alias." before column names of this scan; columns of other tables keep their qualifier. */
    static String unqualify(String text, String alias) {
        return text.replaceAll("(?<![\\w.])" + Pattern.quote(alias) + "\\.", "").replaceAll("(?<![\\w.])\"" + Pattern.quote(alias) + "\"\\.", "");
    }

    static void classify(String condition, List<String> eq, List<String> range, List<String> constants) {
        classify(condition, eq, range, constants, new ArrayList<>());
    }

    /**
     * Sorts the AND-ed conjuncts of a condition; a condition with a top-level OR is left alone. A column compared for
     * equality with another table's column (a parameterised join) goes to joins.
     */
    static void classify(String condition, List<String> eq, List<String> range, List<String> constants, List<String> joins) {
        String c = stripParens(condition.strip());
        List<String> conjuncts = splitTopLevel(c, " AND ");
        if (conjuncts.size() == 1 && splitTopLevel(c, " OR ").size() > 1) return;
        for (String raw : conjuncts) {
            String part = stripParens(raw.strip());
            Matcher m;
            if ((m = IS_NULL.matcher(part)).matches()) {
                constants.add(part);
                continue;
            }
            if ((m = BOOLEAN.matcher(part)).matches() && !WORDS.contains(m.group(2).toLowerCase(Locale.ROOT))) {
                constants.add(part);
                continue;
            }
            if ((m = ANY.matcher(part)).matches()) {
                eq.add(m.group(1));
                continue;
            }
            if ((m = PREFIX_LIKE.matcher(part)).matches()) {
                // A pattern with a fixed prefix is a range a btree can scan in byte order, whatever the collation.
                range.add(m.group(1) + " text_pattern_ops");
                continue;
            }
            for (String op : OPERATORS) {
                int at = topLevelIndex(part, op);
                if (at < 0) continue;
                String lhs = stripParens(part.substring(0, at).strip());
                String rhs = part.substring(at + op.length());
                if (QUALIFIED.matcher(withoutStrings(rhs)).find() || referencesColumn(rhs)) {  // a join or column-to-column condition
                    String col = key(lhs);
                    if (op.equals(" = ") && col != null && !col.startsWith("(") && JOIN_SIDE.matcher(stripParens(rhs.strip())).matches()) joins.add(col);
                    break;
                }
                String key = key(lhs);
                if (key == null) break;
                if (op.equals(" = ")) eq.add(key);
                else range.add(key);
                break;
            }
        }
    }

    /** A bare column, a cast column, or an indexable function of one column (as an index expression); else null. */
    private static String key(String lhs) {
        if (BARE.matcher(lhs).matches()) return lhs;
        Matcher m = CAST_COLUMN.matcher(lhs);
        if (m.matches()) return m.group(1);
        if (FUNCTION_CALL.matcher(lhs).matches() && !QUALIFIED.matcher(withoutStrings(lhs)).find() && columnsOf(lhs).size() == 1) {
            return "(" + lhs + ")";
        }
        return null;
    }

    private static boolean referencesColumn(String rhs) {
        String r = stripParens(rhs.strip());
        return BARE.matcher(r).matches() && !WORDS.contains(r.toLowerCase(Locale.ROOT));
    }

    /** Column names in an expression or predicate: identifiers that are not function names, types, keywords or strings. */
    static Set<String> columnsOf(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(withoutStrings(expr).replaceAll("::[a-z ]+(\\[\\])?", ""));
        while (m.find()) if (!WORDS.contains(m.group(1).toLowerCase(Locale.ROOT))) out.add(m.group(1));
        return out;
    }

    static String withoutStrings(String s) {
        return s.replaceAll("'(?:[^']|'')*'", "''");
    }

    static String stripParens(String s) {
        while (s.startsWith("(") && s.endsWith(")") && matching(s, 0) == s.length() - 1) s = s.substring(1, s.length() - 1).strip();
        return s;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'') quoted = !quoted;
            if (quoted) continue;
            if (ch == '(') depth++;
            if (ch == ')' && --depth == 0) return i;
        }
        return -1;
    }

    private static int topLevelIndex(String s, String token) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'') quoted = !quoted;
            if (quoted) continue;
            if (ch == '(') depth++;
            else if (ch == ')') depth--;
            else if (depth == 0 && s.startsWith(token, i)) return i;
        }
        return -1;
    }

    static List<String> splitTopLevel(String s, String token) {
        List<String> out = new ArrayList<>();
        String rest = s;
        int at;
        while ((at = topLevelIndex(rest, token)) >= 0) {
            out.add(rest.substring(0, at));
            rest = rest.substring(at + token.length());
        }
        out.add(rest);
        return out;
    }

    /** Adds the columns an UPDATE statement sets, with its calls, under the table's bare name. */
    static void updatedColumns(String query, long calls, Map<String, Map<String, Long>> out) {
        Matcher m = UPDATE.matcher(query.strip());
        if (!m.matches()) return;
        Map<String, Long> cols = out.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), k -> new java.util.HashMap<>());
        for (String assignment : splitTopLevel(m.group(2), ",")) {
            int eq = assignment.indexOf('=');
            if (eq < 0) continue;
            String col = assignment.substring(0, eq).strip().replace("\"", "").toLowerCase(Locale.ROOT);
            if (BARE.matcher(col).matches()) cols.merge(col, calls, Long::sum);
        }
    }

    static String bareName(String relation) {
        int dot = relation.lastIndexOf('.');
        return dot < 0 ? relation : relation.substring(dot + 1);
    }
}
