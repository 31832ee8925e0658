package io.dbwarden.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.db.Database;
import io.dbwarden.db.DatabaseException;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at the rows a migration will meet. The static rules ask (an issue with evidence {@code probe} and a bounded
 * {@code query}); each query runs read-only on the target under a statement timeout and returns at most a few
 * offending keys. Rows found turn a "might fail" into {@code fails}, with counts and samples; a probe that times out
 * on a huge table is reported as not checked, never as passed.
 */
final class DataProbes {
    /** Each probe gets this long: a scan that needs more is itself a warning about the table's size. */
    static final int PROBE_TIMEOUT_MS = 5_000;

    record Outcome(List<MigrationIssue> add, List<MigrationIssue> remove, List<String> notes) {
    }

    private DataProbes() {
    }

    static Outcome run(Database target, List<MigrationIssue> issues) {
        List<MigrationIssue> add = new ArrayList<>();
        List<MigrationIssue> remove = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (MigrationIssue i : issues) {
            JsonNode ev = i.evidence();
            if (ev == null || !ev.hasNonNull("probe")) continue;
            String probe = ev.get("probe").asText();
            if (!ev.hasNonNull("query")) {
                // Honest about what was not looked at: the rows are not knowable from here, or no query tests them.
                if (ev.hasNonNull("query_unavailable")) {
                    notes.add("Statement " + i.statementIndex() + " was not checked against the data: " + ev.get("query_unavailable").asText()
                            + ". (Not checked: " + i.message().replaceFirst("^Data check: ", "") + ")");
                }
                continue;
            }
            String query = ev.get("query").asText();
            List<List<String>> rows;
            try {
                rows = target.readOnly(PROBE_TIMEOUT_MS, c -> sample(c, query));
            } catch (DatabaseException e) {
                notes.add("Statement " + i.statementIndex() + ": the " + probe + " probe could not finish (" + e.getMessage()
                        + "); whether existing rows make it fail was not checked.");
                continue;
            }
            switch (probe) {
                case "empty" -> {
                    boolean populated = !rows.isEmpty();
                    // The static rule guessed from the row estimate; the probe knows.
                    if (populated && i.verdict() != Verdict.FAILS) {
                        add.add(found(i, "adding-not-null-without-default", "The table is not empty, so ADD COLUMN … NOT NULL without "
                                + "a default fails: existing rows would have no value for the new column.", rows));
                    } else if (!populated && i.verdict() == Verdict.FAILS) {
                        remove.add(i);
                        add.add(new MigrationIssue("required-column-breaks-inserts", Verdict.UNSAFE, MigrationIssue.Layer.DATA, i.file(),
                                i.statementIndex(), i.line(), i.lock(), i.blocks(), "The table is empty now, so the ALTER succeeds; but "
                                + "every INSERT that does not set the new NOT NULL column will fail from then on.", i.saferRewrite(), null, ev));
                    }
                }
                case "enum-label" -> {
                    if (!rows.isEmpty()) {
                        notes.add("Statement " + i.statementIndex() + ": the label is in use by existing rows (" + keys(rows) + ").");
                    }
                }
                default -> {
                    if (!rows.isEmpty()) {
                        String what = i.message().replaceFirst("^Data check: ", "");
                        add.add(found(i, i.ruleId(), "Rows of this database make statement " + i.statementIndex() + " fail: "
                                + keys(rows) + (rows.size() >= 10 ? " and more" : "") + ". (Checked: " + what + ")", rows));
                    }
                }
            }
        }
        return new Outcome(List.copyOf(add), List.copyOf(remove), List.copyOf(notes));
    }

    private static MigrationIssue found(MigrationIssue request, String rule, String message, List<List<String>> rows) {
        ObjectNode ev = request.evidence().deepCopy();
        ArrayNode sample = ev.putArray("sample");
        for (List<String> r : rows) {
            ArrayNode row = sample.addArray();
            r.forEach(row::add);
        }
        ev.put("rows_found", rows.size() >= 10 ? "10 or more" : String.valueOf(rows.size()));
        return new MigrationIssue(rule, Verdict.FAILS, MigrationIssue.Layer.DATA, request.file(), request.statementIndex(),
                request.line(), request.lock(), request.blocks(), message, request.saferRewrite(), request.estimate(), ev);
    }

    private static List<List<String>> sample(java.sql.Connection c, String query) throws java.sql.SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            st.setMaxRows(10);
            try (ResultSet rs = st.executeQuery(query)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int k = 1; k <= md.getColumnCount(); k++) {
                        String v = rs.getString(k);
                        row.add(v == null ? "NULL" : v.length() > 80 ? v.substring(0, 80) + "…" : v);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static String keys(List<List<String>> rows) {
        List<String> out = new ArrayList<>();
        for (List<String> r : rows) out.add(r.size() == 1 ? r.get(0) : "(" + String.join(", ", r) + ")");
        return String.join(", ", out);
    }
}
