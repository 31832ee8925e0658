package io.dbwarden.advise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.config.Config;
import io.dbwarden.config.Redactor;
import io.dbwarden.db.Database;
import io.dbwarden.db.DatabaseException;
import io.dbwarden.db.SqlNames;
import io.dbwarden.db.SqlResource;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * check_integrity: finds the rows that break NOT VALID constraints, orphans of implied relationships ({@code *_id}
 * columns with no foreign key) and violations of the data quality checks declared in dbwarden.yaml. Everything runs
 * read-only; each probe has its own statement timeout, counts stop at a cap, and tables above
 * integrity.sample_rows_above are sampled (TABLESAMPLE SYSTEM), which the result says. The probes are built here
 * rather than kept in .sql files because they are templates over the names they check; every name is quoted.
 */
public final class Integrity {
    public static final String SCOPE = "integrity";
    /** Counts stop here: enough to size the problem without reading a huge table to the end. */
    static final int COUNT_CAP = 10_000;

    private final Database database;
    private final FindingStore store;
    private final Config.Integrity config;

    /** One probe's outcome: passed, failed (violations counted up to the cap), or error (timeout, bad check). */
    public record Result(String check, String kind, String subject, String status, long violations, boolean capped, boolean sampled,
                         List<Map<String, Object>> examples, String message) {
    }

    public record Report(String database, List<Result> results, List<Finding> findings) {
    }

    private record Probe(String check, String kind, String subject, String where, String table, boolean sampleable, String severity,
                         String rule, String title, String remediation) {
    }

    public Integrity(Database database, FindingStore store, Config.Integrity config) {
        this.database = database;
        this.store = store;
        this.config = config;
    }

