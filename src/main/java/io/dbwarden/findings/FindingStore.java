package io.dbwarden.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.state.StateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Keeps each finding's lifecycle in the state store: opened, seen again, resolved when a complete check of the
 * same scope no longer produces it, and reopened when it comes back. Deduplication is by fingerprint. After each
 * check the transitions go to every sink (log, MCP clients, webhook, TaskMaster).
 */
public final class FindingStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore state;
    private final List<FindingSink> sinks = new CopyOnWriteArrayList<>();

    public FindingStore(StateStore state) {
        this.state = state;
    }

    public void addSink(FindingSink sink) {
        sinks.add(sink);
    }

    public void removeSink(FindingSink sink) {
        sinks.remove(sink);
    }

    /** Reconciles a complete check of {@code scope} over every object it covers. */
    public List<Transition> reconcile(String connection, String scope, Collection<Finding> produced) {
        return reconcile(connection, scope, stored -> true, produced);
    }

    /**
     * Reconciles a check of {@code scope} that covered only the stored findings {@code covered} accepts (a check of
     * some tables must not resolve findings about the others).
     */
    public List<Transition> reconcile(String connection, String scope, Predicate<StoredFinding> covered,
                                      Collection<Finding> produced) {
        Instant now = Instant.now();
        Map<String, Finding> byFingerprint = new LinkedHashMap<>();
        for (Finding f : produced) byFingerprint.putIfAbsent(f.fingerprint(), f);
        List<Transition> transitions = state.inTransaction(c -> {
            Map<String, StoredFinding> existing = new HashMap<>();
            for (StoredFinding s : select(c, "where connection = ? and scope = ?", List.of(connection, scope), Integer.MAX_VALUE)) {
                existing.put(s.finding().fingerprint(), s);
            }
            List<Transition> out = new ArrayList<>();
            for (Finding f : byFingerprint.values()) {
                StoredFinding old = existing.get(f.fingerprint());
                Transition.Kind kind = old == null ? Transition.Kind.OPENED
                        : old.status() == StoredFinding.Status.RESOLVED ? Transition.Kind.REOPENED : Transition.Kind.SEEN;
                upsert(c, connection, scope, f, old, kind, now);
                out.add(new Transition(kind, connection, f, now));
            }
            for (StoredFinding old : existing.values()) {
                if (old.status() == StoredFinding.Status.OPEN && !byFingerprint.containsKey(old.finding().fingerprint())
                        && covered.test(old)) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "update finding set status = 'resolved', resolved_at = ? where connection = ? and fingerprint = ?")) {
                        ps.setString(1, now.toString());
                        ps.setString(2, connection);
                        ps.setString(3, old.finding().fingerprint());
                        ps.executeUpdate();
                    }
                    out.add(new Transition(Transition.Kind.RESOLVED, connection, old.finding(), now));
                }
            }
            for (Transition t : out) {
                if (t.kind() == Transition.Kind.SEEN) continue;
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into finding_event (connection, fingerprint, transition, at) values (?, ?, ?, ?)")) {
                    ps.setString(1, connection);
                    ps.setString(2, t.finding().fingerprint());
                    ps.setString(3, t.kind().id());
                    ps.setString(4, now.toString());
                    ps.executeUpdate();
                }
            }
            return out;
        });
        // Sinks hear about transitions only once they are committed.
        for (FindingSink sink : sinks) sink.accept(transitions);
        return transitions;
    }

    /** Stored findings that match the query, most severe and most recent first. */
    public List<StoredFinding> query(FindingQuery q) {
        StringBuilder where = new StringBuilder("where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.connection() != null) {
            where.append(" and connection = ?");
            params.add(q.connection());
        }
        if (q.status() != null) {
            where.append(" and status = ?");
            params.add(q.status().id());
        }
        if (q.category() != null) {
            where.append(" and category = ?");
            params.add(q.category().id());
        }
        if (q.scope() != null) {
            where.append(" and scope = ?");
            params.add(q.scope());
        }
        if (q.objectContains() != null && !q.objectContains().isBlank()) {
            where.append(" and (lower(subject) like ? escape '!' or lower(title) like ? escape '!')");
            String like = "%" + q.objectContains().toLowerCase().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            params.add(like);
            params.add(like);
        }
        List<StoredFinding> all = state.withConnection(c -> select(c, where.toString(), params, Integer.MAX_VALUE));
        return all.stream()
                .filter(s -> q.minSeverity() == null || s.finding().severity().atLeast(q.minSeverity()))
                .sorted((a, b) -> {
                    int bySeverity = Integer.compare(a.finding().severity().ordinal(), b.finding().severity().ordinal());
                    return bySeverity != 0 ? bySeverity : b.lastSeen().compareTo(a.lastSeen());
                })
                .toList();
    }

    private static void upsert(Connection c, String connection, String scope, Finding f, StoredFinding old,
                               Transition.Kind kind, Instant now) throws SQLException {
        String evidence;
        try {
            evidence = JSON.writeValueAsString(f.evidence());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (old == null) {
            try (PreparedStatement ps = c.prepareStatement("insert into finding (connection, fingerprint, scope, rule_id, severity, "
                    + "category, subject, title, detail, remediation, evidence, status, first_seen, last_seen, times_seen, reopened) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, 1, 0)")) {
                int i = 1;
                ps.setString(i++, connection);
                ps.setString(i++, f.fingerprint());
                ps.setString(i++, scope);
                ps.setString(i++, f.ruleId());
                ps.setString(i++, f.severity().id());
                ps.setString(i++, f.category().id());
                ps.setString(i++, f.subject());
                ps.setString(i++, f.title());
                ps.setString(i++, f.detail());
                ps.setString(i++, f.remediation());
                ps.setString(i++, evidence);
                ps.setString(i++, now.toString());
                ps.setString(i, now.toString());
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update finding set scope = ?, rule_id = ?, severity = ?, category = ?, "
                + "subject = ?, title = ?, detail = ?, remediation = ?, evidence = ?, status = 'open', last_seen = ?, "
                + "resolved_at = null, times_seen = times_seen + 1, reopened = reopened + ? where connection = ? and fingerprint = ?")) {
            int i = 1;
            ps.setString(i++, scope);
            ps.setString(i++, f.ruleId());
            ps.setString(i++, f.severity().id());
            ps.setString(i++, f.category().id());
            ps.setString(i++, f.subject());
            ps.setString(i++, f.title());
            ps.setString(i++, f.detail());
            ps.setString(i++, f.remediation());
            ps.setString(i++, evidence);
            ps.setString(i++, now.toString());
            ps.setInt(i++, kind == Transition.Kind.REOPENED ? 1 : 0);
            ps.setString(i++, connection);
            ps.setString(i, f.fingerprint());
            ps.executeUpdate();
        }
    }

    private static List<StoredFinding> select(Connection c, String where, List<Object> params, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select connection, fingerprint, scope, rule_id, severity, category, subject, "
                + "title, detail, remediation, evidence, status, first_seen, last_seen, resolved_at, times_seen, reopened from finding "
                + where)) {
            for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
            List<StoredFinding> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    Finding f;
                    try {
                        f = new Finding(rs.getString("rule_id"), Finding.Severity.parse(rs.getString("severity")),
                                Finding.Category.parse(rs.getString("category")), rs.getString("subject"), rs.getString("title"),
                                rs.getString("detail"), rs.getString("remediation"), JSON.readTree(rs.getString("evidence")),
                                rs.getString("fingerprint"));
                    } catch (JsonProcessingException e) {
                        throw new SQLException("stored evidence is not JSON", e);
                    }
                    String resolved = rs.getString("resolved_at");
                    out.add(new StoredFinding(f, rs.getString("connection"), rs.getString("scope"),
                            StoredFinding.Status.valueOf(rs.getString("status").toUpperCase()), Instant.parse(rs.getString("first_seen")),
                            Instant.parse(rs.getString("last_seen")), resolved == null ? null : Instant.parse(resolved),
                            rs.getInt("times_seen"), rs.getInt("reopened")));
                }
            }
            return out;
        }
    }
}
