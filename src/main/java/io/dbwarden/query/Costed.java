package io.dbwarden.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A statement the index advisor costs: prepared once when it has parameters, then planned with a custom plan per
 * parameter profile (the most common, the median and a rare value from pg_stats), so its cost is a mean over real
 * values rather than one generic plan. Holds the scans of the plans and the candidate indexes they suggest.
 */
record Costed(IndexAdvisor.Work work, String prepared, List<Profile> profiles, Set<String> tables, List<IndexAdvisor.Candidate> candidates,
              Planner planner) {

    /** Runs one EXPLAIN: as dbwarden's role, or as the application's role under row-level security. */
    @FunctionalInterface
    interface Planner {
        JsonNode explain(Connection c, String sql) throws SQLException;

        Planner OWN_ROLE = PlanAnalyzer::explain;

        static Planner as(AppRole role, String back) {
            return (c, sql) -> role.plan(c, back, conn -> PlanAnalyzer.explain(conn, sql));
        }
    }

    /** One parameter profile: the EXPLAIN that plans it, and its cost and scans without new indexes. */
    record Profile(String explain, double cost, List<PlanPredicates.Scan> scans) {
    }

    /** Plans the statement, or notes why it cannot be and returns null. */
    static Costed plan(Connection c, IndexAdvisor.Work work, Schema schema, Planner planner, List<String> notes) throws SQLException {
        String statement = PlanAnalyzer.plannable(PlanAnalyzer.strip(work.query()));
        var verdict = io.dbwarden.db.SqlGuard.checkExplainable(statement);
        if (!verdict.allowed()) {
            notes.add("Skipped (" + verdict.message() + "): " + QueryAnalyzer.abbreviate(work.query()));
            return null;
        }
        Savepoint sp = c.setSavepoint();
        String prepared = null;
        try {
            List<String> explains = new ArrayList<>();
            if (ParameterBinder.parameterCount(statement) == 0) {
                explains.add("EXPLAIN (VERBOSE, FORMAT JSON) " + statement);
            } else {
                PlanAnalyzer.Prepared p = PlanAnalyzer.prepare(c, statement, ParameterBinder.Profile.COMMON);
                prepared = p.name();
                Set<String> argumentLists = new LinkedHashSet<>();
                for (ParameterBinder.Profile profile : ParameterBinder.Profile.values()) {
                    List<String> values = new ArrayList<>();
                    for (ParameterBinder.Binding b : p.bindings()) values.add(b.values().get(profile));
                    argumentLists.add("(" + String.join(", ", values) + ")");
                }
                for (String args : argumentLists) explains.add("EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE " + p.name() + args);
            }
            List<Profile> profiles = new ArrayList<>();
            Set<String> tables = new LinkedHashSet<>();
            List<IndexAdvisor.Candidate> candidates = new ArrayList<>();
            for (String explain : explains) {
                JsonNode plan = planner.explain(c, explain).get(0).path("Plan");
                List<PlanPredicates.Scan> scans = PlanPredicates.scans(plan);
                profiles.add(new Profile(explain, plan.path("Total Cost").asDouble(), scans));
                for (PlanPredicates.Scan s : scans) {
                    tables.add(s.relation());
                    for (IndexAdvisor.Candidate cand : candidates(s, schema)) if (!candidates.contains(cand)) candidates.add(cand);
                }
            }
            c.releaseSavepoint(sp);
            return new Costed(work, prepared, profiles, tables, candidates, planner);
        } catch (SQLException e) {
            c.rollback(sp);
            String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            // Planned as an API role, a message may quote a JWT claim's value (invalid input syntax for type uuid: "…").
            if (planner != Planner.OWN_ROLE) why = why.replaceAll("\"[^\"]*\"", "\"…\"");
            notes.add("Not planned (" + why + "): " + QueryAnalyzer.abbreviate(work.query()));
            return null;
        }
    }

    /** The mean planned cost over the profiles, with whatever hypothetical indexes exist now. */
    double cost(Connection c) throws SQLException {
        double sum = 0;
        for (Profile p : profiles) sum += planner.explain(c, p.explain()).get(0).path("Plan").path("Total Cost").asDouble();
        return sum / profiles.size();
    }

    void close(Connection c) {
        if (prepared == null) return;
        try {
            PlanAnalyzer.deallocate(c, prepared);
        } catch (SQLException ignored) {
            // the transaction ends right after and takes the prepared statement with the session's state
        }
    }

    /**
     * Candidates for one scan: equality columns first, then one range column, or the sort columns; a partial index for
     * a constant predicate; INCLUDE of the few other output columns for an index-only scan.
     */
    static List<IndexAdvisor.Candidate> candidates(PlanPredicates.Scan s, Schema schema) {
        List<IndexAdvisor.Candidate> out = new ArrayList<>();
        if (schema.rows(s.relation()) < IndexAdvisor.TINY_TABLE_ROWS) return out;
        List<String> eq = s.equality();
        List<List<String>> keySets = new ArrayList<>();
        if (!eq.isEmpty()) keySets.add(eq);
        // The inner side of a join: its join column after its own equality filters, so each outer row is one index probe.
        if (s.seq()) for (String j : s.joins()) keySets.add(concat(eq, List.of(j)));
        if (!s.range().isEmpty()) keySets.add(concat(eq, List.of(s.range().get(0))));
        if (!s.sortKeys().isEmpty() && s.range().isEmpty() && (!eq.isEmpty() || s.limit() > 0)) {
            List<String> sorted = new ArrayList<>(eq);
            for (String k : s.sortKeys()) if (!sorted.contains(k)) sorted.add(k);
            keySets.add(sorted);
        }
        for (List<String> keys : keySets) {
            if (keys.isEmpty()) continue;
            out.add(new IndexAdvisor.Candidate(s.relation(), keys, List.of(), null));
            for (String constant : s.constants()) out.add(new IndexAdvisor.Candidate(s.relation(), keys, List.of(), constant));
        }
        if (!keySets.isEmpty()) {
            List<String> main = keySets.get(keySets.size() - 1);
            List<String> include = new ArrayList<>();
            for (String o : s.output()) if (!main.contains(o) && !include.contains(o)) include.add(o);
            if (!include.isEmpty() && include.size() <= 3 && main.stream().allMatch(k -> !k.startsWith("("))) {
                out.add(new IndexAdvisor.Candidate(s.relation(), main, include, null));
            }
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String x : b) if (!out.contains(x)) out.add(x);
        return out;
    }
}
