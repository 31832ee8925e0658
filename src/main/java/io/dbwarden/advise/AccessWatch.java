package io.dbwarden.advise;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.config.Config;
import io.dbwarden.config.Redactor;
import io.dbwarden.db.Database;
import io.dbwarden.db.SqlLexer;
import io.dbwarden.db.SqlNames;
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
 * names), and a spike of failed-permission and failed-login attempts. The first sample of a database is its baseline and
 * raises nothing. PostgreSQL reports failed attempts only in its log, so they are watched where dbwarden can read a CSV
 * or JSON log from SQL ({@link ServerLog}); elsewhere the report's notes say why not and what would enable it.
 */
public final class AccessWatch {
    public static final String SCOPE = "access";
    private static final Map<String, Object> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();
    private final Database database;
    private final StateStore state;
    private final FindingStore store;
    /**
     * A role's rate of sensitive calls since its last sample must exceed its earlier rate by spike_factor and be at least
     * spike_min_calls calls, so a quiet role going from 2 to 7 calls is not a spike (advisors.access.*).
     */
    private final Config.Access thresholds;

    public record Report(List<Map<String, Object>> sessions, Map<String, Long> sensitiveCalls, Map<String, Long> permissionFailures,
                         List<String> notes, List<Finding> findings) {
    }

    private record Sessions(String role, String address, int count) {
    }

    private record Reading(List<Sessions> sessions, Map<String, Long> sensitiveCalls, ServerLog.Read log, List<String> notes) {
    }

    /** Where the last read of the server log stopped, and when the watch first and last read it (null: never). */
    private record LogHistory(ServerLog.Position position, Instant firstRead, Instant lastRead) {
    }

    /** One role's failed attempts in this read of the server log. */
    private record Failures(long count, Map<String, Long> bySqlState, Map<String, Long> byAddress, String sampleMessage) {
    }

    public AccessWatch(Database database, StateStore state, FindingStore store, Config.Access thresholds) {
        this.database = database;
        this.state = state;
        this.store = store;
        this.thresholds = thresholds;
    }

    public Report check() {
        // The background sampler and a check_health call may sample the same database at once: one at a time, so that
        // both never read the same part of the server log or store the same sample twice.
        synchronized (LOCKS.computeIfAbsent(database.name(), k -> new Object())) {
            return checkAlone();
        }
    }

    private Report checkAlone() {
        LogHistory history = state.inTransaction(c -> logHistory(c, database.name()));
        Reading reading = database.readOnly(c -> read(c, history.position()));
        Instant now = Instant.now();
        List<Finding> findings = state.inTransaction(c -> compare(c, reading, history, now));
        if (store != null) store.reconcile(database.name(), SCOPE, findings);
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (Sessions s : reading.sessions()) sessions.add(Map.of("role", s.role(), "client_addr", s.address(), "sessions", s.count()));
        Map<String, Long> failures = new LinkedHashMap<>();
        for (ServerLog.Failure f : reading.log().failures()) failures.merge(f.role(), 1L, Long::sum);
        return new Report(sessions, reading.sensitiveCalls(), failures, reading.notes(), findings);
    }

