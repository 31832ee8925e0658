package io.dbwarden.migrate;

import io.dbwarden.db.SqlLexer.Kind;
import io.dbwarden.db.SqlLexer.Token;
import io.dbwarden.db.SqlNames;
import io.dbwarden.migrate.StaticRules.ColState;
import io.dbwarden.migrate.StaticRules.Rel;
import io.dbwarden.migrate.StaticRules.TableState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The rows a data probe meets, as the probed statement will see them. Probes run on the target before the migration,
 * where a column or table that earlier statements add or rename is not there yet: the probe then reads the target's
 * table through a subquery that shows each row as it will be, an added column holding the value every existing row
 * gets (NULL, or its constant default). When that value, or the rows themselves, depend on what earlier statements
 * do (a non-constant default, a backfill), the rows cannot be known here and the probe says so instead of running.
 */
final class ProbeRows {

    /** {@code from}: a FROM item for the probe's query; or null, and {@code unknown} says why the rows cannot be known. */
    record Rows(String from, String unknown) {
    }

    private ProbeRows() {
    }

    /**
     * Records what the existing rows of {@code t} hold in a column that statement {@code index} adds: NULL without a
     * default, the default when it is a constant, and unknown otherwise.
     */
    static void added(ColState cs, int index, List<Token> defaultExpr, String type, boolean autoIncrement, boolean generated,
                      boolean typeMadeByScript) {
        cs.addedBy = index;
        if (autoIncrement || generated) {
            cs.fillUnknown = "column " + cs.name + ", added by statement " + index + ", gets a computed value in every existing row";
        } else if (typeMadeByScript) {
            cs.fillUnknown = "column " + cs.name + ", added by statement " + index + ", has a type the migration creates";
        } else if (defaultExpr == null || StaticRules.isNullLiteral(defaultExpr)) {
            cs.fill = "NULL::" + type;
        } else if (isConstant(defaultExpr)) {
            cs.fill = "(" + StaticRules.joinTokens(defaultExpr) + ")::" + type;
        } else {
            cs.fillUnknown = "column " + cs.name + ", added by statement " + index + ", has a default that is not a constant ("
                    + StaticRules.joinTokens(defaultExpr) + "), so what existing rows hold is known only once it runs";
        }
    }

    /** Literals, casts of them, signs and parentheses: the same value for every row, whenever it is computed. */
    static boolean isConstant(List<Token> expr) {
        boolean typeName = false;
        for (Token t : expr) {
            if (t.kind().isString() || t.kind() == Kind.NUMBER) {
                typeName = false;
            } else if (t.isPunctuation("::")) {
                typeName = true;
            } else if (t.isPunctuation("(") || t.isPunctuation(")") || t.isPunctuation("[") || t.isPunctuation("]")
                    || t.isPunctuation(",")) {
                // type modifiers such as varchar(20), array brackets
            } else if (t.kind() == Kind.OPERATOR && (t.text().equals("-") || t.text().equals("+"))) {
                typeName = false;
            } else if (t.kind() == Kind.IDENTIFIER && (t.isWord("true") || t.isWord("false") || t.isWord("null"))) {
                typeName = false;
            } else if (!(typeName && t.kind().isName())) {
                return false;
            }
        }
        return !expr.isEmpty();
    }

    /**
     * The FROM item for probing {@code t} (named {@code rel} at this point of the script) with {@code alias} (null: the
     * table's own name), given the columns the probe's query uses. Tables the catalog does not know are probed by name.
     */
    static Rows of(TableState t, Rel rel, String alias, Collection<String> usedColumns) {
        String as = alias == null ? "" : " " + alias;
        if (t == null) return new Rows(rel.sql() + as, null);
        if (t.rowsChangedBy > 0) {
            return new Rows(null, "statement " + t.rowsChangedBy + " changes the rows of " + rel + " before it, which a read of the "
                    + "rows there now cannot tell");
        }
        if (t.source == null) return new Rows(null, rel + " is created by the migration");
        Rel onTarget = new Rel(t.source.schema(), t.source.name());
        boolean same = onTarget.equals(rel);
        List<String> select = new ArrayList<>();
        select.add("t.ctid");
        for (ColState c : t.columns) {
            if (c.source != null) {
                String was = SqlNames.ident(c.source.name());
                String now = SqlNames.ident(c.name);
                select.add(was.equals(now) ? "t." + now : "t." + was + " AS " + now);
                if (!was.equals(now)) same = false;
                continue;
            }
            same = false;
            if (c.fill != null) {
                select.add(c.fill + " AS " + SqlNames.ident(c.name));
            } else if (usedColumns.contains(c.name)) {
                return new Rows(null, c.fillUnknown != null ? c.fillUnknown : "column " + c.name + " is new");
            }
        }
        if (same) return new Rows(rel.sql() + as, null);
        return new Rows("(SELECT " + String.join(", ", select) + " FROM " + onTarget.sql() + " t) "
                + (alias == null ? SqlNames.ident(rel.name()) : alias), null);
    }

    /** The names in an expression: the columns a CHECK may use (and some words that are not columns, which is harmless). */
    static List<String> names(List<Token> expr) {
        List<String> out = new ArrayList<>();
        for (Token t : expr) if (t.kind().isName()) out.add(t.value());
        return out;
    }
}
