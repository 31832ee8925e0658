package io.dbwarden.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.db.SqlGuard;
import io.dbwarden.db.SqlNames;
import io.dbwarden.db.SqlResource;
import io.dbwarden.db.SqlRunner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
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
 * Plans one statement and reads the plan for what makes it slow. A normalized statement ($1, $2, ...) is planned as a
 * generic plan on PostgreSQL 16+ (EXPLAIN (GENERIC_PLAN)); otherwise, or when it is to be executed, it is prepared and
 * explained with representative values from pg_stats, and the result says which. EXPLAIN ANALYZE runs only when the
 * caller allows it and the read-only guard proves the statement cannot write.
 */
final class PlanAnalyzer {
    static final long LARGE_TABLE_ROWS = 10_000;
    /** Below this many rows a sequential scan is as good as an index; no advice. */
    static final long SMALL_TABLE_ROWS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TYPED_PLACEHOLDER = Pattern.compile(
            "(?i)\\b(interval|date|time|timestamp|timestamptz|uuid|numeric|jsonb|json|inet|text|bigint|integer|int|boolean)\\s+\\$(\\d+)");
    private static final Pattern FILTER_COLUMN = Pattern.compile("\\(?(?:[a-z_][a-z0-9_]*\\.)?([a-z_][a-z0-9_]*)\\)?(?:::[a-z ]+)?\\s*(=|<>|<=|>=|<|>|~~\\*?|@>|&&)\\s");
    private static final Pattern FUNCTION_ON_COLUMN = Pattern.compile("\\b(lower|upper|date_trunc|date|btrim|trim|coalesce|extract|date_part|to_char|md5|abs)\\((?:'[^']*'::text,\\s*)?\\(?(?:[a-z_][a-z0-9_]*\\.)?([a-z_][a-z0-9_]*)\\)?");
    private static final Pattern CAST_ON_COLUMN = Pattern.compile("\\(\\(?(?:[a-z_][a-z0-9_]*\\.)?([a-z_][a-z0-9_]*)\\)?::(text|date|integer|bigint|numeric|character varying|timestamp[a-z ]*)\\)");
    private static final Pattern LEADING_WILDCARD = Pattern.compile("(?:[a-z_][a-z0-9_]*\\.)?([a-z_][a-z0-9_]*)\\)?(?:::text)? (~~\\*?) '%");
    private static final Pattern PER_ROW_AUTH = Pattern.compile("(?<!SELECT )\\b(auth\\.(uid|jwt|role|email)\\(\\)|current_setting\\()");

    /** What the plan analysis needs to know about the database. */
    record Context(int serverMajor, Map<String, Long> rowEstimates, Catalog catalog, boolean analyzeAllowed) {
    }

