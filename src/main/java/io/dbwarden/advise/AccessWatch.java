package io.dbwarden.advise;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.config.Config;
import io.dbwarden.db.Database;
import io.dbwarden.db.SqlLexer;
import io.dbwarden.db.SqlResource;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;
import io.dbwarden.state.StateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unusual access, from samples each health check takes: a role or client address never seen before on this database,
 * and a sudden rise in calls of statements that name sensitive tables (the auth schema, tables with sensitive column
 * names). The first sample of a database is its baseline and raises nothing. Failed-permission attempts are not
 * visible in the statistics views (only in the server log), so they are not watched.
 */
public final class AccessWatch {
    public static final String SCOPE = "access";
    private final Database database;
    private final StateStore state;
    private final FindingStore store;
    /**
     * A role's rate of sensitive calls since its last sample must exceed its earlier rate by spike_factor and be at least
     * spike_min_calls calls, so a quiet role going from 2 to 7 calls is not a spike (advisors.access.*).
     */
    private final Config.Access thresholds;

    public record Report(List<Map<String, Object>> sessions, Map<String, Long> sensitiveCalls, List<String> notes, List<Finding> findings) {
    }

    private record Sessions(String role, String address, int count) {
    }

    private record Reading(List<Sessions> sessions, Map<String, Long> sensitiveCalls, List<String> notes) {
    }

    public AccessWatch(Database database, StateStore state, FindingStore store, Config.Access thresholds) {
        this.database = database;
        this.state = state;
        this.store = store;
        this.thresholds = thresholds;
    }

    public Report check() {
        Reading reading = database.readOnly(this::read);
        Instant now = Instant.now();
        List<Finding> findings = state.inTransaction(c -> compare(c, reading, now));
        if (store != null) store.reconcile(database.name(), SCOPE, findings);
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (Sessions s : reading.sessions()) sessions.add(Map.of("role", s.role(), "client_addr", s.address(), "sessions", s.count()));
        return new Report(sessions, reading.sensitiveCalls(), reading.notes(), findings);
    }

