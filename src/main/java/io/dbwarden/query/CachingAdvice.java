package io.dbwarden.query;

import io.dbwarden.catalog.Catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Caching advice from measured rates: a read statement called often on tables that are rarely written returns the
 * same answer many times between two writes. It gets an application cache (or, for an expensive aggregate, a
 * materialized view) with a TTL derived from how often those tables are written.
 */
final class CachingAdvice {
    /** A statement must be called at least this often per second of the window to be worth caching. */
    static final double MIN_CALLS_PER_SECOND = 0.05;
    /** And be called at least this many times in the window: a handful of calls is no evidence of a hot read. */
    static final long MIN_CALLS = 100;
    /** And be repeated at least this many times per write of its tables. */
    static final double MIN_CALLS_PER_WRITE = 20;
    private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:from|join)\\s+(?:only\\s+)?(?:([a-z_][a-z0-9_]*)\\.)?([a-z_][a-z0-9_]*)");

    record Advice(String queryId, String query, String kind, double callsPerSecond, double writesPerSecond, long ttlSeconds,
                  List<String> tables, String explanation, String fix) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("queryid", queryId);
            m.put("query", query);
            m.put("kind", kind);
            m.put("calls_per_second", Math.round(callsPerSecond * 1000) / 1000.0);
            m.put("table_writes_per_second", Math.round(writesPerSecond * 10000) / 10000.0);
            m.put("suggested_ttl_seconds", ttlSeconds);
            m.put("tables", tables);
            m.put("explanation", explanation);
            m.put("fix", fix);
            return m;
        }
    }

    private CachingAdvice() {
    }

    static List<Advice> advise(WorkloadWindow w, Catalog catalog) {
        List<Advice> out = new ArrayList<>();
        double seconds = w.seconds();
        if (seconds <= 0) return out;
        for (WorkloadWindow.StatementWindow s : w.statements()) {
            String q = s.query().toLowerCase(Locale.ROOT).strip();
            if (!(q.startsWith("select") || q.startsWith("with")) || q.matches("(?s).*\\b(insert|update|delete|for update|for share|nextval|random)\\b.*")) continue;
            double callsPerSecond = s.calls() / seconds;
            if (callsPerSecond < MIN_CALLS_PER_SECOND || s.calls() < MIN_CALLS) continue;
            Set<String> tables = tables(s.query(), w, catalog);
            if (tables.isEmpty()) continue;
            long writes = 0;
            for (String t : tables) writes += w.tables().get(t).writes();
            if (writes > 0 && s.calls() / (double) writes < MIN_CALLS_PER_WRITE) continue;
            double writesPerSecond = writes / seconds;
            // Half the mean time between writes: most cached answers are then still current when read, and none is older
            // than the data changes it missed by more than that. Capped at an hour; at least a second.
            long ttl = writes == 0 ? 3600 : Math.max(1, Math.min(3600, Math.round(seconds / writes / 2)));
            boolean aggregate = q.matches("(?s).*\\b(group by|count\\(|sum\\(|avg\\(|max\\(|min\\()\\b?.*") && s.meanMs() >= 20;
            String tableList = String.join(", ", tables);
            String explanation = String.format(Locale.ROOT, "Called %.2f times a second (%d calls in the window, mean %.1f ms) while %s %s written "
                            + "%s: the same answer is recomputed about %s times between two changes.",
                    callsPerSecond, s.calls(), s.meanMs(), tableList, tables.size() == 1 ? "was" : "were",
                    writes == 0 ? "not at all" : String.format(Locale.ROOT, "%d times (%.4f a second)", writes, writesPerSecond),
                    writes == 0 ? String.valueOf(s.calls()) : String.valueOf(Math.round(s.calls() / (double) writes)));
            String fix = aggregate
                    ? "CREATE MATERIALIZED VIEW ... AS <this query>; CREATE UNIQUE INDEX on it; then REFRESH MATERIALIZED VIEW CONCURRENTLY "
                    + "every " + ttl + " s (pg_cron) and read from the view."
                    : "Cache the result in the application (or an edge cache) for " + ttl + " s, keyed by the query's parameters"
                    + (writes == 0 ? ", and invalidate it when " + tableList + " is written" : "") + ".";
            out.add(new Advice(s.queryId(), s.query(), aggregate ? "materialized_view" : "cache", callsPerSecond, writesPerSecond, ttl,
                    List.copyOf(tables), explanation, fix));
        }
        return out;
    }

    private static Set<String> tables(String sql, WorkloadWindow w, Catalog catalog) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TABLE.matcher(sql);
        while (m.find()) {
            String schema = m.group(1);
            String name = m.group(2).toLowerCase(Locale.ROOT);
            String qualified = schema != null ? schema.toLowerCase(Locale.ROOT) + "." + name : "public." + name;
            if (w.tables().containsKey(qualified)) {
                out.add(qualified);
            } else if (schema == null && catalog != null) {
                boolean isView = catalog.views().stream().anyMatch(v -> v.name().equals(name));
                if (isView) return Set.of();
            }
        }
        return out;
    }
}
