package io.dbwarden.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbwarden.advise.Advisors;
import io.dbwarden.db.Database;
import io.dbwarden.db.SqlGuard;
import io.dbwarden.db.SqlNames;
import io.dbwarden.db.SqlResource;
import io.dbwarden.findings.Finding;
import io.dbwarden.state.StateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * recommend_indexes: candidate indexes from the plans of the workload's read statements (or of one statement), each
 * statement costed over representative parameter values from pg_stats (custom plans, not one generic plan), costed
 * with HypoPG when the target has it and with a plain model from the planner's own estimates otherwise; a greedy
 * benefit-per-byte selection under a storage budget that subtracts write cost; and drops of unused, duplicate and
 * prefix-redundant indexes.
 */
public final class IndexAdvisor {
    /** Below this many rows a sequential scan is as good as any index. */
    static final long TINY_TABLE_ROWS = 1_000;
    /** A candidate must make at least one statement this much cheaper. */
    static final double MIN_QUERY_IMPROVEMENT = 0.10;
    /**
     * Planner cost units per index entry written: the leaf page it dirties is written back at random (random_page_cost,
     * 4) and logged in the WAL, often as a full-page image (seq_page_cost, 1).
     */
    static final double INDEX_ENTRY_COST = 5.0;
    /** An update that stops being HOT also puts the new row version on another heap page: one more random page. */
    static final double LOST_HOT_HEAP_COST = 4.0;
    /** Statements of the workload considered, the heaviest by total time first. */
    static final int MAX_STATEMENTS = 40;
    static final String METHOD_HYPOPG = "hypopg";
    static final String METHOD_MODEL = "estimate";

    /** The advisors' rules that judge which existing indexes to drop, in the order their reasons take precedence. */
    static final List<String> DROP_RULES = List.of("duplicate-index", "unused-index", "prefix-redundant-index");

    private final String connection;
    private final Database db;
    private final StateStore state;
    private final Advisors advisors;
    private final Duration window;
    private final WorkloadSource source = new WorkloadSource();

    public IndexAdvisor(String connection, Database db, StateStore state, Advisors advisors, Duration window) {
        this.connection = connection;
        this.db = db;
        this.state = state;
        this.advisors = advisors;
        this.window = window;
    }

    /**
     * One statement (sql) or, when null, the workload of the last window; the storage budget for new indexes; the
     * application role to plan as under row-level security, or null for dbwarden's own role.
     */
    public record Options(String sql, double budgetMb, AppRole appRole) {
        public Options(String sql, double budgetMb) {
            this(sql, budgetMb, null);
        }

        public Options {
            if (!(budgetMb > 0) || budgetMb > 10_000_000) throw new IllegalArgumentException("budget_mb must be from 1 to 10000000 (got " + budgetMb + ").");
            if (sql != null && sql.isBlank()) sql = null;
            if (sql != null && sql.length() > 100_000) throw new IllegalArgumentException("sql is longer than 100000 characters.");
        }
    }

    /** A proposed index: table, key columns or expressions in order, INCLUDE columns, partial predicate. */
    public record Candidate(String relation, List<String> keys, List<String> include, String where) {
        /** Keys and predicate come from EXPLAIN's deparsed text, whose identifiers the server already quoted; the relation not. */
        String body() {
            return PlanAnalyzer.sqlName(relation) + " (" + String.join(", ", keys) + ")" + (include.isEmpty() ? "" : " INCLUDE (" + String.join(", ", include) + ")")
                    + (where == null ? "" : " WHERE " + where);
        }

        public String ddl() {
            return "CREATE INDEX CONCURRENTLY ON " + body() + ";";
        }

        String hypothetical() {
            return "CREATE INDEX ON " + body();
        }

        Set<String> columns() {
            Set<String> out = new LinkedHashSet<>();
            for (String k : keys) out.addAll(PlanPredicates.columnsOf(k));
            out.addAll(include);
            if (where != null) out.addAll(PlanPredicates.columnsOf(where));
            return out;
        }
    }

