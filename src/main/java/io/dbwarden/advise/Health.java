package io.dbwarden.advise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.config.Config;
import io.dbwarden.db.Database;
import io.dbwarden.db.SqlResource;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.state.StateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * check_health: connections against max_connections, vacuum and analyze age, table and index bloat, cache hit rate, replication lag,
 * long-running queries, lock waits, database size and its growth. Each reading past its threshold (advisors.health.*)
 * becomes a finding in scope "health"; a sample of size and connections goes to the state store on each run, at most
 * one per advisors.health.growth_sample_minutes, and growth and the connection trend are computed from those samples.
 * Each run is also a sample for the {@link AccessWatch} (new roles and addresses, spikes on sensitive tables).
 */
public final class Health {
    public static final String SCOPE = "health";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final FindingStore store;
    private final StateStore state;
    private final Config.Advisors config;

    public record Report(String database, Map<String, Object> metrics, List<Finding> findings) {
    }

    record Sample(Instant at, long bytes, int connections) {
    }

    public Health(Database database, FindingStore store, StateStore state, Config.Advisors config) {
        this.database = database;
        this.store = store;
        this.state = state;
        this.config = config;
    }

    /** max_connections less the slots reserved for superusers and replication, from connections.sql's row. */
    private static int usableConnections(Map<String, Object> conn) {
        return ((Number) conn.get("max_connections")).intValue() - ((Number) conn.get("reserved")).intValue();
    }

    /**
     * One sample for the growth trend and the access watch, without the rest of the check: what the background
     * {@link Sampler} takes while dbwarden serves. New-role and spike findings still go to the finding store.
     */
    public void sample() {
        Map<String, Object> params = params();
        List<Map<String, Object>> readings = database.readOnly(c -> List.of(rows(c, "health/connections.sql", params).get(0),
                rows(c, "health/size.sql", params).get(0)));
        Map<String, Object> conn = readings.get(0);
        int usable = usableConnections(conn);
        growth(((Number) readings.get(1).get("database_bytes")).longValue(), ((Number) conn.get("total")).intValue(), usable,
                new ArrayList<>());
        new AccessWatch(database, state, store, config.access()).check();
    }

    private Map<String, Object> params() {
        Config.Health h = config.health();
        return Map.of("vacuum_age_days", h.vacuumAgeDays(), "long_query_seconds", (double) h.longQuerySeconds(),
                "excluded_schemas", Advisors.EXCLUDED_SCHEMAS, "bloat_min_bytes", (long) config.bloatMinMb() * 1024 * 1024,
                "bloat_min_percent", config.bloatMinPercent(), "index_bloat_min_bytes", (long) config.indexBloatMinMb() * 1024 * 1024,
                "index_bloat_min_percent", config.indexBloatMinPercent());
    }

