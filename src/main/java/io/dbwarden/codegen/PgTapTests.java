package io.dbwarden.codegen;

import io.dbwarden.catalog.Catalog;
import io.dbwarden.catalog.Catalog.Column;
import io.dbwarden.catalog.Catalog.Constraint;
import io.dbwarden.catalog.Catalog.Index;
import io.dbwarden.catalog.Catalog.Policy;
import io.dbwarden.catalog.Catalog.Table;
import io.dbwarden.catalog.Catalog.Trigger;
import io.dbwarden.catalog.Catalog.View;
import io.dbwarden.db.SqlNames;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Generates pgTAP test files from a {@link Catalog}, one per schema ({@code <testsDir>/<schema>.test.sql}), that pin the
 * schema as it is now: tables, columns and types, NOT NULL and defaults, keys, foreign keys, indexes, row level
 * security and its policies, triggers, enums, views and functions. They pass against the database they were generated
 * from, and the assertion that names a changed object fails once someone changes it.
 */
public final class PgTapTests {

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]");

    private PgTapTests() {
    }

    public static List<GeneratedFile> generate(Catalog catalog, CodegenOptions options) {
        List<GeneratedFile> files = new ArrayList<>();
        for (Catalog.Schema schema : catalog.schemas()) {
            if (!options.schemas().contains(schema.name())) continue;
            files.add(new GeneratedFile(dir(options.testsDir()) + fileStem(schema.name()) + ".test.sql",
                    new SchemaTests(schema.name()).render(catalog, options)));
        }
        return List.copyOf(files);
    }

    /**
     * A file name for a schema that is safe on every file system: the name itself when it is plain lower-case ASCII,
     * otherwise a sanitised form with a short hash, so that "Sales" and "sales" never share a file on macOS.
     */
    static String fileStem(String schema) {
        if (schema.matches("[a-z0-9_][a-z0-9_-]{0,62}")) return schema;
        String plain = schema.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "_");
        if (plain.length() > 40) plain = plain.substring(0, 40);
        return plain + "-" + shortHash(schema);
    }

    static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String dir(String d) {
        if (d == null || d.isEmpty() || d.equals(".")) return "";
        return d.endsWith("/") ? d : d + "/";
    }

    /** Builds one schema's file. The plan count is the number of assertions actually written. */
    private static final class SchemaTests {
        private final String schema;
        private final StringBuilder body = new StringBuilder(1 << 16);
        private int planned;

        SchemaTests(String schema) {
            this.schema = schema;
        }

        String render(Catalog catalog, CodegenOptions options) {
            assertion("has_schema(" + lit(schema) + ", " + desc("Schema " + display(schema) + " should exist") + ")");
            for (Table t : catalog.tables()) {
                if (t.schema().equals(schema) && options.wants(schema, t.name())) table(t);
            }
            for (View v : catalog.views()) {
                if (v.schema().equals(schema) && options.wants(schema, v.name())) view(v);
            }
            List<Catalog.EnumType> enums = catalog.enums().stream().filter(e -> e.schema().equals(schema)).toList();
            if (!enums.isEmpty()) section("Enums");
            for (Catalog.EnumType e : enums) {
                assertion("enum_has_labels(" + lit(schema) + ", " + lit(e.name()) + ", " + names(e.labels()) + ", "
                        + desc("Enum " + display(schema, e.name()) + " should have labels " + String.join(", ", e.labels())) + ")");
            }
            List<Catalog.Function> functions = catalog.functions().stream().filter(f -> f.schema().equals(schema)).toList();
            if (!functions.isEmpty()) section("Functions");
            for (Catalog.Function f : functions) {
                List<String> inputs = f.arguments().stream()
                        .filter(a -> a.mode().equals("in") || a.mode().equals("inout") || a.mode().equals("variadic"))
                        .map(Catalog.Argument::type).toList();
                assertion("has_function(" + lit(schema) + ", " + lit(f.name()) + ", " + names(inputs) + ", "
                        + desc((f.kind().equals("procedure") ? "Procedure " : "Function ") + display(schema, f.name())
                        + "(" + String.join(", ", inputs) + ") should exist") + ")");
            }
            return "-- pgTAP tests for schema " + comment(schema) + ", generated by dbwarden from the live schema.\n"
                    + "-- They pin the schema as it is: a failure names what changed. Run with pg_prove, `supabase test db`\n"
                    + "-- or psql; regenerate after an intended change.\n"
                    + "BEGIN;\n"
                    + "CREATE EXTENSION IF NOT EXISTS pgtap;\n"
                    + "SELECT plan(" + planned + ");\n"
                    + body
                    + "\nSELECT * FROM finish();\n"
                    + "ROLLBACK;\n";
        }

        private void table(Table t) {
            String s = lit(schema), n = lit(t.name()), name = display(schema, t.name());
            section("Table " + comment(name));
            if (t.kind().equals("foreign_table")) {
                assertion("has_foreign_table(" + s + ", " + n + ", " + desc("Foreign table " + name + " should exist") + ")");
            } else {
                assertion("has_table(" + s + ", " + n + ", " + desc("Table " + name + " should exist") + ")");
            }
            columns(t.name(), name, t.columns(), true);

            List<Constraint> pk = t.constraints().stream().filter(k -> k.type().equals("primary_key")).toList();
            if (pk.isEmpty()) {
                assertion("hasnt_pk(" + s + ", " + n + ", " + desc("Table " + name + " should have no primary key") + ")");
            } else {
                assertion("has_pk(" + s + ", " + n + ", " + desc("Table " + name + " should have a primary key") + ")");
                assertion("col_is_pk(" + s + ", " + n + ", " + names(pk.get(0).columns()) + ", "
                        + desc("Primary key of " + name + " should be (" + displayList(pk.get(0).columns()) + ")") + ")");
            }
            for (Constraint k : t.constraints()) {
                switch (k.type()) {
                    case "unique" -> assertion("col_is_unique(" + s + ", " + n + ", " + names(k.columns()) + ", "
                            + desc("Unique constraint " + display(k.name()) + " on " + name + " should cover ("
                            + displayList(k.columns()) + ")") + ")");
                    case "foreign_key" -> assertion("fk_ok(" + s + ", " + n + ", " + names(k.columns()) + ", "
                            + lit(k.refSchema()) + ", " + lit(k.refTable()) + ", " + names(k.refColumns()) + ", "
                            + desc("Foreign key " + display(k.name()) + ": " + name + "(" + displayList(k.columns())
                            + ") should reference " + display(k.refSchema(), k.refTable()) + "(" + displayList(k.refColumns()) + ")") + ")");
                    case "check", "exclusion" -> assertion("is((SELECT pg_catalog.pg_get_constraintdef(k.oid, true) "
                            + "FROM pg_catalog.pg_constraint k WHERE k.conrelid = " + relation(t.name()) + " AND k.conname = "
                            + lit(k.name()) + "), " + lit(k.definition()) + "::text, "
                            + desc("Constraint " + display(k.name()) + " on " + name + " should be " + k.definition()) + ")");
                    default -> {
                    }
                }
            }
            indexes(t.name(), name, t.indexes());

            String rls = !t.rlsEnabled() ? "disabled" : t.rlsForced() ? "enabled, forced" : "enabled";
            assertion("is((SELECT CASE WHEN c.relrowsecurity THEN CASE WHEN c.relforcerowsecurity THEN 'enabled, forced' "
                    + "ELSE 'enabled' END ELSE 'disabled' END FROM pg_catalog.pg_class c WHERE c.oid = " + relation(t.name())
                    + "), " + lit(rls) + "::text, " + desc("Row level security on " + name + " should be " + rls) + ")");
            assertion("policies_are(" + s + ", " + n + ", " + names(t.policies().stream().map(Policy::name).toList()) + ", "
                    + desc("Table " + name + " should have exactly the policies ["
                    + displayList(t.policies().stream().map(Policy::name).toList()) + "]") + ")");
            for (Policy p : t.policies()) policy(t.name(), name, p);

            assertion("triggers_are(" + s + ", " + n + ", " + names(t.triggers().stream().map(Trigger::name).toList()) + ", "
                    + desc("Table " + name + " should have exactly the triggers ["
                    + displayList(t.triggers().stream().map(Trigger::name).toList()) + "]") + ")");
            for (Trigger tr : t.triggers()) {
                assertion("is((SELECT pg_catalog.pg_get_triggerdef(g.oid, true) FROM pg_catalog.pg_trigger g WHERE g.tgrelid = "
                        + relation(t.name()) + " AND g.tgname = " + lit(tr.name()) + "), " + lit(tr.definition()) + "::text, "
                        + desc("Trigger " + display(tr.name()) + " on " + name + " should be " + tr.definition()) + ")");
            }
        }

        private void view(View v) {
            String name = display(schema, v.name());
            section((v.materialized() ? "Materialized view " : "View ") + comment(name));
            if (v.materialized()) {
                assertion("has_materialized_view(" + lit(schema) + ", " + lit(v.name()) + ", "
                        + desc("Materialized view " + name + " should exist") + ")");
            } else {
                assertion("has_view(" + lit(schema) + ", " + lit(v.name()) + ", " + desc("View " + name + " should exist") + ")");
            }
            columns(v.name(), name, v.columns(), false);
            if (v.materialized()) indexes(v.name(), name, v.indexes());
        }

        private void columns(String relation, String name, List<Column> columns, boolean isTable) {
            String s = lit(schema), n = lit(relation);
            assertion("columns_are(" + s + ", " + n + ", " + names(columns.stream().map(Column::name).toList()) + ", "
                    + desc((isTable ? "Table " : "View ") + name + " should have exactly the columns ["
                    + displayList(columns.stream().map(Column::name).toList()) + "]") + ")");
            for (Column c : columns) {
                String col = name + "." + display(c.name());
                String c3 = s + ", " + n + ", " + lit(c.name());
                String bare = bareType(c);
                String typeDesc = desc("Column " + col + " should be type " + c.type());
                if (colTypeIsCanCompare(c, bare)) {
                    assertion("col_type_is(" + c3 + ", " + lit(c.typeSchema()) + ", " + lit(bare) + ", " + typeDesc + ")");
                } else {
                    // col_type_is re-quotes a type spelling that holds quotes or brackets, so compare the same text it
                    // would: the type's schema, then format_type, whatever the search_path.
                    assertion("is((SELECT CASE WHEN pg_catalog.pg_type_is_visible(t.oid) THEN pg_catalog.quote_ident(tn.nspname) "
                            + "|| '.' ELSE '' END || pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a "
                            + "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace "
                            + "WHERE a.attrelid = " + relation(relation) + " AND a.attname = " + lit(c.name())
                            + " AND NOT a.attisdropped), pg_catalog.quote_ident(" + lit(c.typeSchema()) + ") || '.' || "
                            + lit(bare) + ", " + typeDesc + ")");
                }
                if (!isTable) continue;
                if (c.notNull()) {
                    assertion("col_not_null(" + c3 + ", " + desc("Column " + col + " should be NOT NULL") + ")");
                } else {
                    assertion("col_is_null(" + c3 + ", " + desc("Column " + col + " should allow NULL") + ")");
                }
                if (c.defaultValue() != null) {
                    assertion("col_has_default(" + c3 + ", " + desc("Column " + col + " should have a "
                            + (c.generated() != null ? "generation expression" : "default")) + ")");
                } else {
                    assertion("col_hasnt_default(" + c3 + ", " + desc("Column " + col + " should have no default") + ")");
                }
            }
        }

        private void indexes(String relation, String name, List<Index> indexes) {
            assertion("indexes_are(" + lit(schema) + ", " + lit(relation) + ", " + names(indexes.stream().map(Index::name).toList())
                    + ", " + desc(name + " should have exactly the indexes ["
                    + displayList(indexes.stream().map(Index::name).toList()) + "]") + ")");
            for (Index i : indexes) {
                // One comparison of the whole definition covers columns, expressions, uniqueness, method and predicate.
                assertion("is((SELECT pg_catalog.pg_get_indexdef(i.indexrelid) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic "
                        + "ON ic.oid = i.indexrelid WHERE i.indrelid = " + relation(relation) + " AND ic.relname = " + lit(i.name())
                        + "), " + lit(i.definition()) + "::text, "
                        + desc("Index " + display(i.name()) + " on " + name + " should be " + i.definition()) + ")");
            }
        }

        private void policy(String relation, String name, Policy p) {
            String s = lit(schema), n = lit(relation), pn = lit(p.name());
            String what = "Policy " + display(p.name()) + " on " + name;
            assertion("policy_cmd_is(" + s + ", " + n + ", " + pn + ", " + lit(p.command()) + ", "
                    + desc(what + " should apply to " + p.command()) + ")");
            String rolesDesc = desc(what + " should apply to roles [" + String.join(", ", p.roles()) + "]");
            if (p.roles().contains("public")) {
                // pgTAP's policy_roles_are looks roles up in pg_roles, where PUBLIC (oid 0) has no row.
                assertion("is(ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END "
                        + "FROM pg_catalog.pg_policy p, unnest(p.polroles) r WHERE p.polrelid = " + relation(relation)
                        + " AND p.polname = " + pn + " ORDER BY 1), ARRAY(SELECT unnest(" + names(p.roles()) + ")::text ORDER BY 1), "
                        + rolesDesc + ")");
            } else {
                assertion("policy_roles_are(" + s + ", " + n + ", " + pn + ", " + names(p.roles()) + ", " + rolesDesc + ")");
            }
            String rule = policyRule(p);
            assertion("is((SELECT CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END"
                    + " || coalesce(' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid, true) || ')', '')"
                    + " || coalesce(' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true) || ')', '')"
                    + " FROM pg_catalog.pg_policy p WHERE p.polrelid = " + relation(relation) + " AND p.polname = " + pn + "), "
                    + lit(rule) + "::text, " + desc(what + " should be " + rule) + ")");
        }

        /** The oid of a relation in this schema, or NULL when it is gone (so the assertion fails rather than errors). */
        private String relation(String relation) {
            return "(SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = " + lit(schema) + " AND c.relname = " + lit(relation) + ")";
        }

        private void section(String title) {
            body.append("\n-- ").append(title).append('\n');
        }

        private void assertion(String call) {
            body.append("SELECT ").append(call).append(";\n");
            planned++;
        }
    }

    static String policyRule(Policy p) {
        return (p.permissive() ? "PERMISSIVE" : "RESTRICTIVE")
                + (p.using() == null ? "" : " USING (" + p.using() + ")")
                + (p.withCheck() == null ? "" : " WITH CHECK (" + p.withCheck() + ")");
    }

    /**
     * The column's type as format_type spells it when the type is visible: the reader's search_path may have made
     * format_type qualify it, and col_type_is adds the schema itself.
     */
    static String bareType(Column c) {
        String type = c.type();
        if (c.typeSchema() == null) return type;
        String plain = c.typeSchema() + ".";
        String quoted = SqlNames.quote(c.typeSchema()) + ".";
        if (type.startsWith(quoted)) return type.substring(quoted.length());
        if (type.startsWith(plain)) return type.substring(plain.length());
        return type;
    }

    /**
     * Whether pgTAP's col_type_is compares this type correctly. It quotes the wanted spelling whenever the actual one
     * holds a double quote, which breaks quoted names and arrays or typmods in schemas that need quoting.
     */
    private static boolean colTypeIsCanCompare(Column c, String bare) {
        if (c.typeSchema() == null || bare.contains("\"")) return false;
        return c.typeSchema().equals("pg_catalog") || c.typeSchema().equals("public") || PLAIN_IDENTIFIER.matcher(bare).matches();
    }

    /** A SQL string literal, correct whatever standard_conforming_strings says. */
    static String lit(String s) {
        return s == null ? "NULL" : SqlNames.literal(s);
    }

    /**
     * A TAP description on one line: '#' is escaped so that a name like "x # SKIP" cannot turn a failure into a skip,
     * and line breaks are written as \n so that the ok line names the whole object.
     */
    static String desc(String text) {
        return lit(text.replace("#", "\\#").replace("\r", "\\r").replace("\n", "\\n"));
    }

    static String names(List<String> values) {
        if (values.isEmpty()) return "'{}'::name[]";
        StringBuilder sb = new StringBuilder("ARRAY[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(lit(values.get(i)));
        }
        return sb.append("]::name[]").toString();
    }

    /** An identifier as a reader expects it in a message: quoted only when it needs to be. */
    static String display(String identifier) {
        return SqlNames.ident(identifier);
    }

    static String display(String schema, String name) {
        return display(schema) + "." + display(name);
    }

    private static String displayList(List<String> identifiers) {
        return String.join(", ", identifiers.stream().map(PgTapTests::display).toList());
    }

    /** Text for a {@code --} comment: a line break in a name would end the comment and turn the rest into SQL. */
    private static String comment(String text) {
        return CONTROL.matcher(text).replaceAll(" ");
    }
}