    public record QueryCost(String query, long calls, double before, double after) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("query", query);
            m.put("calls", calls);
            m.put("cost_before", QueryAnalyzer.round(before));
            m.put("cost_after", QueryAnalyzer.round(after));
            return m;
        }
    }

    public record Recommendation(Candidate index, String ddl, List<QueryCost> helps, long sizeBytes, long writesInWindow,
                                 Double writesPerSecond, List<String> hotColumns, double writeCost, String method) {
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("create", ddl);
            m.put("table", index.relation());
            m.put("method", method);
            m.put("estimated_size_bytes", sizeBytes);
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("table_writes_in_window", writesInWindow);
            if (writesPerSecond != null) w.put("table_writes_per_second", QueryAnalyzer.round(writesPerSecond));
            w.put("estimated_cost", QueryAnalyzer.round(writeCost));
            if (!hotColumns.isEmpty()) w.put("stops_hot_updates_of", hotColumns);
            m.put("write_overhead", w);
            m.put("helps", helps.stream().map(QueryCost::asMap).toList());
            return m;
        }
    }

    public record Drop(String index, String relation, String reason, String ddl, long sizeBytes) {
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("drop", ddl);
            m.put("table", relation);
            m.put("reason", reason);
            m.put("size_bytes", sizeBytes);
            return m;
        }
    }

    public record Report(String connection, String method, String methodNote, String scope, AppRole appRole, int statementsAnalyzed,
                         double budgetMb, List<Recommendation> recommendations, List<Drop> drops, List<String> notes) {
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", connection);
            m.put("method", method);
            m.put("method_note", methodNote);
            m.put("scope", scope);
            if (appRole != null) m.put("planned_as", appRole.asMap());
            m.put("statements_analyzed", statementsAnalyzed);
            m.put("budget_mb", budgetMb);
            m.put("recommendations", recommendations.stream().map(Recommendation::asMap).toList());
            m.put("drops", drops.stream().map(Drop::asMap).toList());
            if (!notes.isEmpty()) m.put("notes", notes);
            return m;
        }
    }

    /** A statement to advise for, with its weight (calls in the window; 1 for a single statement). */
    record Work(String query, long calls) {
    }

    public Report recommend(Options options) {
        List<String> notes = new ArrayList<>();
        List<Work> work = new ArrayList<>();
        Map<String, Map<String, Long>> updatedColumns = new HashMap<>();
        if (options.sql() != null) {
            SqlGuard.Verdict v = SqlGuard.checkExplainable(PlanAnalyzer.strip(options.sql()));
            if (!v.allowed()) throw new IllegalArgumentException("sql cannot be planned: " + v.message());
            work.add(new Work(options.sql(), 1));
        }
        // The window's table writes price every candidate's write overhead, also when advising for one statement.
        WorkloadSource.Reading reading = db.readOnly(source::readWithStatus);
        WorkloadSource.Status status = reading.status();
        WorkloadWindow w = new WorkloadHistory(state).saveAndWindow(connection, reading.snapshot(), window);
        if (options.sql() == null && !status.pgssUsable()) notes.add(status.enableAdvice());
        if (w.cumulative() && status.pgssUsable() && options.sql() == null) {
            notes.add("No earlier snapshot: calls and table writes are totals since the statistics were reset, so a bulk load counts "
                    + "as write load against every index. Run again after a window of normal traffic for advice on the current load.");
        }
        for (WorkloadWindow.StatementWindow s : w.statements()) {
            String q = s.query().strip().toLowerCase(Locale.ROOT);
            PlanPredicates.updatedColumns(s.query(), s.calls(), updatedColumns);
            if (options.sql() != null || !(q.startsWith("select") || q.startsWith("with")) || q.contains("pg_catalog.") || q.contains("pg_stat")
                    || q.contains("information_schema.") || q.contains("set_config(")) continue;
            if (work.size() < MAX_STATEMENTS && s.calls() > 0) work.add(new Work(s.query(), s.calls()));
        }
        String scope = options.sql() != null ? "one statement"
                : "workload of the window" + (w.from() == null ? "" : " since " + w.from()) + (w.cumulative() ? " (cumulative since the statistics reset)" : "");
        boolean useHypo = status.hypopgSchema() != null;
        boolean creatable = !useHypo && status.hypopgAvailable() && db.writesAllowed();
        String method = useHypo || creatable ? METHOD_HYPOPG : METHOD_MODEL;
        String methodNote = method.equals(METHOD_HYPOPG)
                ? "Costed with HypoPG hypothetical indexes: the planner's own EXPLAIN cost of each statement with and without them"
                + (creatable ? " (the extension was created in a transaction that was rolled back)" : "") + "."
                : "HypoPG is not " + (status.hypopgAvailable() ? "created in this database" : "installed on this server")
                + ", so costs are estimates: the planner's row estimate for each filter (with pg_stats parameter values) against its "
                + "sequential-scan cost, the index scan priced by a simple model of the pages it would read. "
                + "Create the extension (CREATE EXTENSION hypopg; package postgresql-<major>-hypopg) for the planner's own costs.";
        Map<String, WorkloadWindow.TableWindow> tableWindows = w.tables();
        double windowSeconds = w.seconds();
        if (creatable) {
            return db.write(c -> {
                Savepoint sp = c.setSavepoint();
                try (Statement st = c.createStatement()) {
                    st.execute("create extension if not exists hypopg");
                    String schema = c.getSchema() == null ? "public" : c.getSchema();
                    try (ResultSet rs = st.executeQuery("select extnamespace::regnamespace::text from pg_extension where extname = 'hypopg'")) {
                        if (rs.next()) schema = rs.getString(1);
                    }
                    return run(c, options, status.major(), SqlNames.quote(schema), method, methodNote, scope, work, tableWindows,
                            windowSeconds, updatedColumns, notes);
                } finally {
                    c.rollback(sp);
                }
            });
        }
        return db.readOnly(c -> run(c, options, status.major(), useHypo ? SqlNames.quote(status.hypopgSchema()) : null, method,
                methodNote, scope, work, tableWindows, windowSeconds, updatedColumns, notes));
    }

    private Report run(Connection c, Options options, int major, String hypoSchema, String method, String methodNote, String scope,
                       List<Work> work, Map<String, WorkloadWindow.TableWindow> tableWindows, double seconds,
                       Map<String, Map<String, Long>> updatedColumns, List<String> notes) throws SQLException {
        Schema schema = Schema.read(c);
        try (Statement st = c.createStatement()) {
            st.execute("set local plan_cache_mode = force_custom_plan");
        }
        AppRole appRole = options.appRole();
        Costed.Planner planner = appRole == null ? Costed.Planner.OWN_ROLE : Costed.Planner.as(appRole, appRole.begin(c, notes));
        List<Costed> costed = new ArrayList<>();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (Work w : work) {
            Costed q = Costed.plan(c, w, schema, planner, notes);
            if (q == null) continue;
            costed.add(q);
            for (Candidate cand : q.candidates()) {
                if (schema.covered(cand)) continue;
                candidates.putIfAbsent(cand.body(), cand);
            }
        }
        Evaluator eval = hypoSchema != null ? new HypoEvaluator(c, hypoSchema) : new ModelEvaluator(schema);
        try {
            // One statement has no call rate to weigh its savings against the table's writes: the overhead is reported only.
            boolean weighWrites = options.sql() == null;
            if (!weighWrites) notes.add("Write overhead is reported per index but not weighed: one statement has no call rate. "
                    + "Advise for the workload (without sql) to weigh savings against the tables' writes.");
            List<Recommendation> recs = select(costed, new ArrayList<>(candidates.values()), eval, schema, options.budgetMb(), tableWindows,
                    seconds, updatedColumns, method, weighWrites, notes);
            List<Drop> drops = options.sql() == null ? drops(c, notes) : List.of();
            return new Report(connection, method, methodNote, scope, appRole, costed.size(), options.budgetMb(), recs, drops, notes);
        } finally {
            eval.close();
            for (Costed q : costed) q.close(c);
        }
    }

    /**
     * Duplicate, prefix-redundant and unused indexes, as the advisors' rules find them (an index that enforces a
     * constraint is never one); an index two rules name is listed once, with the first reason. A prefix is dropped only
     * when the index that covers it stays: a longer index that is never scanned because the planner used its prefix is
     * the one to drop, not both.
     */
    private List<Drop> drops(Connection c, List<String> notes) throws SQLException {
        Map<String, Drop> out = new LinkedHashMap<>();
        List<Finding> found = new ArrayList<>(advisors.findings(c, Set.copyOf(DROP_RULES), notes));
        found.sort(Comparator.comparingInt(f -> DROP_RULES.indexOf(f.ruleId())));
        for (Finding f : found) {
            JsonNode e = f.evidence();
            String schema = e.path("schema").asText(), relation = schema + "." + e.path("name").asText();
            if (f.ruleId().equals("duplicate-index")) {
                String keep = e.path("keep").asText();
                Set<String> backing = new java.util.HashSet<>();
                e.path("backing_constraints").forEach(b -> backing.add(b.asText()));
                for (JsonNode index : e.path("indexes")) {
                    if (index.asText().equals(keep) || backing.contains(index.asText())) continue;
                    out.putIfAbsent(relation + "." + index.asText(), drop(schema, index.asText(), relation, "duplicate of " + keep
                            + " (same table, method, columns, operator classes and predicate)", e.path("index_bytes").path(index.asText()).asLong()));
                }
            } else {
                String index = e.path("index").asText();
                if (f.ruleId().equals("prefix-redundant-index") && out.containsKey(relation + "." + e.path("covered_by").asText())) continue;
                String reason = f.ruleId().equals("prefix-redundant-index")
                        ? "its key columns lead " + e.path("covered_by").asText() + ", which serves the same lookups"
                        : "never scanned since the statistics were reset" + (e.path("stats_reset").isTextual() ? " at " + e.path("stats_reset").asText()
                        : " (they have not been reset since the server's statistics began)") + "; check replicas before dropping, their scans are not counted here";
                out.putIfAbsent(relation + "." + index, drop(schema, index, relation, reason, e.path("index_bytes").asLong()));
            }
        }
        return new ArrayList<>(out.values());
    }

    private static Drop drop(String schema, String index, String relation, String reason, long bytes) {
        return new Drop(index, relation, reason, "DROP INDEX CONCURRENTLY " + SqlNames.quote(schema) + "."
                + SqlNames.quote(index) + ";", bytes);
    }

    private static List<Recommendation> select(List<Costed> queries, List<Candidate> candidates, Evaluator eval, Schema schema, double budgetMb,
                                               Map<String, WorkloadWindow.TableWindow> tableWindows, double seconds,
                                               Map<String, Map<String, Long>> updatedColumns, String method, boolean weighWrites,
                                               List<String> notes)
            throws SQLException {
        long budget = (long) (budgetMb * 1024 * 1024);
        List<Candidate> chosen = new ArrayList<>();
        long used = 0;
        Map<Candidate, Long> sizes = new HashMap<>();
        for (Candidate cand : candidates) sizes.put(cand, eval.size(cand));
        Map<String, String> refused = new LinkedHashMap<>();
        // Extend-style greedy: each round either adds a candidate or replaces a chosen index by a candidate that extends
        // its keys (a wider index that serves what the narrower one did, and more), whichever gives the most net benefit
        // per extra byte.
        /** A move: the configuration after it, and the chosen index it replaces (null when it adds one). */
        record Move(List<Candidate> config, Candidate replaced) {
        }
        while (true) {
            Move best = null;
            long bestExtra = 0;
            double bestScore = 0;
            for (Candidate cand : candidates) {
                if (chosen.contains(cand)) continue;
                List<Move> moves = new ArrayList<>();
                List<Candidate> added = new ArrayList<>(chosen);
                added.add(cand);
                moves.add(new Move(added, null));
                for (Candidate old : chosen) {
                    if (!extendsKeys(cand, old)) continue;
                    List<Candidate> replaced = new ArrayList<>(chosen);
                    replaced.set(replaced.indexOf(old), cand);
                    moves.add(new Move(replaced, old));
                }
                for (Move move : moves) {
                    List<Candidate> config = move.config();
                    long extra = sizes.get(cand) - (move.replaced() == null ? 0 : sizes.get(move.replaced()));
                    if (used + extra > budget) continue;
                    double gain = 0;
                    long helpedCalls = 0;
                    boolean worthwhile = false;
                    for (Costed q : queries) {
                        if (!q.tables().contains(cand.relation())) continue;
                        double before = eval.cost(q, chosen);
                        double after = eval.cost(q, config);
                        gain += q.work().calls() * (before - after);
                        if (before > 0 && (before - after) / before >= MIN_QUERY_IMPROVEMENT) {
                            worthwhile = true;
                            helpedCalls += q.work().calls();
                        }
                    }
                    if (!worthwhile) continue;
                    if (weighWrites) {
                        String churn = churnColumn(cand, tableWindows, updatedColumns, helpedCalls);
                        if (churn != null) {
                            refused.putIfAbsent(cand.relation() + "." + churn, "Not recommended: " + cand.ddl() + " It would stop HOT updates of "
                                    + cand.relation() + ": " + churn + " is set by most of the table's updates in the window ("
                                    + updatedColumns.get(PlanPredicates.bareName(cand.relation())).get(churn) + "), more often than the "
                                    + helpedCalls + " calls it would speed up. An index without " + churn + " keeps those updates HOT.");
                            continue;
                        }
                    }
                    double writes = 0;
                    if (weighWrites) {
                        writes = writeCost(cand, schema, tableWindows, updatedColumns, config);
                        if (move.replaced() != null) writes -= writeCost(move.replaced(), schema, tableWindows, updatedColumns, chosen);
                    }
                    double net = gain - writes;
                    if (net <= 0) continue;
                    double score = net / Math.max(8192, extra);
                    if (score > bestScore) {
                        bestScore = score;
                        best = move;
                        bestExtra = extra;
                    }
                }
            }
            if (best == null) break;
            used += bestExtra;
            chosen = best.config();
        }
        for (Map.Entry<String, String> r : refused.entrySet()) {
            String column = r.getKey().substring(r.getKey().lastIndexOf('.') + 1);
            if (chosen.stream().noneMatch(c -> r.getKey().startsWith(c.relation() + ".") && c.columns().contains(column))) notes.add(r.getValue());
        }
        // A later, wider index can make an earlier pick (nearly) useless: drop picks whose removal costs no statement 10%.
        for (Candidate cand : new ArrayList<>(chosen)) {
            List<Candidate> without = new ArrayList<>(chosen);
            without.remove(cand);
            boolean needed = false;
            for (Costed q : queries) {
                if (!q.tables().contains(cand.relation())) continue;
                double others = eval.cost(q, without);
                if (others - eval.cost(q, chosen) >= MIN_QUERY_IMPROVEMENT * others) needed = true;
            }
            if (!needed) chosen.remove(cand);
        }
        List<Recommendation> out = new ArrayList<>();
        for (Candidate cand : chosen) {
            List<Candidate> without = new ArrayList<>(chosen);
            without.remove(cand);
            List<QueryCost> helps = new ArrayList<>();
            for (Costed q : queries) {
                if (!q.tables().contains(cand.relation())) continue;
                double all = eval.cost(q, chosen);
                double others = eval.cost(q, without);
                if (others - all > 0.01 * others) helps.add(new QueryCost(q.work().query(), q.work().calls(), eval.cost(q, List.of()), all));
            }
            helps.sort(Comparator.comparingDouble((QueryCost h) -> -(h.before() - h.after()) * h.calls()));
            WorkloadWindow.TableWindow tw = tableWindows.get(cand.relation());
            long writes = tw == null ? 0 : tw.writes();
            out.add(new Recommendation(cand, cand.ddl(), helps, sizes.get(cand), writes, seconds > 0 ? writes / seconds : null,
                    hotColumns(cand, updatedColumns), writeCost(cand, schema, tableWindows, updatedColumns, without), method));
        }
        return out;
    }

    /** True when the candidate's keys start with all of the chosen index's keys and go further (same table, predicate). */
    static boolean extendsKeys(Candidate wider, Candidate narrower) {
        return wider.relation().equals(narrower.relation()) && java.util.Objects.equals(wider.where(), narrower.where())
                && wider.keys().size() + wider.include().size() > narrower.keys().size() + narrower.include().size()
                && wider.keys().size() >= narrower.keys().size() && wider.keys().subList(0, narrower.keys().size()).equals(narrower.keys())
                && wider.columns().containsAll(narrower.columns());
    }

    /**
     * A column of the candidate that most of the table's updates in the window set, more often than the candidate's
     * statements are called: indexing it would make those updates non-HOT for less read benefit than write churn (an
     * updated_at or a counter on a busy table). Null when there is none.
     */
    static String churnColumn(Candidate cand, Map<String, WorkloadWindow.TableWindow> tableWindows, Map<String, Map<String, Long>> updatedColumns,
                              long helpedCalls) {
        WorkloadWindow.TableWindow tw = tableWindows.get(cand.relation());
        if (tw == null || tw.hotUpdates() == 0) return null;
        Map<String, Long> updated = updatedColumns.getOrDefault(PlanPredicates.bareName(cand.relation()), Map.of());
        for (String col : hotColumns(cand, updatedColumns)) {
            long n = Math.min(updated.getOrDefault(col, 0L), tw.updates());
            if (2 * n >= tw.updates() && n > helpedCalls) return col;
        }
        return null;
    }

    /**
     * Index maintenance of the window for the candidate next to the existing and already chosen indexes: an entry per
     * inserted row and per non-HOT update; and the window's updates of a column it covers, as many as were HOT, stop
     * being HOT, so each writes an entry in every index of the table and its row version on another page.
     */
    static double writeCost(Candidate cand, Schema schema, Map<String, WorkloadWindow.TableWindow> tableWindows,
                            Map<String, Map<String, Long>> updatedColumns, List<Candidate> chosen) {
        WorkloadWindow.TableWindow tw = tableWindows.get(cand.relation());
        if (tw == null) return 0;
        double cost = (tw.inserts() + tw.updates() - tw.hotUpdates()) * INDEX_ENTRY_COST;
        long hotBroken = 0;
        Map<String, Long> updated = updatedColumns.getOrDefault(PlanPredicates.bareName(cand.relation()), Map.of());
        for (String col : hotColumns(cand, updatedColumns)) hotBroken = Math.max(hotBroken, updated.getOrDefault(col, 0L));
        hotBroken = Math.min(hotBroken, tw.hotUpdates());
        long indexes = schema.indexCount(cand.relation()) + chosen.stream().filter(c -> c.relation().equals(cand.relation()) && c != cand).count() + 1;
        cost += hotBroken * (indexes * INDEX_ENTRY_COST + LOST_HOT_HEAP_COST);
        return cost;
    }

    static List<String> hotColumns(Candidate cand, Map<String, Map<String, Long>> updatedColumns) {
        Map<String, Long> updated = updatedColumns.getOrDefault(PlanPredicates.bareName(cand.relation()), Map.of());
        List<String> out = new ArrayList<>();
        for (String col : cand.columns()) if (updated.getOrDefault(col, 0L) > 0) out.add(col);
        return out;
    }

    /** Cost of a statement under a set of new indexes: the mean over its parameter profiles. */
    interface Evaluator extends AutoCloseable {
        double cost(Costed q, List<Candidate> config) throws SQLException;

        long size(Candidate c) throws SQLException;

        @Override
        void close() throws SQLException;
    }

    /** What-if costs from HypoPG: only the candidates on the statement's tables are created, and results are cached. */
    static final class HypoEvaluator implements Evaluator {
        private final Connection c;
        private final String schema;
        private final Map<String, Long> created = new HashMap<>();
        private final Map<String, Double> cache = new HashMap<>();

        HypoEvaluator(Connection c, String schema) {
            this.c = c;
            this.schema = schema;
        }

        @Override
        public double cost(Costed q, List<Candidate> config) throws SQLException {
            Set<String> wanted = new TreeSet<>();
            for (Candidate cand : config) if (q.tables().contains(cand.relation())) wanted.add(cand.hypothetical());
            String key = q.work().query() + "\u0000" + wanted;
            Double hit = cache.get(key);
            if (hit != null) return hit;
            for (String ddl : new ArrayList<>(created.keySet())) {
                if (!wanted.contains(ddl) && created.get(ddl) == 0) {
                    created.remove(ddl);
                } else if (!wanted.contains(ddl)) {
                    try (PreparedStatement ps = c.prepareStatement(sql("hypopg_drop.sql"))) {
                        ps.setLong(1, created.remove(ddl));
                        ps.execute();
                    }
                }
            }
            for (String ddl : wanted) if (!created.containsKey(ddl)) created.put(ddl, create(ddl));
            double cost = q.cost(c);
            cache.put(key, cost);
            return cost;
        }

        /** The hypothetical index's oid, or 0 when HypoPG refuses the definition (then it changes no plan). */
        private long create(String ddl) throws SQLException {
            Savepoint sp = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(sql("hypopg_create.sql"))) {
                ps.setString(1, ddl);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long oid = rs.getLong(1);
                    c.releaseSavepoint(sp);
                    return oid;
                }
            } catch (SQLException e) {
                c.rollback(sp);
                return 0;
            }
        }

        @Override
        public long size(Candidate cand) throws SQLException {
            long oid = created.containsKey(cand.hypothetical()) ? created.get(cand.hypothetical()) : create(cand.hypothetical());
            created.put(cand.hypothetical(), oid);
            if (oid == 0) return Long.MAX_VALUE / 4;  // refused by HypoPG: never fits a budget
            try (PreparedStatement ps = c.prepareStatement(sql("hypopg_size.sql"))) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private String sql(String file) {
            return SqlResource.load(IndexAdvisor.class, file).formatted(schema);
        }

        @Override
        public void close() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql("hypopg_reset.sql"))) {
                ps.execute();
            }
        }
    }

    /**
     * Without HypoPG: a candidate replaces a scan whose filter it serves. The heap access is priced like PostgreSQL's
     * bitmap heap scan (the distinct pages the matching rows fall on, each between a random and a sequential page), or
     * at a random page per row for an ordered scan under a LIMIT, plus CPU per row; a sort it provides is saved too.
     */
    static final class ModelEvaluator implements Evaluator {
        private final Schema schema;

        ModelEvaluator(Schema schema) {
            this.schema = schema;
        }

        @Override
        public double cost(Costed q, List<Candidate> config) {
            double sum = 0;
            for (Costed.Profile p : q.profiles()) {
                double saving = 0;
                for (PlanPredicates.Scan scan : p.scans()) {
                    double best = 0;
                    for (Candidate cand : config) best = Math.max(best, saving(cand, scan, p.cost()));
                    saving += best;
                }
                sum += Math.max(0, p.cost() - saving);
            }
            return sum / q.profiles().size();
        }

        private double saving(Candidate cand, PlanPredicates.Scan scan, double planCost) {
            if (!cand.relation().equals(scan.relation()) || !scan.seq()) return 0;
            String lead = cand.keys().get(0);
            boolean filtered = scan.equality().contains(lead) || scan.range().contains(lead);
            boolean ordered = scan.sortKeys().size() > 0 && cand.keys().containsAll(scan.sortKeys());
            // Led by the sort key alone (ORDER BY … LIMIT with no indexed filter), the index is read in order until the
            // LIMIT is met: as many rows as the filter keeps one in, out of the table, per row returned.
            boolean orderOnly = !filtered && ordered && scan.limit() > 0 && lead.equals(scan.sortKeys().get(0));
            if (!filtered && !orderOnly) return 0;
            if (cand.where() != null && !scan.constants().contains(cand.where())) return 0;
            double rows = Math.max(1, scan.rows());
            if (orderOnly) rows = Math.min(schema.rows(scan.relation()), scan.limit() * Math.max(1.0, schema.rows(scan.relation()) / rows));
            else if (ordered && scan.limit() > 0) rows = Math.min(rows, scan.limit());
            long pages = Math.max(1, schema.pages(scan.relation()));
            double heap;
            if (ordered && scan.limit() > 0) {
                heap = 4.0 * Math.min(pages, rows);  // an index scan in order, stopped by the LIMIT: a random page per row
            } else {
                // A bitmap heap scan, as PostgreSQL prices it: the distinct pages the rows fall on (Mackert-Lohman), each
                // between random_page_cost (few pages) and seq_page_cost (nearly all of them).
                double fetched = pages * (1 - Math.exp(-rows / pages));
                heap = fetched * (4.0 - 3.0 * Math.sqrt(fetched / pages));
            }
            double indexCost = 8 + heap + 0.0175 * rows;
            // A LIMIT above a top-N sort charges only part of the sort's cost: never replace more than the plan costs.
            double replaced = Math.min(planCost, scan.cost() + (ordered ? scan.sortCost() : 0));
            return Math.max(0, replaced - indexCost);
        }

        @Override
        public long size(Candidate cand) {
            return schema.estimateSize(cand);
        }

        @Override
        public void close() {
        }
    }
}
