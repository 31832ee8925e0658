package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.query.QueryAnalyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden query-analyzer}: the CLI twin of the query_analyzer tool. */
@Command(name = "query-analyzer", description = "Slow queries of the last window from pg_stat_statements, why they are slow, and what to do.")
final class QueryAnalyzerCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--threshold-ms", paramLabel = "N", description = "Slow when the mean or estimated p95 exceeds N ms (default 500).")
    double thresholdMs = 500;
    @Option(names = "--no-log", description = "Do not record slow queries as findings.")
    boolean noLog;
    @Option(names = "--no-plans", description = "Skip plan analysis and caching advice.")
    boolean noPlans;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            QueryAnalyzer.Report r = warden.queryAnalyzer(null).analyze(new QueryAnalyzer.Options(thresholdMs, !noLog, !noPlans));
            return Render.report(common.json, r.asMap(), QueryAnalyzerCommand::print);
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> m) {
        if (m.containsKey("enable_pg_stat_statements")) System.out.println(m.get("enable_pg_stat_statements") + "\n");
        if (m.get("window") instanceof Map<?, ?> w) {
            System.out.println("Window " + w.get("from") + " .. " + w.get("to") + ": " + w.get("statements") + " statements, "
                    + w.get("total_exec_ms") + " ms of execution.");
            if (w.get("notes") instanceof List<?> notes) notes.forEach(n -> System.out.println("  note: " + n));
        }
        List<Map<String, Object>> slow = (List<Map<String, Object>>) m.get("slow_queries");
        System.out.println("\nSlow queries (threshold " + m.get("threshold_ms") + " ms): " + (slow.isEmpty() ? "none" : slow.size()));
        for (Map<String, Object> s : slow) statement(s);
        List<Map<String, Object>> top = (List<Map<String, Object>>) m.get("top_by_total_time");
        if (!top.isEmpty()) {
            System.out.println("\nTop statements by total time:");
            Render.table(System.out, List.of("queryid", "calls", "mean ms", "p95 ms (est.)", "total ms", "share", "query"),
                    top.stream().map(s -> List.<Object>of(s.get("queryid"), s.get("calls"), s.get("mean_ms"), s.get("p95_ms_estimated"),
                            s.get("total_ms"), s.get("share_of_time"), String.valueOf(s.get("query")).replaceAll("\\s+", " "))).toList());
            for (Map<String, Object> s : top) if (!slow.contains(s) && (s.containsKey("patterns") || hasIssues(s))) statement(s);
        }
        issues("Schema issues (no workload needed)", (List<Map<String, Object>>) m.get("schema_issues"));
        List<Map<String, Object>> caching = (List<Map<String, Object>>) m.get("caching");
        if (!caching.isEmpty()) {
            System.out.println("\nCaching advice:");
            for (Map<String, Object> c : caching) {
                System.out.println("- " + String.valueOf(c.get("query")).replaceAll("\\s+", " "));
                System.out.println("  " + c.get("explanation"));
                System.out.println("  fix: " + c.get("fix"));
            }
        }
        if (m.get("findings") instanceof Map<?, ?> f) System.out.println("\nFindings: " + (f.isEmpty() ? "no change" : f));
    }

    @SuppressWarnings("unchecked")
    private static boolean hasIssues(Map<String, Object> s) {
        return s.get("plan") instanceof Map<?, ?> p && p.get("issues") instanceof List<?> l && !l.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void statement(Map<String, Object> s) {
        System.out.println("\n* " + String.valueOf(s.get("query")).replaceAll("\\s+", " "));
        System.out.println("  queryid " + s.get("queryid") + ": " + s.get("calls") + " calls, mean " + s.get("mean_ms") + " ms, p95 ~"
                + s.get("p95_ms_estimated") + " ms, " + s.get("share_of_time") + " of the time");
        if (s.get("slow_because") != null) System.out.println("  slow: " + s.get("slow_because"));
        if (s.get("plan") instanceof Map<?, ?> p) {
            System.out.println("  plan: " + p.get("method") + (p.get("error") != null ? " -- " + p.get("error") : ", cost " + p.get("total_cost")));
            if (p.get("issues") instanceof List<?> l) for (Object o : l) issue((Map<String, Object>) o);
        }
        if (s.get("patterns") instanceof List<?> l) for (Object o : l) issue((Map<String, Object>) o);
    }

    private static void issues(String heading, List<Map<String, Object>> list) {
        if (list.isEmpty()) return;
        System.out.println("\n" + heading + ":");
        list.forEach(QueryAnalyzerCommand::issue);
    }

    private static void issue(Map<String, Object> i) {
        System.out.println("  - [" + i.get("kind") + "] " + i.get("title"));
        System.out.println("    why: " + i.get("explanation"));
        System.out.println("    fix: " + i.get("fix"));
    }
}