    private Reading read(Connection c, ServerLog.Position since) throws SQLException {
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
        ServerLog.Read log;
        Savepoint logSp = c.setSavepoint();
        try {
            log = ServerLog.read(c, since);
            c.releaseSavepoint(logSp);
        } catch (SQLException e) {
            // a server or a grant the checks above did not foresee: say so, keep the rest of the sample
            c.rollback(logSp);
            log = new ServerLog.Read(null, false, List.of(), List.of("Failed-permission and failed-login attempts are not watched: reading "
                    + "the server log failed (" + e.getMessage().lines().findFirst().orElse("") + ")."));
        }
        notes.addAll(log.notes());
        return new Reading(sessions, calls, log, notes);
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

    private List<Finding> compare(Connection c, Reading r, LogHistory history, Instant now) throws SQLException {
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
                        "-- if nobody expected it: select pg_terminate_backend(pid) from pg_stat_activity where usename = " + SqlNames.literal(s.role())
                                + "; then review its grants and rotate its password",
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
        if (r.log().next() != null) {
            if (r.log().counted()) out.addAll(failureSpikes(c, db, r.log().failures(), history, now));
            saveLogPosition(c, db, r.log().next(), history, now);
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

    /** A role's cumulative counts over the last 30 days in a sample table (access_sample or access_failure_sample). */
    private static List<Sample> samples(Connection c, String table, String column, String db, String role, Instant now) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select taken_at, " + column + " from " + table + " where connection = ? and role_name = ? "
                + "and taken_at >= ? order by taken_at")) {
            ps.setString(1, db);
            ps.setString(2, role);
            ps.setString(3, now.minus(Duration.ofDays(30)).toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) samples.add(new Sample(Instant.parse(rs.getString(1)), rs.getLong(2)));
            }
        }
        return samples;
    }

    private static void storeSample(Connection c, String table, String column, String db, String role, long count, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + table + " (connection, taken_at, role_name, " + column + ") values (?, ?, ?, ?)")) {
            ps.setString(1, db);
            ps.setString(2, now.toString());
            ps.setString(3, role);
            ps.setLong(4, count);
            ps.executeUpdate();
        }
    }

    /** Compares the rate since the role's last sample with its rate over the samples before; stores this sample. */
    private Finding spike(Connection c, String db, String role, long calls, Instant now) throws SQLException {
        List<Sample> samples = samples(c, "access_sample", "sensitive_calls", db, role, now);
        storeSample(c, "access_sample", "sensitive_calls", db, role, calls, now);
        Spike spike = spike(samples, calls, now, thresholds);
        if (spike == null) return null;
        long delta = spike.calls();
        ObjectNode ev = rates(JsonNodeFactory.instance.objectNode().put("role", role).put("calls_since_last_sample", delta), spike);
        return finding("sensitive-access-spike", Finding.Severity.HIGH, role, "Sudden rise in access to sensitive tables",
                "Role " + role + " ran " + delta + " statements naming sensitive tables since the last sample (" + tenth(spike.perMinuteNow())
                        + " a minute, against " + tenth(spike.perMinuteBefore()) + " before).",
                "-- find the statements: select query, calls from pg_stat_statements s join pg_roles r on r.oid = s.userid where r.rolname = "
                        + SqlNames.literal(role) + " order by calls desc;  -- and check who holds that role's credentials", ev);
    }

    /**
     * A role's failures as the spike test sees them: cumulative counts, with the reads in which it had no failures
     * filled in (zero before its first failure, unchanged after its last), so a role that never failed before has an
     * earlier rate of zero rather than no history.
     */
    static List<Sample> failureHistory(List<Sample> stored, Instant firstRead, Instant lastRead) {
        List<Sample> out = new ArrayList<>();
        if (stored.isEmpty() || stored.get(0).at().isAfter(firstRead)) out.add(new Sample(firstRead, 0));
        out.addAll(stored);
        Sample last = out.get(out.size() - 1);
        if (last.at().isBefore(lastRead)) out.add(new Sample(lastRead, last.calls()));
        return out;
    }

    /** Spikes of failed attempts per role, judged like sensitive-call spikes with advisors.access.permission_failures_min. */
    private List<Finding> failureSpikes(Connection c, String db, List<ServerLog.Failure> read, LogHistory history, Instant now) throws SQLException {
        Map<String, Failures> byRole = new LinkedHashMap<>();
        for (ServerLog.Failure f : read) {
            Failures was = byRole.getOrDefault(f.role(), new Failures(0, new LinkedHashMap<>(), new LinkedHashMap<>(), null));
            was.bySqlState().merge(f.sqlState(), 1L, Long::sum);
            was.byAddress().merge(f.address(), 1L, Long::sum);
            byRole.put(f.role(), new Failures(was.count() + 1, was.bySqlState(), was.byAddress(),
                    was.sampleMessage() != null ? was.sampleMessage() : f.message()));
        }
        Config.Access failureThresholds = new Config.Access(thresholds.spikeFactor(), thresholds.permissionFailuresMin(),
                thresholds.permissionFailuresMin());
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Failures> e : byRole.entrySet()) {
            String role = e.getKey();
            Failures f = e.getValue();
            List<Sample> samples = failureHistory(samples(c, "access_failure_sample", "failures", db, role, now), history.firstRead(),
                    history.lastRead());
            long total = samples.get(samples.size() - 1).calls() + f.count();
            storeSample(c, "access_failure_sample", "failures", db, role, total, now);
            Spike spike = spike(samples, total, now, failureThresholds);
            if (spike != null) out.add(failureFinding(role, f, spike));
        }
        return out;
    }

    private static Finding failureFinding(String loggedRole, Failures f, Spike spike) {
        String role = untrusted(loggedRole); // a failed login logs whatever name the client sent
        String message = untrusted(f.sampleMessage());
        ObjectNode ev = rates(JsonNodeFactory.instance.objectNode().put("role", role).put("failures_since_last_sample", f.count()), spike);
        f.bySqlState().forEach(ev.putObject("by_sqlstate")::put);
        f.byAddress().forEach(ev.putObject("by_client_addr")::put);
        ev.put("sample_message", message);
        StringBuilder states = new StringBuilder();
        f.bySqlState().forEach((code, n) -> states.append(states.isEmpty() ? "" : ", ").append(n).append(" × ").append(code)
                .append(code.equals("42501") ? " insufficient_privilege" : code.equals("28P01") ? " invalid_password" : " invalid_authorization"));
        return finding("permission-failure-spike", Finding.Severity.HIGH, role, "Spike in failed-permission or failed-login attempts",
                "Role " + role + " failed " + f.count() + " times since the last sample (" + states + "; from "
                        + String.join(", ", f.byAddress().keySet()) + "): " + tenth(spike.perMinuteNow()) + " a minute, against "
                        + tenth(spike.perMinuteBefore()) + " before. A message from the server log: \"" + message + "\".",
                "-- someone is probing with this role: find its attempts in the server log (SQLSTATE 42501, 28000, 28P01); if nobody "
                        + "expected them: alter role " + SqlNames.ident(role) + " nologin; then rotate its password and check who holds it",
                ev);
    }

    /** A message read from the server log, which anyone who can connect can shape: one line, at most 200 characters, secrets redacted. */
    static String untrusted(String message) {
        String line = message == null ? "" : message.replaceAll("\\p{Cntrl}+", " ").strip();
        line = Redactor.redact(line);
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }

    private static LogHistory logHistory(Connection c, String db) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select log_file, log_offset, first_read_at, last_read_at from access_log_position "
                + "where connection = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return new LogHistory(null, null, null);
                return new LogHistory(new ServerLog.Position(rs.getString(1), rs.getLong(2)), Instant.parse(rs.getString(3)),
                        Instant.parse(rs.getString(4)));
            }
        }
    }

    private static void saveLogPosition(Connection c, String db, ServerLog.Position next, LogHistory history, Instant now) throws SQLException {
        if (history.position() == null) {
            try (PreparedStatement ps = c.prepareStatement("insert into access_log_position (connection, log_file, log_offset, first_read_at, "
                    + "last_read_at) values (?, ?, ?, ?, ?)")) {
                ps.setString(1, db);
                ps.setString(2, next.file());
                ps.setLong(3, next.offset());
                ps.setString(4, now.toString());
                ps.setString(5, now.toString());
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update access_log_position set log_file = ?, log_offset = ?, last_read_at = ? "
                + "where connection = ?")) {
            ps.setString(1, next.file());
            ps.setLong(2, next.offset());
            ps.setString(3, now.toString());
            ps.setString(4, db);
            ps.executeUpdate();
        }
    }

    private static ObjectNode rates(ObjectNode evidence, Spike spike) {
        return evidence.put("per_minute_now", tenth(spike.perMinuteNow())).put("per_minute_before", tenth(spike.perMinuteBefore()));
    }

    private static double tenth(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static Finding finding(String rule, Finding.Severity severity, String subject, String title, String detail, String remediation,
                                   ObjectNode evidence) {
        return Finding.of(rule, severity, Finding.Category.SECURITY, subject, "", title, detail, remediation, evidence);
    }
}