    public Report check() {
        Config.Health h = config.health();
        Map<String, Object> params = params();
        Map<String, Object> metrics = database.readOnly(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("connections", rows(c, "health/connections.sql", params).get(0));
            m.put("size", rows(c, "health/size.sql", params).get(0));
            m.put("vacuum", rows(c, "health/vacuum.sql", params));
            m.put("bloat", rows(c, "lints/table_bloat.sql", params));
            m.put("index_bloat", rows(c, "health/index_bloat.sql", params));
            m.put("long_running_queries", rows(c, "health/long_queries.sql", params));
            m.put("locks_waiting", rows(c, "health/locks_waiting.sql", params));
            m.put("replication", rows(c, "health/replication.sql", params));
            return m;
        });
        List<Finding> findings = new ArrayList<>();
        @SuppressWarnings("unchecked") Map<String, Object> conn = (Map<String, Object>) metrics.get("connections");
        @SuppressWarnings("unchecked") Map<String, Object> size = (Map<String, Object>) metrics.get("size");
        int total = ((Number) conn.get("total")).intValue();
        int usable = usableConnections(conn);
        long bytes = ((Number) size.get("database_bytes")).longValue();
        size.put("largest", parse((String) size.get("largest")));
        double percent = 100.0 * total / Math.max(usable, 1);
        conn.put("percent_used", Math.round(percent * 10) / 10.0);
        if (percent >= h.connectionsPercent()) {
            findings.add(finding("connections-near-limit", Finding.Severity.HIGH, database.name(), "",
                    "Connections near max_connections", total + " of " + usable + " usable connections are in use ("
                            + Math.round(percent) + "%, threshold " + h.connectionsPercent() + "%).",
                    "-- put a pooler (Supavisor, PgBouncer) in front, close idle sessions, or raise max_connections (needs a restart)",
                    node("connections", total, "usable", usable)));
        }
        for (Map<String, Object> q : list(metrics, "long_running_queries")) {
            findings.add(finding("long-running-query", Finding.Severity.MEDIUM, "pid " + q.get("pid"), "", "Long-running query",
                    "Session " + q.get("pid") + " (role " + q.get("role") + ") has run one statement for " + q.get("seconds") + " s.",
                    "select pg_cancel_backend(" + q.get("pid") + ");  -- or set statement_timeout for its role", JSON.valueToTree(q)));
        }
        List<Map<String, Object>> waiting = list(metrics, "locks_waiting");
        if (waiting.size() >= h.locksWaiting()) {
            findings.add(finding("locks-waiting", Finding.Severity.MEDIUM, database.name(), "", "Sessions waiting for locks",
                    waiting.size() + " session(s) wait for a lock; blocked by " + waiting.get(0).get("blocked_by") + " first.",
                    "-- see who blocks: select pid, query from pg_stat_activity where pid = any(pg_blocking_pids(<waiting pid>));",
                    node("waiting", waiting.size(), "first", String.valueOf(waiting.get(0).get("pid")))));
        }
        for (Map<String, Object> r : list(metrics, "replication")) {
            Object lag = r.get("lag_seconds");
            if (lag instanceof Number n && n.doubleValue() >= h.replicationLagSeconds()) {
                String who = r.get("standby") == null ? "this standby" : String.valueOf(r.get("standby"));
                findings.add(finding("replication-lag", Finding.Severity.HIGH, who, "", "Replication lag",
                        who + " trails the primary by " + Math.round(n.doubleValue()) + " s (threshold " + h.replicationLagSeconds() + " s).",
                        "-- check the standby's disk and network, and long queries on it that hold replay back", JSON.valueToTree(r)));
            }
        }
        for (Map<String, Object> v : list(metrics, "vacuum")) {
            findings.add(finding("vacuum-overdue", Finding.Severity.LOW, String.valueOf(v.get("table_name")), "", "Vacuum or analyze overdue",
                    "Table " + v.get("table_name") + " has " + v.get("dead_rows") + " dead rows and " + v.get("changed_since_analyze")
                            + " changes since analyze; last vacuum " + v.get("last_vacuum") + ", last analyze " + v.get("last_analyze") + ".",
                    "vacuum (analyze) " + v.get("table_name") + ";  -- and lower autovacuum_vacuum_scale_factor for it",
                    JSON.valueToTree(v)));
        }
        for (Map<String, Object> i : list(metrics, "index_bloat")) {
            String index = String.valueOf(i.get("index_name"));
            findings.add(finding("index-bloat", Finding.Severity.LOW, index, "", "Index bloat",
                    "Index " + index + " on " + i.get("table_name") + " is about " + Math.round(((Number) i.get("wasted_percent")).doubleValue())
                            + "% empty space: " + ((Number) i.get("wasted_bytes")).longValue() / (1024 * 1024) + " MiB of its "
                            + i.get("pages") + " pages are not needed for its " + i.get("entries") + " entries (an estimate from pg_stats).",
                    "reindex index concurrently " + index + ";", JSON.valueToTree(i)));
        }
        metrics.put("growth", growth(bytes, total, usable, findings));
        if (store != null) store.reconcile(database.name(), SCOPE, findings);
        // each health check is also a sample for the access watch (its findings have their own scope)
        AccessWatch.Report access = new AccessWatch(database, state, store, config.access()).check();
        Map<String, Object> accessMetrics = new LinkedHashMap<>();
        accessMetrics.put("sessions", access.sessions());
        accessMetrics.put("sensitive_calls_by_role", access.sensitiveCalls());
        accessMetrics.put("permission_failures_by_role", access.permissionFailures());
        accessMetrics.put("notes", access.notes());
        metrics.put("access", accessMetrics);
        findings.addAll(access.findings());
        return new Report(database.name(), metrics, findings.stream().sorted(Finding.BY_SEVERITY).toList());
    }

    /**
     * Records a sample (unless one is younger than growth_sample_minutes) and derives growth per day and the
     * connection trend from the oldest sample of the last 30 days. The forecast is linear; it says so.
     */
    private Map<String, Object> growth(long bytes, int connections, int usable, List<Finding> findings) {
        Instant now = Instant.now();
        List<Sample> samples = state.inTransaction(c -> {
            List<Sample> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select taken_at, database_bytes, connections from health_sample "
                    + "where connection = ? and taken_at >= ? order by taken_at")) {
                ps.setString(1, database.name());
                ps.setString(2, now.minus(Duration.ofDays(30)).toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Sample(Instant.parse(rs.getString(1)), rs.getLong(2), rs.getInt(3)));
                }
            }
            Sample last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last == null || Duration.between(last.at(), now).toMinutes() >= config.health().growthSampleMinutes()) {
                try (PreparedStatement ps = c.prepareStatement("insert into health_sample (connection, taken_at, database_bytes, "
                        + "connections, max_connections) values (?, ?, ?, ?, ?)")) {
                    ps.setString(1, database.name());
                    ps.setString(2, now.toString());
                    ps.setLong(3, bytes);
                    ps.setInt(4, connections);
                    ps.setInt(5, usable);
                    ps.executeUpdate();
                }
            }
            return out;
        });
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("samples", samples.size() + 1);
        long diskBytes = (long) config.health().diskSizeGb() * 1024 * 1024 * 1024;
        if (samples.isEmpty() || Duration.between(samples.get(0).at(), now).toMinutes() < 60) {
            g.put("note", "growth needs samples at least an hour apart; run check_health again later (samples are kept in the state store)");
            if (diskBytes == 0) g.put("disk", NO_DISK_SIZE);
            return g;
        }
        Sample first = samples.get(0);
        double days = Duration.between(first.at(), now).toSeconds() / 86_400.0;
        double bytesPerDay = bytesPerDay(samples, new Sample(now, bytes, connections));
        double connectionsPerDay = (connections - first.connections()) / days;
        g.put("since", first.at().toString());
        g.put("bytes_per_day", Math.round(bytesPerDay));
        g.put("connections_per_day", Math.round(connectionsPerDay * 10) / 10.0);
        int forecast = config.health().forecastDays();
        if (connectionsPerDay > 0 && connections + connectionsPerDay * forecast >= usable) {
            long daysLeft = Math.round((usable - connections) / connectionsPerDay);
            findings.add(finding("connections-forecast", Finding.Severity.MEDIUM, database.name(), "", "Connections trend toward the limit",
                    "Connections grew by " + Math.round(connectionsPerDay * 10) / 10.0 + " a day since " + first.at()
                            + "; at that rate they reach max_connections (" + usable + ") in about " + daysLeft + " days (a linear forecast).",
                    "-- put a pooler in front before then, or find the client that keeps more connections open",
                    node("connections_per_day", Math.round(connectionsPerDay), "days_left", daysLeft)));
        }
        g.put("disk", diskBytes == 0 ? NO_DISK_SIZE : diskForecast(bytes, bytesPerDay, diskBytes, first.at(), findings));
        return g;
    }

    private static final String NO_DISK_SIZE = "free disk is not visible from SQL: set advisors.health.disk_size_gb (on Supabase, the "
            + "plan's disk size) for a forecast of when the database fills it";

    /** The least-squares slope of size over time, in bytes a day: steadier than the first and last sample alone. */
    static double bytesPerDay(List<Sample> samples, Sample current) {
        List<Sample> all = new ArrayList<>(samples);
        all.add(current);
        Instant origin = all.get(0).at();
        double n = all.size(), sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Sample s : all) {
            double x = Duration.between(origin, s.at()).toSeconds() / 86_400.0;
            sx += x;
            sy += s.bytes();
            sxx += x * x;
            sxy += x * s.bytes();
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }

    /** Days until the size trend reaches the configured disk, and a finding when that is within forecast_days. */
    private Map<String, Object> diskForecast(long bytes, double bytesPerDay, long diskBytes, Instant since, List<Finding> findings) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("disk_size_bytes", diskBytes);
        d.put("used_percent", Math.round(1000.0 * bytes / diskBytes) / 10.0);
        if (bytesPerDay <= 0 && bytes < diskBytes) {
            d.put("note", "the database is not growing, so there is no date at which it fills the disk");
            return d;
        }
        long daysLeft = bytes >= diskBytes ? 0 : (long) Math.floor((diskBytes - bytes) / bytesPerDay);
        d.put("days_until_full", daysLeft);
        int forecast = config.health().forecastDays();
        if (daysLeft <= forecast) {
            findings.add(finding("disk-forecast", daysLeft <= 7 ? Finding.Severity.HIGH : Finding.Severity.MEDIUM, database.name(), "",
                    "Database size trends toward the disk size",
                    "The database takes " + d.get("used_percent") + "% of the configured " + config.health().diskSizeGb() + " GB and grew by "
                            + Math.round(bytesPerDay / (1024 * 1024) * 10) / 10.0 + " MiB a day since " + since + "; at that rate it fills the disk in about "
                            + daysLeft + " days (a linear forecast; threshold " + forecast + " days).",
                    "-- find what grows: dbwarden health (size.largest); then drop or archive old data, fix bloat, or move to a larger disk before then",
                    node("days_until_full", daysLeft, "bytes_per_day", Math.round(bytesPerDay))));
        }
        return d;
    }

    private static ObjectNode node(String k1, Object v1, String k2, Object v2) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putPOJO(k1, v1);
        n.putPOJO(k2, v2);
        return n;
    }

    private static Finding finding(String rule, Finding.Severity severity, String subject, String discriminator, String title,
                                   String detail, String remediation, com.fasterxml.jackson.databind.JsonNode evidence) {
        return Finding.of(rule, severity, Finding.Category.RESOURCE, subject, discriminator, title, detail, remediation, evidence);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> metrics, String key) {
        return (List<Map<String, Object>>) metrics.get(key);
    }

    private static Object parse(String json) {
        try {
            return json == null ? null : JSON.readValue(json, Object.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> rows(Connection c, String file, Map<String, Object> params) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = NamedSql.prepare(c, SqlResource.load(Health.class, file), params); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Array a) v = List.of((Object[]) a.getArray());
                    else if (v instanceof java.sql.Timestamp t) v = t.toInstant().toString();
                    else if (v instanceof java.math.BigDecimal d) v = d.doubleValue();
                    else if (v instanceof org.postgresql.util.PGobject o) v = o.getValue();
                    row.put(md.getColumnLabel(i), v);
                }
                out.add(row);
            }
        }
        return out;
    }
}