    /** The plan and what was found in it; {@code error} is set (and the rest empty) when it could not be planned. */
    record PlanAnalysis(String method, double totalCost, boolean analyzed, List<PlanIssue> issues, JsonNode plan, String error) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("method", method);
            if (error != null) {
                m.put("error", error);
                return m;
            }
            m.put("total_cost", Math.round(totalCost * 10) / 10.0);
            m.put("analyzed", analyzed);
            m.put("issues", issues.stream().map(PlanIssue::asMap).toList());
            return m;
        }
    }

    static Map<String, Long> rowEstimates(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(PlanAnalyzer.class, "relation_sizes.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        return out;
    }

    PlanAnalysis analyze(Connection c, String sql, Context ctx) throws SQLException {
        String statement = plannable(strip(sql));
        SqlGuard.Verdict explainable = SqlGuard.checkExplainable(statement);
        if (!explainable.allowed()) return failed("not planned", "refused by the guard: " + explainable.message());
        int params = ParameterBinder.parameterCount(statement);
        boolean analyze = ctx.analyzeAllowed() && SqlRunner.checkReadOnly(c, statement).allowed();
        Savepoint sp = c.setSavepoint();
        try {
            JsonNode plan;
            String method;
            if (params == 0) {
                plan = explain(c, (analyze ? "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) " : "EXPLAIN (VERBOSE, FORMAT JSON) ") + statement);
                method = analyze ? "EXPLAIN ANALYZE (read-only statement, executed)" : "EXPLAIN (estimates only)";
            } else if (ctx.serverMajor() >= 16 && !analyze) {
                plan = explain(c, "EXPLAIN (GENERIC_PLAN, VERBOSE, FORMAT JSON) " + statement);
                method = "generic plan: EXPLAIN (GENERIC_PLAN) of the normalized statement, parameters unknown";
            } else {
                Prepared p = prepare(c, statement, ParameterBinder.Profile.COMMON);
                plan = explain(c, (analyze ? "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) " : "EXPLAIN (VERBOSE, FORMAT JSON) ")
                        + "EXECUTE " + p.name() + p.arguments());
                deallocate(c, p.name());
                method = (analyze ? "EXPLAIN ANALYZE" : "EXPLAIN") + " EXECUTE of the prepared statement with representative values from pg_stats: "
                        + p.describe();
            }
            c.releaseSavepoint(sp);
            JsonNode root = plan.get(0);
            List<PlanIssue> issues = new ArrayList<>();
            Map<String, String> aliases = new HashMap<>();
            aliases(root.path("Plan"), aliases);
            walk(root.path("Plan"), aliases, issues, ctx, false);
            return new PlanAnalysis(method, root.path("Plan").path("Total Cost").asDouble(), analyze, dedupe(issues), plan, null);
        } catch (SQLException e) {
            // Roll back first: in the aborted transaction even DEALLOCATE fails, and its error would hide this one.
            c.rollback(sp);
            deallocateLeftovers(c);
            return failed("not planned", "PostgreSQL could not plan it: " + firstLine(e.getMessage()));
        }
    }

    /** A statement prepared in this session, with the literal argument list for EXECUTE. */
    record Prepared(String name, String arguments, List<ParameterBinder.Binding> bindings, ParameterBinder.Profile profile) {
        String describe() {
            List<String> parts = new ArrayList<>();
            for (ParameterBinder.Binding b : bindings) {
                parts.add("$" + b.number() + " = " + b.values().get(profile) + " (" + b.source() + ")");
            }
            return String.join(", ", parts);
        }
    }


    /** PREPAREs the statement with unknown parameter types and binds values of the given profile. */
    static Prepared prepare(Connection c, String statement, ParameterBinder.Profile profile) throws SQLException {
        String name = "dbwarden_plan_" + Integer.toHexString(System.identityHashCode(statement)) + "_" + Long.toHexString(System.nanoTime());
        try (Statement st = c.createStatement()) {
            simple(st, "PREPARE " + name + " AS " + statement);
        }
        List<String> types = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(PlanAnalyzer.class, "prepared_types.sql"))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getArray(1) != null) {
                    for (Object o : (Object[]) rs.getArray(1).getArray()) types.add(String.valueOf(o));
                }
            }
        }
        List<ParameterBinder.Binding> bindings = new ParameterBinder().bind(c, statement, types);
        StringBuilder args = new StringBuilder();
        if (!bindings.isEmpty()) {
            args.append('(');
            for (int i = 0; i < bindings.size(); i++) args.append(i == 0 ? "" : ", ").append(bindings.get(i).values().get(profile));
            args.append(')');
        }
        return new Prepared(name, args.toString(), bindings, profile);
    }

    /** A prepared statement outlives the rollback of its transaction; this drops the ones a failed analysis left behind. */
    private static void deallocateLeftovers(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(PlanAnalyzer.class, "prepared_leftovers.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) names.add(rs.getString(1));
        }
        for (String name : names) deallocate(c, name);
    }

    static void deallocate(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DEALLOCATE " + name);
        }
    }

    static JsonNode explain(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            simple(st, sql);
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                return JSON.readTree(rs.getString(1));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("EXPLAIN returned a plan that is not JSON", e);
            }
        }
    }

    /**
     * Runs text over the simple query protocol. A normalized statement's $1 would otherwise be read by the driver's
     * extended protocol as a parameter of the PREPARE or EXPLAIN itself, which then lacks a value.
     */
    static void simple(Statement st, String sql) throws SQLException {
        st.setEscapeProcessing(false);
        st.unwrap(org.postgresql.core.BaseStatement.class).executeWithFlags(sql, org.postgresql.core.QueryExecutor.QUERY_EXECUTE_AS_SIMPLE);
    }

    /**
     * pg_stat_statements replaces the string of a typed literal (interval '1 day') and leaves the type name before
     * the placeholder (interval $1), which does not parse; a cast means the same.
     */
    static String plannable(String sql) {
        return TYPED_PLACEHOLDER.matcher(sql).replaceAll("\\$$2::$1");
    }

    static String strip(String sql) {
        String body = sql.strip();
        while (body.endsWith(";")) body = body.substring(0, body.length() - 1).strip();
        return body;
    }

    private static PlanAnalysis failed(String method, String error) {
        return new PlanAnalysis(method, 0, false, List.of(), null, error);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Plan alias to schema-qualified relation, so a join condition's columns are tied to their tables. */
    private static void aliases(JsonNode node, Map<String, String> out) {
        if (node.has("Relation Name")) {
            out.put(node.path("Alias").asText(node.path("Relation Name").asText()),
                    node.path("Schema").asText("public") + "." + node.path("Relation Name").asText());
        }
        for (JsonNode child : node.path("Plans")) aliases(child, out);
    }

    /**
     * Reads one node and its children. {@code stoppedEarly} is set below a node that may stop reading its input before
     * the end (a Limit, a merge join once one side runs out, the inner side of a semi or anti join): fewer rows than
     * estimated there is not a misestimate.
     */
    private void walk(JsonNode node, Map<String, String> aliases, List<PlanIssue> out, Context ctx, boolean stoppedEarly) {
        String type = node.path("Node Type").asText();
        String relation = node.has("Relation Name") ? node.path("Schema").asText("public") + "." + node.path("Relation Name").asText() : null;
        long rows = ctx.rowEstimates().getOrDefault(relation, 0L);
        long loops = Math.max(1, node.path("Actual Loops").asLong(1));
        boolean analyzed = node.has("Actual Rows");
        String filter = node.path("Filter").asText("");
        if (type.equals("Seq Scan") && relation != null && !filter.isEmpty()) {
            long produced = analyzed ? node.path("Actual Rows").asLong() : node.path("Plan Rows").asLong();
            if (rows >= LARGE_TABLE_ROWS && produced <= rows * 0.05) {
                Set<String> cols = filterColumns(filter);
                out.add(new PlanIssue("seq-scan-selective", relation, "Sequential scan of " + relation + " (~" + rows + " rows) keeps "
                        + (analyzed ? "" : "an estimated ") + produced + " rows",
                        "The filter " + filter + " keeps " + percent(produced, rows) + " of the table, yet every row is read because no index "
                                + "matches it.",
                        cols.isEmpty() ? "Index the filtered columns (recommend_indexes gives the exact index)."
                                : "CREATE INDEX CONCURRENTLY ON " + sqlName(relation) + " (" + String.join(", ", cols) + "); recommend_indexes "
                                + "orders the columns and checks the benefit."));
            }
            if (rows >= LARGE_TABLE_ROWS && filter.contains(" OR ")) {
                out.add(new PlanIssue("or-defeats-index", relation, "OR in the filter on " + relation + " forces a full scan",
                        "A single btree index cannot serve " + filter + ": each side of the OR needs its own index, or the planner falls back "
                                + "to reading every row.",
                        "Index each column of the OR separately so the planner can combine them with a BitmapOr, or rewrite the query as a UNION "
                                + "ALL of one query per condition."));
            }
            Matcher like = LEADING_WILDCARD.matcher(filter);
            if (rows >= LARGE_TABLE_ROWS && like.find()) {
                out.add(new PlanIssue("leading-wildcard-like", relation, "LIKE with a leading % on " + relation + "." + like.group(1),
                        "A pattern that starts with % cannot use a btree index, so every row of " + relation + " is read and matched.",
                        "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX CONCURRENTLY ON " + sqlName(relation) + " USING gin (" + like.group(1)
                                + " gin_trgm_ops); or search by prefix (LIKE 'abc%') or with full-text search."));
            }
        }
        if (relation != null && !filter.isEmpty()) functionsOnIndexedColumns(relation, filter, ctx, out);
        if (!filter.isEmpty() || node.has("Index Cond")) perRowAuth(relation, filter, out);
        // A node that never ran (Actual Loops 0) has no actual rows to compare; a One-Time Filter is not part of the estimate.
        if (analyzed && node.path("Actual Loops").asLong(1) > 0 && !node.has("One-Time Filter")) {
            long est = Math.max(1, node.path("Plan Rows").asLong() * loops);
            long act = Math.max(1, node.path("Actual Rows").asLong() * loops);
            if ((act >= 10 * est || (est >= 10 * act && !stoppedEarly)) && Math.max(act, est) >= 100) {
                out.add(new PlanIssue("estimate-off", relation, type + (relation != null ? " on " + relation : "") + ": estimated " + est
                        + " rows, got " + act,
                        "The planner's row estimate is off by " + Math.round(Math.max((double) act / est, (double) est / act)) + " times, so it "
                                + "may choose the wrong join order, join method or index.",
                        relation != null ? "ANALYZE " + sqlName(relation) + "; if it stays off, add extended statistics on correlated columns "
                                + "(CREATE STATISTICS " + statistics(relation, filter) + "; then ANALYZE " + sqlName(relation) + ")."
                                : "ANALYZE the tables involved; for correlated columns add CREATE STATISTICS (dependencies, mcv)."));
            }
            String sortMethod = node.path("Sort Method").asText("");
            if (sortMethod.contains("external") || node.path("Sort Space Type").asText("").equals("Disk")) {
                out.add(new PlanIssue("sort-spill", relation, "Sort spilled to disk (" + sortMethod + ", " + node.path("Sort Space Used").asLong() + " kB)",
                        "The rows to sort did not fit in work_mem, so the sort wrote temporary files.",
                        "Add an index that returns the rows in the ORDER BY order, or raise work_mem for this query "
                                + "(SET LOCAL work_mem = '" + Math.max(8, node.path("Sort Space Used").asLong() / 512) + "MB')."));
            }
            if (node.path("Hash Batches").asLong() > 1) {
                out.add(new PlanIssue("hash-spill", relation, "Hash spilled to disk (" + node.path("Hash Batches").asLong() + " batches)",
                        "The hash table for the join did not fit in work_mem and was split into batches written to disk.",
                        "Raise work_mem for this query (SET LOCAL work_mem = '" + Math.max(8, node.path("Peak Memory Usage").asLong()
                                * node.path("Hash Batches").asLong() / 512) + "MB'), or filter the build side earlier so the hash table is smaller."));
            }
            // A hash aggregate reports its spill separately (PostgreSQL 13+): HashAgg Batches and Disk Usage.
            if (node.path("HashAgg Batches").asLong() > 1 || node.path("Disk Usage").asLong() > 0) {
                out.add(new PlanIssue("hash-spill", relation, "Hash aggregate spilled to disk (" + node.path("HashAgg Batches").asLong()
                        + " batches, " + node.path("Disk Usage").asLong() + " kB)",
                        "The groups of " + node.path("Group Key").toString() + " did not fit in work_mem, so the aggregate wrote partitions "
                                + "to disk and read them back.",
                        "Raise work_mem for this query (SET LOCAL work_mem = '" + Math.max(8, node.path("Disk Usage").asLong() / 512)
                                + "MB'), or aggregate fewer rows; an index on the group key lets the planner aggregate sorted input instead."));
            }
        }
        if (type.equals("Nested Loop") && node.path("Plans").size() == 2) {
            JsonNode outer = node.path("Plans").get(0);
            JsonNode inner = node.path("Plans").get(1);
            long outerRows = analyzed ? outer.path("Actual Rows").asLong() * Math.max(1, outer.path("Actual Loops").asLong(1))
                    : outer.path("Plan Rows").asLong();
            String innerType = inner.path("Node Type").asText();
            if (outerRows >= 1_000 && !indexDriven(inner) && !innerType.equals("Result")) {
                String innerRel = inner.has("Relation Name") ? inner.path("Schema").asText("public") + "." + inner.path("Relation Name").asText()
                        : firstRelation(inner);
                Set<String> joinCols = innerJoinColumns(node, inner);
                out.add(new PlanIssue("nested-loop-large-outer", innerRel, "Nested loop repeats a " + innerType + " " + outerRows + " times",
                        "For each of the " + outerRows + " outer rows the inner side (" + innerType + (innerRel != null ? " on " + innerRel : "")
                                + ") is executed again, without an index to jump to the matching rows.",
                        (innerRel != null && !joinCols.isEmpty() ? "CREATE INDEX CONCURRENTLY ON " + sqlName(innerRel) + " (" + String.join(", ", joinCols)
                                + ");" : "Index the inner side's join column" + (innerRel != null ? " on " + innerRel : "") + ",")
                                + " so each loop is an index lookup; or check the outer row estimate (ANALYZE) so the planner picks a hash join."));
            }
        }
        String cond = node.path("Hash Cond").asText(node.path("Merge Cond").asText(node.path("Join Filter").asText("")));
        if (!cond.isEmpty() && ctx.catalog() != null) unindexedFkJoin(cond, aliases, ctx, out);
        String joinType = node.path("Join Type").asText("");
        boolean semi = joinType.equals("Semi") || joinType.equals("Anti");
        int i = 0;
        // A hash, a sort or a whole-input aggregate reads all of its input before its first row, whatever stops above it.
        boolean readsAll = type.equals("Hash") || type.equals("Sort")
                || (type.equals("Aggregate") && !node.path("Strategy").asText("").equals("Sorted"));
        for (JsonNode child : node.path("Plans")) {
            walk(child, aliases, out, ctx, !readsAll && (stoppedEarly || type.equals("Limit") || type.equals("Merge Join") || (semi && i == 1)));
            i++;
        }
    }

    /** True when each execution of this inner side goes through an index: directly, or under a Memoize or bitmap heap scan. */
    private static boolean indexDriven(JsonNode inner) {
        String type = inner.path("Node Type").asText();
        if (type.contains("Index")) return true;
        if (!type.equals("Memoize") && !type.equals("Bitmap Heap Scan") && !type.equals("BitmapAnd") && !type.equals("BitmapOr")) return false;
        for (JsonNode child : inner.path("Plans")) if (!indexDriven(child)) return false;
        return inner.path("Plans").size() > 0;
    }

    /** The inner table's columns the loop compares with the outer row: "alias.column" in the Join Filter or the inner scan. */
    private static Set<String> innerJoinColumns(JsonNode loop, JsonNode inner) {
        JsonNode scan = inner;
        while (!scan.has("Alias") && scan.path("Plans").size() == 1) scan = scan.path("Plans").get(0);
        Set<String> out = new LinkedHashSet<>();
        if (!scan.has("Alias")) return out;
        Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(scan.path("Alias").asText()) + "\\.([a-z_][a-z0-9_]*)")
                .matcher(loop.path("Join Filter").asText("") + " " + scan.path("Filter").asText(""));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /**
     * CREATE STATISTICS for the filter's columns (it needs at least two), with a name: PostgreSQL 15 and older require
     * one.
     */
    private static String statistics(String relation, String filter) {
        Set<String> cols = filterColumns(filter);
        List<String> names = cols.size() >= 2 ? new ArrayList<>(cols) : List.of("col_a", "col_b");
        return sqlName(relation + "_" + String.join("_", names) + "_stats") + " (dependencies, mcv) ON " + String.join(", ", names.stream().map(SqlNames::ident).toList()) + " FROM " + sqlName(relation);
    }

    /** A relation as EXPLAIN names it (schema.table, unquoted) written for SQL. */
    static String sqlName(String relation) {
        int dot = relation.indexOf('.');
        return SqlNames.qualified(relation.substring(0, dot), relation.substring(dot + 1));
    }

    private static String firstRelation(JsonNode node) {
        if (node.has("Relation Name")) return node.path("Schema").asText("public") + "." + node.path("Relation Name").asText();
        for (JsonNode child : node.path("Plans")) {
            String r = firstRelation(child);
            if (r != null) return r;
        }
        return null;
    }

    static Set<String> filterColumns(String filter) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = FILTER_COLUMN.matcher(filter);
        while (m.find()) {
            String col = m.group(1);
            if (!col.equals("now") && !col.equals("current_date") && !col.equals("subplan")) out.add(col);
        }
        return out;
    }

    private void functionsOnIndexedColumns(String relation, String filter, Context ctx, List<PlanIssue> out) {
        Catalog.Table t = table(ctx.catalog(), relation);
        if (t == null) return;
        for (Pattern p : List.of(FUNCTION_ON_COLUMN, CAST_ON_COLUMN)) {
            Matcher m = p.matcher(filter);
            while (m.find()) {
                String fn = p == FUNCTION_ON_COLUMN ? m.group(1) : "::" + m.group(2);
                String col = p == FUNCTION_ON_COLUMN ? m.group(2) : m.group(1);
                boolean indexed = t.indexes().stream().anyMatch(i -> i.valid() && !i.columns().isEmpty() && i.columns().get(0).equals(col));
                if (!indexed || t.column(col).isEmpty()) continue;
                // VERBOSE qualifies columns with the table's alias, which an index expression must not carry.
                String expr = (p == FUNCTION_ON_COLUMN ? m.group(0) + ")" : "(" + col + "::" + m.group(2) + ")")
                        .replaceAll("\\b[a-z_][a-z0-9_]*\\.(" + Pattern.quote(col) + ")\\b", "$1");
                out.add(new PlanIssue("function-on-indexed-column", relation, (p == FUNCTION_ON_COLUMN ? fn + "()" : "A cast " + fn)
                        + " on the indexed column " + relation + "." + col + " hides the index",
                        "The index on " + col + " holds the column's raw values; the filter " + filter + " compares a computed value, which the index "
                                + "cannot look up, so the planner reads every row.",
                        "Compare the raw column instead (for example a range on " + col + " rather than " + fn + "(" + col + ")), or add an expression "
                                + "index: CREATE INDEX CONCURRENTLY ON " + sqlName(relation) + " (" + expr.replace("((", "(").replace("))", ")") + ");"));
                return;
            }
        }
    }

    private static void perRowAuth(String relation, String filter, List<PlanIssue> out) {
        Matcher m = PER_ROW_AUTH.matcher(filter);
        if (!m.find()) return;
        out.add(new PlanIssue("rls-per-row", relation, m.group(1).replace("(", "") + "() is evaluated for every row"
                + (relation != null ? " of " + relation : ""),
                "The filter " + filter + " calls " + m.group(1) + (m.group(1).endsWith(")") ? "" : "...)") + " per row; from an RLS policy this "
                        + "multiplies the function's cost by the rows read and keeps the comparison from being an index condition.",
                "In the policy, wrap the call in a sub-select so it becomes an InitPlan that runs once per statement: (select auth.uid()) "
                        + "instead of auth.uid()" + (m.group(1).startsWith("current_setting") ? " (a SQL function such as auth.uid() shows "
                        + "in the plan as its inlined body, current_setting(...)), or (select current_setting(...)) where it is called directly" : "")
                        + "; then index the column it is compared with."));
    }

    private static void unindexedFkJoin(String cond, Map<String, String> aliases, Context ctx, List<PlanIssue> out) {
        Matcher refs = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\.([a-z_][a-z0-9_]*)\\b").matcher(cond);
        Set<String> columns = new java.util.HashSet<>();
        while (refs.find()) {
            String relation = aliases.get(refs.group(1));
            if (relation != null) columns.add(relation + "." + refs.group(2));
        }
        for (Catalog.Table t : ctx.catalog().tables()) {
            if (t.stats() == null || t.stats().rowEstimate() < SMALL_TABLE_ROWS) continue;
            for (Catalog.Constraint fk : t.constraints()) {
                if (!fk.type().equals("foreign_key") || fk.columns().size() != 1) continue;
                String col = fk.columns().get(0);
                if (!columns.contains(t.qualifiedName() + "." + col)
                        || !columns.contains(fk.refSchema() + "." + fk.refTable() + "." + fk.refColumns().get(0))) continue;
                if (leadingIndex(t, fk.columns())) continue;
                out.add(new PlanIssue("unindexed-fk-join", t.qualifiedName(), "Join on the unindexed foreign key " + t.qualifiedName() + "." + col,
                        "The join condition " + cond + " follows the foreign key " + fk.name() + ", but no index starts with " + col
                                + ", so finding the matching " + t.name() + " rows means reading the whole table.",
                        "CREATE INDEX CONCURRENTLY ON " + t.qualifiedName() + " (" + SqlNames.ident(col) + ");"));
            }
        }
    }

    /** True when a valid, non-partial index starts with exactly these columns, in any order. */
    static boolean leadingIndex(Catalog.Table t, List<String> columns) {
        for (Catalog.Index i : t.indexes()) {
            if (!i.valid() || i.predicate() != null || i.columns().size() < columns.size()) continue;
            if (new java.util.HashSet<>(i.columns().subList(0, columns.size())).equals(new java.util.HashSet<>(columns))) return true;
        }
        return false;
    }

    private static Catalog.Table table(Catalog catalog, String relation) {
        if (catalog == null || relation == null) return null;
        for (Catalog.Table t : catalog.tables()) if (t.qualifiedName().equals(relation)) return t;
        return null;
    }

    private static List<PlanIssue> dedupe(List<PlanIssue> issues) {
        Map<String, PlanIssue> out = new java.util.LinkedHashMap<>();
        for (PlanIssue i : issues) out.putIfAbsent(i.kind() + "|" + i.relation() + "|" + i.title(), i);
        return List.copyOf(out.values());
    }

    private static String percent(long part, long whole) {
        return whole <= 0 ? "?" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }
}
