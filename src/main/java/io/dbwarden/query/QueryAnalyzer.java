package io.dbwarden.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.advise.Advisors;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.CatalogCache;
import io.dbwarden.db.Database;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.findings.StoredFinding;
import io.dbwarden.findings.Transition;
import io.dbwarden.state.StateStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * query_analyzer: snapshots pg_stat_statements into the state store, reads the load of the last window as deltas,
 * finds the slow statements (mean, or an estimated tail, over the threshold), explains why from their plans and the
 * workload's patterns, and records each slow statement as a finding that resolves once a later window shows it fast.
 */
public final class QueryAnalyzer {
    public static final String SCOPE = "query-analyzer";
    public static final String RULE_SLOW = "slow-query";
    /** Statements analyzed for plan problems per run: the slow ones first, then the heaviest by total time. */
    static final int PLAN_LIMIT = 20;
    /** An N+1 pattern: a point query called at least this often in the window, returning at most one row per call. */
    static final long N_PLUS_ONE_CALLS = 1_000;

    private final String connection;
    private final Database db;
    private final CatalogCache catalog;
    private final StateStore state;
    private final FindingStore findings;
    private final Advisors advisors;
    private final Duration window;
    private final boolean analyzeAllowed;
    private final WorkloadSource source = new WorkloadSource();
    /** The advisors' rules behind the schema issues, with the issue kind each reports as. */
    private static final Map<String, String> SCHEMA_RULES = Map.of("unindexed-foreign-keys", "unindexed-fk-join", "auth-rls-initplan", "rls-per-row");

    public QueryAnalyzer(String connection, Database db, CatalogCache catalog, StateStore state, FindingStore findings, Advisors advisors,
                         Duration window, boolean analyzeAllowed) {
        this.connection = connection;
        this.advisors = advisors;
        this.db = db;
        this.catalog = catalog;
        this.state = state;
        this.findings = findings;
        this.window = window;
        this.analyzeAllowed = analyzeAllowed;
    }

    /** The plan's parameters: threshold_ms, log_slow_queries, suggest_optimizations. */
    public record Options(double thresholdMs, boolean logSlowQueries, boolean suggestOptimizations) {
        public Options {
            if (!(thresholdMs > 0) || thresholdMs > 86_400_000) throw new IllegalArgumentException("threshold_ms must be from 1 to 86400000 (got " + thresholdMs + ").");
        }
    }