    private Reading read(Connection c) throws SQLException {
        List<Sessions> sessions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(AccessWatch.class, "access/sessions.sql")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) sessions.add(new Sessions(rs.getString(1), rs.getString(2), rs.getInt(3)));
        }
        Set<String> qualified = new HashSet<>();
        Set<String> bare = new HashSet<>();
        try (PreparedStatement ps = NamedSql.prepare(c, SqlResource.load(AccessWatch.class, "access/sensitive_tables.sql"),
                Map.of("sensitive_names", Advisors.SENSITIVE_NAMES)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                qualified.add(rs.getString(1) + "." + rs.getString(2));
                if (!rs.getString(1).equals("auth")) bare.add(rs.getString(2));
            }
        }
        Map<String, Long> calls = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Savepoint sp = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(AccessWatch.class, "access/statements.sql")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                calls.putIfAbsent(rs.getString(1), 0L);
                if (namesSensitive(rs.getString(2), qualified, bare)) calls.merge(rs.getString(1), rs.getLong(3), Long::sum);
            }
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            c.rollback(sp);
            notes.add("pg_stat_statements is not readable here, so access to sensitive tables is not watched ("
                    + e.getMessage().lines().findFirst().orElse("") + ").");
        }
        return new Reading(sessions, calls, notes);
    }

    /** Whether the statement names a sensitive table, judged on its tokens: schema.table, or a bare name outside auth. */
    static boolean namesSensitive(String query, Set<String> qualified, Set<String> bare) {
        List<SqlLexer.Token> tokens;
        try {
            tokens = SqlLexer.tokenize(query);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token t = tokens.get(i);
            if (!t.kind().isName()) continue;
            if (i + 2 < tokens.size() && tokens.get(i + 1).isPunctuation(".") && tokens.get(i + 2).kind().isName()
                    && qualified.contains(t.value() + "." + tokens.get(i + 2).value())) {
                return true;
            }
            boolean partOfQualified = i > 0 && tokens.get(i - 1).isPunctuation(".");
            if (!partOfQualified && bare.contains(t.value())) return true;
        }
        return false;
    }

    private List<Finding> compare(Connection c, Reading r, Instant now) throws SQLException {
        String db = database.name();
        boolean baseline;
        try (PreparedStatement ps = c.prepareStatement("select count(*) from access_seen where connection = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                baseline = rs.next() && rs.getLong(1) > 0;
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Sessions s : r.sessions()) {
            if (seen(c, db, "role", s.role(), now) && baseline) {
                out.add(finding("new-role-seen", Finding.Severity.MEDIUM, s.role(), "Role never seen before",
                        "Role " + s.role() + " connected to " + db + " for the first time since dbwarden began watching (" + s.count()
                                + " session(s) from " + s.address() + ").",
                        "-- if nobody expected it: select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + s.role().replace("'", "''")
                                + "'; then review its grants and rotate its password",
                        JsonNodeFactory.instance.objectNode().put("role", s.role()).put("client_addr", s.address())));
            }
            if (seen(c, db, "address", s.role() + "@" + s.address(), now) && baseline && !s.address().equals("local")) {
                out.add(finding("new-client-address", Finding.Severity.MEDIUM, s.role() + "@" + s.address(), "Role connects from a new address",
                        "Role " + s.role() + " connected from " + s.address() + ", an address it was never seen using before.",
                        "-- if unexpected: restrict it in pg_hba.conf (or the network rules of the host) and rotate the role's password",
                        JsonNodeFactory.instance.objectNode().put("role", s.role()).put("client_addr", s.address())));
            }
        }
        for (Map.Entry<String, Long> e : r.sensitiveCalls().entrySet()) {
            Finding spike = spike(c, db, e.getKey(), e.getValue(), now);
            if (spike != null) out.add(spike);
        }
        return out;
    }

    /** Records a role or address; true when it had never been seen. */
    private static boolean seen(Connection c, String db, String kind, String value, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update access_seen set last_seen = ? where connection = ? and kind = ? and value = ?")) {
            ps.setString(1, now.toString());
            ps.setString(2, db);
            ps.setString(3, kind);
            ps.setString(4, value);
            if (ps.executeUpdate() > 0) return false;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into access_seen (connection, kind, value, first_seen, last_seen) values (?, ?, ?, ?, ?)")) {
            ps.setString(1, db);
            ps.setString(2, kind);
            ps.setString(3, value);
            ps.setString(4, now.toString());
            ps.setString(5, now.toString());
            ps.executeUpdate();
        }
        return true;
    }

    record Sample(Instant at, long calls) {
    }

    /** A spike: the calls since the last sample, and the rates a minute now and over the samples before. */
    record Spike(long calls, double perMinuteNow, double perMinuteBefore) {
    }

    /**
     * Whether calls at now, after the earlier samples of a role, are a spike under the thresholds (null when not, with
     * fewer than two earlier samples, or after a statistics reset).
     */
    static Spike spike(List<Sample> samples, long calls, Instant now, Config.Access thresholds) {
        if (samples.size() < 2) return null;
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        long delta = calls - last.calls();
        double minutesNow = Math.max(Duration.between(last.at(), now).toSeconds() / 60.0, 1.0 / 60);
        double minutesBefore = Math.max(Duration.between(first.at(), last.at()).toSeconds() / 60.0, 1.0 / 60);
        if (delta < thresholds.spikeMinCalls() || last.calls() < first.calls()) return null; // too few calls, or statistics were reset
        double rateNow = delta / minutesNow;
        double rateBefore = (last.calls() - first.calls()) / minutesBefore;
        if (rateNow < thresholds.spikeFactor() * Math.max(rateBefore, 1.0 / 60)) return null;
        return new Spike(delta, rateNow, rateBefore);
    }

    /** Compares the rate since the role's last sample with its rate over the samples before; stores this sample. */
    private Finding spike(Connection c, String db, String role, long calls, Instant now) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select taken_at, sensitive_calls from access_sample where connection = ? and role_name = ? "
                + "and taken_at >= ? order by taken_at")) {
            ps.setString(1, db);
            ps.setString(2, role);
            ps.setString(3, now.minus(Duration.ofDays(30)).toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) samples.add(new Sample(Instant.parse(rs.getString(1)), rs.getLong(2)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into access_sample (connection, taken_at, role_name, sensitive_calls) values (?, ?, ?, ?)")) {
            ps.setString(1, db);
            ps.setString(2, now.toString());
            ps.setString(3, role);
            ps.setLong(4, calls);
            ps.executeUpdate();
        }
        Spike spike = spike(samples, calls, now, thresholds);
        if (spike == null) return null;
        long delta = spike.calls();
        double rateNow = spike.perMinuteNow();
        double rateBefore = spike.perMinuteBefore();
        ObjectNode ev = JsonNodeFactory.instance.objectNode().put("role", role).put("calls_since_last_sample", delta)
                .put("per_minute_now", Math.round(rateNow * 10) / 10.0).put("per_minute_before", Math.round(rateBefore * 10) / 10.0);
        return finding("sensitive-access-spike", Finding.Severity.HIGH, role, "Sudden rise in access to sensitive tables",
                "Role " + role + " ran " + delta + " statements naming sensitive tables since the last sample (" + Math.round(rateNow * 10) / 10.0
                        + " a minute, against " + Math.round(rateBefore * 10) / 10.0 + " before).",
                "-- find the statements: select query, calls from pg_stat_statements s join pg_roles r on r.oid = s.userid where r.rolname = '"
                        + role.replace("'", "''") + "' order by calls desc;  -- and check who holds that role's credentials", ev);
    }

    private static Finding finding(String rule, Finding.Severity severity, String subject, String title, String detail, String remediation,
                                   ObjectNode evidence) {
        return Finding.of(rule, severity, Finding.Category.SECURITY, subject, "", title, detail, remediation, evidence);
    }
}