    public Report check() {
        List<Probe> probes = database.readOnly(this::probes);
        List<Result> results = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Probe p : probes) {
            Result r = run(p);
            results.add(r);
            if (r.status().equals("failed")) findings.add(finding(p, r));
        }
        List<Finding> sorted = findings.stream().sorted(Finding.BY_SEVERITY).toList();
        // probes that errored are not a complete check of their subject: their old findings stay open
        List<String> unchecked = results.stream().filter(r -> r.status().equals("error")).map(Result::subject).toList();
        if (store != null) store.reconcile(database.name(), SCOPE, s -> !unchecked.contains(s.finding().subject()), sorted);
        return new Report(database.name(), results, sorted);
    }

    private List<Probe> probes(Connection c) throws SQLException {
        List<Probe> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Integrity.class, "integrity/not_valid_constraints.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String table = SqlNames.quote(rs.getString("schema_name")) + "." + SqlNames.quote(rs.getString("table_name"));
                String subject = rs.getString("schema_name") + "." + rs.getString("table_name") + "." + rs.getString("constraint_name");
                String name = rs.getString("constraint_name");
                String validate = "alter table " + table + " validate constraint " + SqlNames.quote(name) + ";  -- after fixing or deleting the rows below";
                if (rs.getString("kind").equals("c")) {
                    out.add(new Probe(name, "not_valid_check", subject, "(" + rs.getString("check_expr") + ") is false", table, true, "high",
                            "constraint-violations", "Rows break a NOT VALID constraint", validate));
                } else {
                    List<String> cols = List.of((String[]) rs.getArray("columns").getArray());
                    List<String> refs = List.of((String[]) rs.getArray("ref_columns").getArray());
                    String ref = SqlNames.quote(rs.getString("ref_schema")) + "." + SqlNames.quote(rs.getString("ref_table"));
                    out.add(new Probe(name, "not_valid_foreign_key", subject, missingParent(cols, ref, refs), table, true, "high",
                            "constraint-violations", "Rows break a NOT VALID constraint", validate));
                }
            }
        }
        if (config.impliedRelationships()) {
            try (PreparedStatement ps = NamedSql.prepare(c, SqlResource.load(Integrity.class, "integrity/implied_relationships.sql"),
                    Map.of("excluded_schemas", Advisors.EXCLUDED_SCHEMAS)); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = SqlNames.quote(rs.getString("schema_name")) + "." + SqlNames.quote(rs.getString("table_name"));
                    String ref = SqlNames.quote(rs.getString("ref_schema")) + "." + SqlNames.quote(rs.getString("ref_table"));
                    String col = rs.getString("column_name");
                    String subject = rs.getString("schema_name") + "." + rs.getString("table_name") + "." + col;
                    out.add(new Probe("orphans " + subject, "orphans", subject, missingParent(List.of(col), ref, List.of(rs.getString("ref_column"))),
                            table, true, "medium", "orphaned-rows", "Orphaned rows in an implied relationship",
                            "-- delete or fix the orphans, then keep the relationship:\nalter table " + table + " add foreign key (" + SqlNames.quote(col)
                                    + ") references " + ref + " not valid;\nalter table " + table + " validate constraint <its name>;"));
                }
            }
        }
        for (Config.DataCheck d : config.checks()) out.add(declared(d));
        return out;
    }

    /** Rows of {@code t} whose key columns are all set and match no row of the referenced table. */
    private static String missingParent(List<String> cols, String ref, List<String> refCols) {
        StringBuilder notNull = new StringBuilder();
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) {
            notNull.append(i == 0 ? "" : " and ").append("t.").append(SqlNames.quote(cols.get(i))).append(" is not null");
            match.append(i == 0 ? "" : " and ").append("r.").append(SqlNames.quote(refCols.get(i))).append(" = t.").append(SqlNames.quote(cols.get(i)));
        }
        return notNull + " and not exists (select 1 from " + ref + " r where " + match + ")";
    }

    private static Probe declared(Config.DataCheck d) {
        String table = d.table() == null ? null : qualified(d.table());
        String col = d.column() == null ? null : "t." + SqlNames.quote(d.column());
        String subject = d.table() == null ? d.name() : d.table() + (d.column() == null ? "" : "." + d.column());
        String where = switch (d.type()) {
            case "not_null" -> col + " is null";
            case "accepted_values" -> col + " is not null and " + col + "::text <> all (array[" + String.join(", ",
                    d.values().stream().map(SqlNames::literal).toList()) + "]::text[])";
            case "range" -> (d.min() == null ? "false" : col + " < " + SqlNames.literal(d.min())) + " or " + (d.max() == null ? "false" : col + " > " + SqlNames.literal(d.max()));
            case "referential" -> {
                String[] parts = d.references().split("\\.");
                String refTable = parts.length == 3 ? SqlNames.quote(parts[0]) + "." + SqlNames.quote(parts[1]) : qualified(parts[0]);
                yield missingParent(List.of(d.column()), refTable, List.of(parts[parts.length - 1]));
            }
            default -> null; // unique, freshness and custom are whole queries, built in run()
        };
        return new Probe(d.name(), d.type(), subject, where, table, java.util.Set.of("not_null", "accepted_values", "range", "referential").contains(d.type()),
                d.severity(), "data-check-failed", "Data check failed: " + d.name(), remediation(d));
    }

    private static String remediation(Config.DataCheck d) {
        return switch (d.type()) {
            case "not_null" -> "alter table " + qualified(d.table()) + " alter column " + SqlNames.quote(d.column()) + " set not null;  -- after filling the NULLs";
            case "unique" -> "-- remove the duplicates, then: create unique index concurrently on " + qualified(d.table()) + " (" + SqlNames.quote(d.column()) + ");";
            case "accepted_values", "range" -> "-- fix the rows, then keep it: alter table " + qualified(d.table())
                    + " add constraint <name> check (...) not valid; alter table ... validate constraint <name>;";
            case "referential" -> "-- fix the orphans, then: alter table " + qualified(d.table()) + " add foreign key (" + SqlNames.quote(d.column())
                    + ") references ... not valid; then validate it";
            case "freshness" -> "-- the job that writes " + d.table() + " has stopped or fallen behind: check it";
            default -> "-- the query in integrity.checks ('" + d.name() + "') returns the violating rows";
        };
    }

    private Result run(Probe p) {
        try {
            return database.readOnly(config.timeoutMs(), c -> switch (p.kind()) {
                case "unique" -> rows(c, p, "select t." + SqlNames.quote(declaredColumn(p)) + " as value, count(*) as copies from " + p.table() + " t where t."
                        + SqlNames.quote(declaredColumn(p)) + " is not null group by 1 having count(*) > 1", false);
                case "freshness" -> freshness(c, p);
                case "custom" -> rows(c, p, "select * from (" + stripSemicolon(customSql(p)) + ") v", false);
                default -> rows(c, p, "select * from " + p.table() + " t" + sample(c, p) + " where " + p.where(), true);
            });
        } catch (DatabaseException | IllegalArgumentException e) {
            return new Result(p.check(), p.kind(), p.subject(), "error", 0, false, false, List.of(), Redactor.redact(e.getMessage()));
        }
    }

    private final Map<String, Config.DataCheck> byName = new LinkedHashMap<>();

    private Config.DataCheck declaredCheck(Probe p) {
        if (byName.isEmpty()) for (Config.DataCheck d : config.checks()) byName.put(d.name(), d);
        return byName.get(p.check());
    }

    private String declaredColumn(Probe p) {
        return declaredCheck(p).column();
    }

    private String customSql(Probe p) {
        return declaredCheck(p).sql();
    }

    private Result freshness(Connection c, Probe p) throws SQLException {
        Config.DataCheck d = declaredCheck(p);
        String age = d.maxAge().replaceAll("\\s", "");
        String unit = switch (age.charAt(age.length() - 1)) {
            case 'm' -> "minutes";
            case 'h' -> "hours";
            default -> "days";
        };
        String sql = "select max(t." + SqlNames.quote(d.column()) + ")::text as newest from " + p.table() + " t having max(t." + SqlNames.quote(d.column())
                + ") is null or max(t." + SqlNames.quote(d.column()) + ") < now() - interval '" + age.substring(0, age.length() - 1) + " " + unit + "'";
        return rows(c, p, sql, false);
    }

    /** TABLESAMPLE for a table above the sampling threshold; the estimate is the planner's, read without a lock. */
    private String sample(Connection c, Probe p) throws SQLException {
        if (!p.sampleable()) return "";
        try (PreparedStatement ps = c.prepareStatement("select reltuples::bigint from pg_class where oid = to_regclass(?)")) {
            ps.setString(1, p.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > config.sampleRowsAbove()) return " tablesample system (" + config.samplePercent() + ")";
            }
        }
        return "";
    }

    private Result rows(Connection c, Probe p, String sql, boolean sampleable) throws SQLException {
        boolean sampled = sql.contains(" tablesample system (");
        List<Map<String, Object>> examples = new ArrayList<>();
        long count = 0;
        try (PreparedStatement ps = c.prepareStatement("select * from (" + sql + ") probe limit " + (COUNT_CAP + 1)); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                count++;
                if (examples.size() < config.maxExamples()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String v = rs.getString(i);
                        row.put(md.getColumnLabel(i), v != null && v.length() > 200 ? v.substring(0, 200) + "…" : v);
                    }
                    examples.add(row);
                }
            }
        }
        boolean capped = count > COUNT_CAP;
        long shown = Math.min(count, COUNT_CAP);
        return new Result(p.check(), p.kind(), p.subject(), shown == 0 ? "passed" : "failed", shown, capped, sampled && sampleable,
                examples, null);
    }

    private static Finding finding(Probe p, Result r) {
        ObjectNode ev = JsonNodeFactory.instance.objectNode().put("check", p.check()).put("kind", p.kind())
                .put("violations", r.violations()).put("capped", r.capped()).put("sampled", r.sampled());
        ArrayNode ex = ev.putArray("examples");
        for (Map<String, Object> row : r.examples()) ex.add(JsonNodeFactory.instance.pojoNode(row));
        String count = (r.capped() ? "more than " : "") + r.violations() + (r.sampled() ? " sampled" : "") + " row" + (r.violations() == 1 ? "" : "s");
        String detail = switch (p.kind()) {
            case "not_valid_check", "not_valid_foreign_key" -> count + " of " + p.table() + " break constraint " + p.check()
                    + ", which was added NOT VALID; VALIDATE CONSTRAINT would fail.";
            case "orphans" -> count + " of " + p.table() + " point at no row of the table the column name implies (no foreign key keeps it).";
            case "freshness" -> "The newest row of " + p.table() + " is from " + r.examples().stream().findFirst().map(m -> m.get("newest")).orElse("never")
                    + ", older than the check allows.";
            default -> count + " violate data check '" + p.check() + "' (" + p.kind() + ").";
        };
        return Finding.of(p.rule(), Finding.Severity.parse(p.severity()), Finding.Category.INTEGRITY, p.subject(), p.check(), p.title(),
                detail, p.remediation(), ev);
    }

    private static String stripSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
        if (s.contains(";")) throw new IllegalArgumentException("a custom check must be one query without ';'.");
        return s;
    }

    /** schema.table or table (public) as a quoted name. */
    private static String qualified(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? SqlNames.quote("public") + "." + SqlNames.quote(name) : SqlNames.quote(name.substring(0, dot)) + "." + SqlNames.quote(name.substring(dot + 1));
    }
}