    /** One statement of the window with what was found about it. */
    public record AnalyzedStatement(WorkloadWindow.StatementWindow stats, String slowBecause, double shareOfTime,
                                    PlanAnalyzer.PlanAnalysis plan, List<PlanIssue> patterns) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("queryid", stats.queryId());
            m.put("query", stats.query());
            m.put("calls", stats.calls());
            m.put("mean_ms", round(stats.meanMs()));
            m.put("p95_ms_estimated", round(stats.p95Ms()));
            m.put("total_ms", round(stats.totalMs()));
            m.put("share_of_time", round(shareOfTime * 100) + "%");
            m.put("rows_per_call", round(stats.rowsPerCall()));
            if (stats.tempBlksWritten() > 0) m.put("temp_blocks_written", stats.tempBlksWritten());
            if (slowBecause != null) m.put("slow_because", slowBecause);
            if (!patterns.isEmpty()) m.put("patterns", patterns.stream().map(PlanIssue::asMap).toList());
            if (plan != null) m.put("plan", plan.asMap());
            return m;
        }
    }

    public record Report(String connection, boolean workloadAvailable, String enableAdvice, WorkloadWindow window, double thresholdMs,
                         List<AnalyzedStatement> slow, List<AnalyzedStatement> top, List<PlanIssue> schemaIssues,
                         List<CachingAdvice.Advice> caching, List<Transition> transitions) {
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("database", connection);
            m.put("workload_available", workloadAvailable);
            if (enableAdvice != null) m.put("enable_pg_stat_statements", enableAdvice);
            if (window != null) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("from", window.from() == null ? "unknown" : window.from().toString());
                w.put("to", window.to().toString());
                w.put("cumulative_since_reset", window.cumulative());
                w.put("statements", window.statements().size());
                w.put("total_exec_ms", round(window.totalMs()));
                if (!window.notes().isEmpty()) w.put("notes", window.notes());
                m.put("window", w);
            }
            m.put("threshold_ms", thresholdMs);
            m.put("slow_queries", slow.stream().map(AnalyzedStatement::asMap).toList());
            m.put("top_by_total_time", top.stream().map(AnalyzedStatement::asMap).toList());
            m.put("schema_issues", schemaIssues.stream().map(PlanIssue::asMap).toList());
            m.put("caching", caching.stream().map(CachingAdvice.Advice::asMap).toList());
            if (transitions != null) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (Transition t : transitions) counts.merge(t.kind().id(), 1L, Long::sum);
                m.put("findings", counts);
            }
            return m;
        }
    }

    public Report analyze(Options options) {
        record Read(WorkloadSource.Reading workload, List<Finding> schemaFindings) {
        }
        Read read = db.readOnly(c -> new Read(source.readWithStatus(c), advisors.findings(c, SCHEMA_RULES.keySet(), new ArrayList<>())));
        WorkloadSource.Status status = read.workload().status();
        WorkloadWindow w = new WorkloadHistory(state).saveAndWindow(connection, read.workload().snapshot(), window);
        Catalog cat = catalog.current();
        List<PlanIssue> schemaIssues = schemaIssues(read.schemaFindings(), cat);

        double total = Math.max(1e-9, w.totalMs());
        List<WorkloadWindow.StatementWindow> slowStats = new ArrayList<>();
        for (WorkloadWindow.StatementWindow s : w.statements()) if (slowBecause(s, options.thresholdMs()) != null) slowStats.add(s);
        List<WorkloadWindow.StatementWindow> topStats = w.statements().stream().limit(10).toList();

        Map<String, PlanAnalyzer.PlanAnalysis> plans = new LinkedHashMap<>();
        if (options.suggestOptimizations() && status.pgssUsable()) {
            List<WorkloadWindow.StatementWindow> toPlan = new ArrayList<>(slowStats);
            for (WorkloadWindow.StatementWindow s : topStats) if (!toPlan.contains(s)) toPlan.add(s);
            List<WorkloadWindow.StatementWindow> limited = toPlan.stream().limit(PLAN_LIMIT).toList();
            plans = db.readOnly(c -> {
                PlanAnalyzer.Context ctx = new PlanAnalyzer.Context(status.major(), PlanAnalyzer.rowEstimates(c), cat, analyzeAllowed);
                PlanAnalyzer analyzer = new PlanAnalyzer();
                Map<String, PlanAnalyzer.PlanAnalysis> out = new LinkedHashMap<>();
                for (WorkloadWindow.StatementWindow s : limited) out.put(s.queryId(), analyzer.analyze(c, s.query(), ctx));
                return out;
            });
        }
        List<AnalyzedStatement> slow = new ArrayList<>();
        for (WorkloadWindow.StatementWindow s : slowStats) {
            slow.add(new AnalyzedStatement(s, slowBecause(s, options.thresholdMs()), s.totalMs() / total, plans.get(s.queryId()), patterns(s, w)));
        }
        List<AnalyzedStatement> top = new ArrayList<>();
        for (WorkloadWindow.StatementWindow s : topStats) {
            top.add(new AnalyzedStatement(s, slowBecause(s, options.thresholdMs()), s.totalMs() / total,
                    slowStats.contains(s) ? null : plans.get(s.queryId()), patterns(s, w)));
        }
        List<CachingAdvice.Advice> caching = options.suggestOptimizations() ? CachingAdvice.advise(w, cat) : List.of();

        List<Transition> transitions = null;
        if (options.logSlowQueries() && status.pgssUsable()) {
            List<Finding> produced = new ArrayList<>();
            for (AnalyzedStatement a : slow) produced.add(finding(a, options.thresholdMs()));
            // Only statements that ran in this window can be judged: one that did not run is neither slow nor fixed.
            Set<String> ran = new HashSet<>();
            for (WorkloadWindow.StatementWindow s : w.statements()) ran.add(s.queryId());
            transitions = findings.reconcile(connection, SCOPE, stored -> covers(stored, ran), produced);
        }
        return new Report(connection, status.pgssUsable(), status.enableAdvice(), status.pgssUsable() ? w : null,
                options.thresholdMs(), slow, status.pgssUsable() ? top : List.of(), schemaIssues, caching, transitions);
    }

    /**
     * The checks that need no workload, judged by the advisors' rules (one judge per condition): foreign keys with no
     * index leading with their columns, on tables big enough for a scan to matter; and RLS policies that call auth
     * functions per row.
     */
    private static List<PlanIssue> schemaIssues(List<Finding> found, Catalog cat) {
        List<PlanIssue> out = new ArrayList<>();
        for (Finding f : found) {
            String relation = f.evidence().path("schema").asText() + "." + f.evidence().path("name").asText();
            if (f.ruleId().equals("unindexed-foreign-keys")) {
                Catalog.Table t = cat.tables().stream().filter(x -> x.qualifiedName().equals(relation)).findFirst().orElse(null);
                if (t == null || t.stats() == null || t.stats().rowEstimate() < PlanAnalyzer.SMALL_TABLE_ROWS) continue;
            }
            out.add(new PlanIssue(SCHEMA_RULES.get(f.ruleId()), relation, f.title() + ": " + f.subject(), f.detail(), f.remediation()));
        }
        return out;
    }

    private static boolean covers(StoredFinding stored, Set<String> ran) {
        return !stored.finding().ruleId().equals(RULE_SLOW) || ran.contains(stored.finding().evidence().path("queryid").asText());
    }

    static String slowBecause(WorkloadWindow.StatementWindow s, double thresholdMs) {
        if (s.meanMs() > thresholdMs) {
            return String.format(Locale.ROOT, "mean %.1f ms is over the %.0f ms threshold", s.meanMs(), thresholdMs);
        }
        if (s.calls() >= 2 && s.p95Ms() > thresholdMs) {
            return String.format(Locale.ROOT, "the estimated 95th percentile (mean %.1f ms + 1.645 x stddev %.1f ms = %.1f ms) is over the %.0f ms "
                    + "threshold: some calls are slow", s.meanMs(), s.stddevMs(), s.p95Ms(), thresholdMs);
        }
        return null;
    }

    /** Workload patterns that need no plan: N+1 point lookups, and temp files written by sorts and hashes. */
    private static List<PlanIssue> patterns(WorkloadWindow.StatementWindow s, WorkloadWindow w) {
        List<PlanIssue> out = new ArrayList<>();
        String q = s.query().toLowerCase(Locale.ROOT);
        // An equality with a parameter (not >=, <= or !=, which are ranges).
        boolean pointLookup = q.startsWith("select") && q.matches("(?s).*(?<![<>!])=\\s*\\$\\d+.*") && !q.contains(" join ") && !q.contains("group by");
        if (pointLookup && s.calls() >= N_PLUS_ONE_CALLS && s.rowsPerCall() <= 1.0) {
            out.add(new PlanIssue("n-plus-one", null, "N+1 pattern: " + s.calls() + " calls returning " + round(s.rowsPerCall()) + " row each",
                    "The same point query ran " + s.calls() + " times in the window, one row at a time: typical of a loop in the application "
                            + "that fetches related rows one by one. Each call pays a round trip and the per-statement overhead.",
                    "Fetch the rows in one query: WHERE key = ANY($1) with an array of keys, a join, or PostgREST's embedded resources "
                            + "(select=*,related(*)) instead of one request per row."));
        }
        if (s.tempBlksWritten() > 0) {
            out.add(new PlanIssue("temp-spill", null, "Wrote " + s.tempBlksWritten() + " temporary blocks in the window",
                    "Sorts or hashes of this statement did not fit in work_mem and spilled to temporary files on disk.",
                    "Add an index that provides the ORDER BY or GROUP BY order, reduce the rows sorted, or raise work_mem for this statement "
                            + "(SET LOCAL work_mem)."));
        }
        return out;
    }

    private static Finding finding(AnalyzedStatement a, double thresholdMs) {
        WorkloadWindow.StatementWindow s = a.stats();
        ObjectNode evidence = JsonNodeFactory.instance.objectNode();
        evidence.put("queryid", s.queryId());
        evidence.put("query", s.query());
        evidence.put("calls", s.calls());
        evidence.put("mean_ms", round(s.meanMs()));
        evidence.put("stddev_ms", round(s.stddevMs()));
        evidence.put("p95_ms_estimated", round(s.p95Ms()));
        evidence.put("total_ms", round(s.totalMs()));
        evidence.put("threshold_ms", thresholdMs);
        List<PlanIssue> issues = new ArrayList<>(a.patterns());
        if (a.plan() != null) {
            evidence.put("plan_method", a.plan().method());
            issues.addAll(a.plan().issues());
        }
        var list = evidence.putArray("issues");
        for (PlanIssue i : issues) list.add(i.title());
        boolean overMean = s.meanMs() > thresholdMs;
        Finding.Severity severity = s.meanMs() > 10 * thresholdMs ? Finding.Severity.HIGH : overMean ? Finding.Severity.MEDIUM : Finding.Severity.LOW;
        String remediation = issues.isEmpty() ? "Run recommend_indexes for this query (dbwarden recommend-indexes --sql '...'), and "
                + "explain_query with analyze=true to see where the time goes." : issues.get(0).fix();
        return Finding.of(RULE_SLOW, severity, Finding.Category.PERFORMANCE, "query:" + s.queryId(), s.queryId(),
                "Slow query (" + (overMean ? "mean " + round(s.meanMs()) : "p95 ~" + round(s.p95Ms())) + " ms): " + abbreviate(s.query()),
                a.slowBecause() + "; " + s.calls() + " calls, " + round(s.totalMs()) + " ms in total in the window"
                        + (issues.isEmpty() ? "." : ". Found: " + String.join("; ", issues.stream().map(PlanIssue::title).toList()) + "."),
                remediation, evidence);
    }

    static String abbreviate(String query) {
        String one = query.replaceAll("\\s+", " ").strip();
        return one.length() > 90 ? one.substring(0, 87) + "..." : one;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
