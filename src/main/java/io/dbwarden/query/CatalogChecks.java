package io.dbwarden.query;

import io.dbwarden.catalog.Catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks that need no workload, so they run even without pg_stat_statements: foreign keys with no index that
 * starts with their columns (every join and every ON DELETE of the parent scans the child), and RLS policies that
 * call auth functions or current_setting per row instead of once per statement.
 */
final class CatalogChecks {
    /** Below this many rows a sequential scan is as good as an index; no advice. */
    static final long SMALL_TABLE_ROWS = 1_000;
    private static final Pattern PER_ROW_CALL = Pattern.compile("(?i)(\\bselect\\s+)?\\b(auth\\.(uid|jwt|role|email)|current_setting)\\s*\\(");

    private CatalogChecks() {
    }

    static List<PlanIssue> unindexedForeignKeys(Catalog catalog) {
        List<PlanIssue> out = new ArrayList<>();
        for (Catalog.Table t : catalog.tables()) {
            if (t.stats() == null || t.stats().rowEstimate() < SMALL_TABLE_ROWS) continue;
            for (Catalog.Constraint fk : t.constraints()) {
                if (!fk.type().equals("foreign_key") || fk.columns().isEmpty()) continue;
                if (leadingIndex(t, fk.columns())) continue;
                String cols = String.join(", ", fk.columns().stream().map(CatalogChecks::ident).toList());
                out.add(new PlanIssue("unindexed-fk-join", t.qualifiedName(),
                        "Foreign key " + t.qualifiedName() + " (" + String.join(", ", fk.columns()) + ") has no index",
                        "Joins from " + fk.refSchema() + "." + fk.refTable() + " to " + t.name() + ", lookups by " + String.join(", ", fk.columns())
                                + ", and every delete or key update of a " + fk.refTable() + " row scan all ~" + t.stats().rowEstimate()
                                + " rows of " + t.name() + ".",
                        "CREATE INDEX CONCURRENTLY ON " + ident(t.schema()) + "." + ident(t.name()) + " (" + cols + ");"));
            }
        }
        return out;
    }

    /** True when a valid, non-partial index starts with exactly these columns, in any order. */
    static boolean leadingIndex(Catalog.Table t, List<String> columns) {
        for (Catalog.Index i : t.indexes()) {
            if (!i.valid() || i.predicate() != null || i.columns().size() < columns.size()) continue;
            if (new java.util.HashSet<>(i.columns().subList(0, columns.size())).equals(new java.util.HashSet<>(columns))) return true;
        }
        return false;
    }

    static List<PlanIssue> perRowPolicies(Catalog catalog) {
        List<PlanIssue> out = new ArrayList<>();
        for (Catalog.Table t : catalog.tables()) {
            if (!t.rlsEnabled()) continue;
            for (Catalog.Policy p : t.policies()) {
                for (String expr : new String[]{p.using(), p.withCheck()}) {
                    if (expr == null) continue;
                    Matcher m = PER_ROW_CALL.matcher(expr);
                    while (m.find()) {
                        if (m.group(1) != null) continue;
                        String call = m.group(2) + "()";
                        out.add(new PlanIssue("rls-per-row", t.qualifiedName(),
                                "Policy \"" + p.name() + "\" on " + t.qualifiedName() + " calls " + call + " for every row",
                                "The policy expression " + expr + " calls " + call + " directly, so PostgreSQL evaluates it once per row "
                                        + "the query reads instead of once per statement, and an index on the compared column cannot be used "
                                        + "as well as with a constant.",
                                "Wrap the call in a sub-select so it becomes an InitPlan evaluated once: replace " + call + " with (select "
                                        + call + ") in the policy (ALTER POLICY \"" + p.name() + "\" ON " + t.qualifiedName() + " USING (...))."));
                        break;
                    }
                }
            }
        }
        return out;
    }

    static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? name : WorkloadSource.quoteIdent(name);
    }
}
