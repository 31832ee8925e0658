package io.dbwarden.migrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.catalog.Catalog;
import io.dbwarden.db.SqlLexer;
import io.dbwarden.db.SqlLexer.Kind;
import io.dbwarden.db.SqlLexer.Token;
import io.dbwarden.db.SqlNames;
import io.dbwarden.migrate.MigrationIssue.Layer;
import io.dbwarden.migrate.MigrationScript.Statement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static layer of the migration validator: every hazard of migration-safety.md §2 that the SQL text, the
 * target's catalog and the runner's transaction semantics decide. It walks the statements in order with a model of
 * the schema (the catalog plus what the script created, altered and validated so far), the transaction state and
 * the session's lock_timeout. Data-dependent failures are left to the data layer: for each of them this layer emits
 * a SAFE issue whose evidence has a {@code probe} field saying exactly what to query.
 */
public final class StaticRules {

    static final long MB = 1024L * 1024L;
    /** Assumed sequential scan speed for scan estimates (stated in every estimate). */
    static final long SCAN_BYTES_PER_SECOND = 100 * MB;
    /** Assumed rewrite speed (heap and indexes written again) for rewrite estimates. */
    static final long REWRITE_BYTES_PER_SECOND = 30 * MB;
    /** An UPDATE or DELETE over more rows than this in one transaction should be batched. */
    static final long LARGE_TABLE_ROWS = 100_000;
    static final long LARGE_TABLE_BYTES = 100 * MB;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StaticRules() {
    }

    /**
     * Checks {@code script} against {@code target} as {@code mode} would run it. {@code serverVersionNum} is the
     * target's server_version_num (0: take the catalog's). Issues come back in statement order.
     */
    public static List<MigrationIssue> check(MigrationScript script, Catalog target, RunnerMode mode,
                                             int serverVersionNum) {
        Objects.requireNonNull(script, "script");
        Checker checker = new Checker(script, target == null ? emptyCatalog() : target,
                mode == null ? RunnerMode.AUTOCOMMIT : mode, serverVersionNum);
        return checker.run();
    }

    /**
     * The schema as this layer believes it is after {@code script} ran on {@code base}: tables, columns,
     * constraints (with their validity), indexes, views, enums, domains and functions the script created or changed,
     * and rough row counts from its INSERTs. Approximate by design; tests use it to build catalogs from setup SQL.
     */
    static Catalog simulate(Catalog base, MigrationScript script) {
        Checker checker = new Checker(script, base, RunnerMode.AUTOCOMMIT, base.serverVersionNum());
        checker.run();
        return checker.model.toCatalog(base);
    }

    static Catalog emptyCatalog() {
        return new Catalog("", 0, List.of(new Catalog.Schema("public", null, null)), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of());
    }

    // ------------------------------------------------------------------------------------------------ lock modes

    /** Table lock modes, weakest first (§1). */
    enum LockMode {
        ACCESS_SHARE("AccessShareLock"),
        ROW_SHARE("RowShareLock"),
        ROW_EXCLUSIVE("RowExclusiveLock"),
        SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock"),
        SHARE("ShareLock"),
        SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock"),
        EXCLUSIVE("ExclusiveLock"),
        ACCESS_EXCLUSIVE("AccessExclusiveLock");

        final String pgName;

        LockMode(String pgName) {
            this.pgName = pgName;
        }

        /** eugene's definition: conflicts with SELECT, INSERT, UPDATE, DELETE or SELECT FOR UPDATE. */
        boolean dangerous() {
            return ordinal() >= SHARE.ordinal();
        }

        String blocks() {
            return switch (this) {
                case ACCESS_EXCLUSIVE -> "reads and writes";
                case EXCLUSIVE -> "writes and SELECT … FOR UPDATE";
                case SHARE, SHARE_ROW_EXCLUSIVE -> "writes";
                default -> "nothing";
            };
        }

        LockMode max(LockMode other) {
            return other == null || other.ordinal() <= ordinal() ? this : other;
        }
    }

    /** A relation name resolved to its schema. */
    record Rel(String schema, String name) {
        @Override
        public String toString() {
            return schema + "." + name;
        }

        /** As it would be written in SQL on the default search_path. */
        String sql() {
            return ("public".equals(schema) ? "" : SqlNames.ident(schema) + ".") + SqlNames.ident(name);
        }
    }


    // ------------------------------------------------------------------------------------------------ tokens

    /** A read position in a token list, with the few moves a recursive-descent reader needs. */
    static final class Cursor {
        final List<Token> t;
        int i;

        Cursor(List<Token> tokens) {
            this(tokens, 0);
        }

        Cursor(List<Token> tokens, int start) {
            this.t = tokens;
            this.i = start;
        }

        boolean atEnd() {
            return i >= t.size();
        }

        Token peek() {
            return peek(0);
        }

        Token peek(int k) {
            int j = i + k;
            return j >= 0 && j < t.size() ? t.get(j) : null;
        }

        String word() {
            return word(0);
        }

        String word(int k) {
            Token tok = peek(k);
            return tok != null && tok.kind() == Kind.IDENTIFIER ? tok.value() : "";
        }

        boolean is(String... words) {
            for (int k = 0; k < words.length; k++) {
                if (!word(k).equals(words[k])) return false;
            }
            return true;
        }

        boolean accept(String... words) {
            if (!is(words)) return false;
            i += words.length;
            return true;
        }

        boolean isPunct(String p) {
            Token tok = peek();
            return tok != null && tok.isPunctuation(p);
        }

        boolean acceptPunct(String p) {
            if (!isPunct(p)) return false;
            i++;
            return true;
        }

        Token next() {
            return t.get(i++);
        }

        boolean isName() {
            Token tok = peek();
            return tok != null && tok.kind().isName();
        }

        /** An identifier's value (folded if unquoted), or "" if the next token is not a name. */
        String name() {
            if (!isName()) return "";
            return next().value();
        }

        /** name [. name [. name]] */
        List<String> qualifiedName() {
            List<String> parts = new ArrayList<>();
            if (!isName()) return parts;
            parts.add(next().value());
            while (isPunct(".") && peek(1) != null && peek(1).kind().isName()) {
                i++;
                parts.add(next().value());
            }
            return parts;
        }

        /** Skips a balanced ( … ) group if one starts here. */
        void skipGroup() {
            if (!isPunct("(") && !isPunct("[")) return;
            int depth = 0;
            while (!atEnd()) {
                Token tok = next();
                if (tok.isPunctuation("(") || tok.isPunctuation("[")) depth++;
                else if ((tok.isPunctuation(")") || tok.isPunctuation("]")) && --depth == 0) return;
            }
        }

        /** The tokens inside the ( … ) group that starts here (without the parentheses); empty if none. */
        List<Token> group() {
            if (!isPunct("(")) return List.of();
            int start = i + 1;
            skipGroup();
            int end = Math.max(start, i - 1);
            return t.subList(start, Math.min(end, t.size()));
        }

        /** Tokens from here up to (not including) the first depth-0 token that {@code stop} accepts. */
        List<Token> until(Predicate<Cursor> stop) {
            int start = i;
            while (!atEnd()) {
                if (stop.test(this)) break;
                if (isPunct("(") || isPunct("[")) skipGroup();
                else i++;
            }
            return t.subList(start, i);
        }

        List<Token> rest() {
            List<Token> r = t.subList(Math.min(i, t.size()), t.size());
            i = t.size();
            return r;
        }
    }

    /** Splits at depth-0 commas. */
    static List<List<Token>> splitCommas(List<Token> tokens) {
        List<List<Token>> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int k = 0; k < tokens.size(); k++) {
            Token tok = tokens.get(k);
            if (tok.isPunctuation("(") || tok.isPunctuation("[")) depth++;
            else if (tok.isPunctuation(")") || tok.isPunctuation("]")) depth--;
            else if (tok.isPunctuation(",") && depth == 0) {
                if (k > start) out.add(tokens.subList(start, k));
                start = k + 1;
            }
        }
        if (tokens.size() > start) out.add(tokens.subList(start, tokens.size()));
        return out;
    }

    /** Removes redundant outer parentheses: ((a IS NOT NULL)) → a IS NOT NULL. */
    static List<Token> stripParens(List<Token> tokens) {
        List<Token> cur = tokens;
        while (cur.size() >= 2 && cur.get(0).isPunctuation("(") && cur.get(cur.size() - 1).isPunctuation(")")) {
            int depth = 0;
            boolean wraps = true;
            for (int k = 0; k < cur.size(); k++) {
                Token tok = cur.get(k);
                if (tok.isPunctuation("(")) depth++;
                else if (tok.isPunctuation(")")) {
                    depth--;
                    if (depth == 0 && k < cur.size() - 1) {
                        wraps = false;
                        break;
                    }
                }
            }
            if (!wraps) break;
            cur = cur.subList(1, cur.size() - 1);
        }
        return cur;
    }

    /** The source text of a token range, exactly as written in the statement. */
    static String src(Statement st, List<Token> tokens) {
        if (tokens.isEmpty()) return "";
        int base = st.tokens().get(0).start();
        int from = tokens.get(0).start() - base;
        int to = tokens.get(tokens.size() - 1).end() - base;
        if (from < 0 || to > st.sql().length() || from > to) return joinTokens(tokens);
        return st.sql().substring(from, to);
    }

    /** Token texts joined with single spaces where the source had any (for text not taken from a statement). */
    static String joinTokens(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        Token prev = null;
        for (Token tok : tokens) {
            if (prev != null && tok.start() > prev.end()) sb.append(' ');
            sb.append(tok.text());
            prev = tok;
        }
        return sb.toString();
    }

    static List<Token> lex(String sql) {
        if (sql == null) return List.of();
        try {
            return SqlLexer.tokenize(sql);
        } catch (SqlLexer.LexException e) {
            return List.of();
        }
    }

    // ------------------------------------------------------------------------------------------------ types

    /** A column type in format_type's spelling, with the element type's bare name (for enum and domain lookups). */
    record TypeName(String formatted, String base, String typmod, int arrayDims, String schema, boolean serial) {
        String withoutArray() {
            return formatted.replace("[]", "");
        }
    }

    private static final Map<String, String> TYPE_ALIASES = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("integer", "integer"),
            Map.entry("int8", "bigint"), Map.entry("bigint", "bigint"),
            Map.entry("int2", "smallint"), Map.entry("smallint", "smallint"),
            Map.entry("serial", "integer"), Map.entry("serial4", "integer"),
            Map.entry("bigserial", "bigint"), Map.entry("serial8", "bigint"),
            Map.entry("smallserial", "smallint"), Map.entry("serial2", "smallint"),
            Map.entry("varchar", "character varying"), Map.entry("character varying", "character varying"),
            Map.entry("char varying", "character varying"),
            Map.entry("char", "character"), Map.entry("character", "character"), Map.entry("bpchar", "bpchar"),
            Map.entry("float8", "double precision"), Map.entry("double precision", "double precision"),
            Map.entry("float4", "real"), Map.entry("real", "real"),
            Map.entry("decimal", "numeric"), Map.entry("numeric", "numeric"),
            Map.entry("bool", "boolean"), Map.entry("boolean", "boolean"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timestamp without time zone", "timestamp without time zone"),
            Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("timestamp with time zone", "timestamp with time zone"),
            Map.entry("time", "time without time zone"), Map.entry("time without time zone", "time without time zone"),
            Map.entry("timetz", "time with time zone"), Map.entry("time with time zone", "time with time zone"),
            Map.entry("varbit", "bit varying"), Map.entry("bit varying", "bit varying"));

    /** Normalises a type as written (int4, varchar(20), timestamptz, text[]) to format_type's text. */
    static TypeName normalizeType(List<Token> tokens) {
        List<Token> toks = new ArrayList<>(tokens);
        int dims = 0;
        // Array suffixes: [] or [n], repeated, or the ARRAY keyword.
        while (toks.size() >= 2 && toks.get(toks.size() - 1).isPunctuation("]")) {
            int open = toks.size() - 2;
            while (open >= 0 && !toks.get(open).isPunctuation("[")) open--;
            if (open < 0) break;
            toks = new ArrayList<>(toks.subList(0, open));
            dims++;
        }
        if (!toks.isEmpty() && toks.get(toks.size() - 1).isWord("array")) {
            toks.remove(toks.size() - 1);
            dims = Math.max(dims, 1);
        }
        // Schema-qualified names.
        String schema = null;
        if (toks.size() >= 3 && toks.get(1).isPunctuation(".") && toks.get(0).kind().isName()
                && toks.get(2).kind().isName()) {
            schema = toks.get(0).value();
            toks = new ArrayList<>(toks.subList(2, toks.size()));
        }
        List<String> words = new ArrayList<>();
        String typmod = null;
        boolean quoted = false;
        for (int k = 0; k < toks.size(); k++) {
            Token tok = toks.get(k);
            if (tok.isPunctuation("(")) {
                int depth = 0;
                StringBuilder mod = new StringBuilder();
                for (; k < toks.size(); k++) {
                    Token m = toks.get(k);
                    if (m.isPunctuation("(")) {
                        if (depth++ > 0) mod.append('(');
                    } else if (m.isPunctuation(")")) {
                        if (--depth == 0) break;
                        mod.append(')');
                    } else {
                        mod.append(m.text().replace(" ", ""));
                    }
                }
                if (typmod == null) typmod = mod.toString();
            } else if (tok.kind().isName()) {
                if (tok.kind() != Kind.IDENTIFIER) quoted = true;
                words.add(tok.value());
            }
        }
        String joined = String.join(" ", words);
        boolean serial = Set.of("serial", "serial4", "bigserial", "serial8", "smallserial", "serial2").contains(joined);
        String base;
        if (quoted) {
            base = joined;
        } else if (joined.startsWith("interval")) {
            base = "interval";
            String fields = joined.substring("interval".length()).trim();
            if (!fields.isEmpty()) joined = "interval " + fields;
        } else if (joined.equals("float") || joined.equals("double")) {
            base = typmod != null && isInt(typmod) && Integer.parseInt(typmod) <= 24 ? "real" : "double precision";
            typmod = null;
        } else {
            base = TYPE_ALIASES.getOrDefault(joined, joined);
        }
        if (schema != null && (schema.equals("pg_catalog") || schema.equals("public"))) schema = null;
        if (typmod == null) {
            if (base.equals("character") && !quoted) typmod = "1";
            if (base.equals("bit") && !quoted) typmod = "1";
        }
        if (base.equals("numeric") && typmod != null && isInt(typmod)) typmod = typmod + ",0";
        String formatted;
        if (base.endsWith(" time zone") && typmod != null) {
            int sp = base.indexOf(' ');
            formatted = base.substring(0, sp) + "(" + typmod + ")" + base.substring(sp);
        } else if (base.equals("interval") && joined.length() > "interval".length()) {
            formatted = joined + (typmod == null ? "" : "(" + typmod + ")");
        } else {
            String name = quoted ? SqlNames.ident(base) : base;
            formatted = (schema == null ? "" : SqlNames.ident(schema) + ".") + name + (typmod == null ? "" : "(" + typmod + ")");
        }
        formatted = formatted + "[]".repeat(dims);
        return new TypeName(formatted, base, typmod, dims, schema, serial);
    }

    static TypeName normalizeType(String formatted) {
        return normalizeType(lex(formatted));
    }

    private static boolean isInt(String s) {
        return s != null && s.matches("\\d+");
    }

    /**
     * Whether changing a column from {@code from} to {@code to} keeps every stored value as it is, so PostgreSQL
     * skips the rewrite: varchar widened or to text, numeric precision raised at the same scale, cidr → inet,
     * time precision raised, and the same type. timestamp → timestamptz is decided elsewhere (it depends on TimeZone).
     */
    static boolean binaryCoercible(TypeName from, TypeName to) {
        if (from.formatted().equals(to.formatted())) return true;
        if (from.arrayDims() != to.arrayDims()) return false;
        String fb = from.base();
        String tb = to.base();
        if (fb.equals("character varying")) {
            if (tb.equals("text")) return true;
            if (tb.equals("character varying")) {
                if (to.typmod() == null) return true;
                return from.typmod() != null && isInt(from.typmod()) && isInt(to.typmod())
                        && Integer.parseInt(to.typmod()) >= Integer.parseInt(from.typmod());
            }
            return false;
        }
        if (fb.equals("text")) return tb.equals("character varying") && to.typmod() == null;
        if (fb.equals("numeric") && tb.equals("numeric")) {
            if (to.typmod() == null) return true;
            if (from.typmod() == null) return false;
            String[] f = from.typmod().split(",");
            String[] t = to.typmod().split(",");
            return f.length == 2 && t.length == 2 && f[1].equals(t[1]) && isInt(f[0]) && isInt(t[0])
                    && Integer.parseInt(t[0]) >= Integer.parseInt(f[0]);
        }
        if (fb.equals("cidr") && tb.equals("inet")) return true;
        if (fb.equals("bit varying") && tb.equals("bit varying")) {
            if (to.typmod() == null) return true;
            return isInt(from.typmod()) && isInt(to.typmod())
                    && Integer.parseInt(to.typmod()) >= Integer.parseInt(from.typmod());
        }
        if (fb.equals(tb) && (fb.startsWith("timestamp") || fb.startsWith("time ") || fb.equals("interval"))) {
            if (to.typmod() == null) return true;
            return isInt(from.typmod()) && isInt(to.typmod())
                    && Integer.parseInt(to.typmod()) >= Integer.parseInt(from.typmod());
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ volatility

    private static final List<String> INTEGER_WIDTHS = List.of("smallint", "integer", "bigint");

    /** Conversions that rewrite but accept every value: integer widening, to text, real → double, date → timestamp. */
    static boolean castCannotFail(TypeName from, TypeName to) {
        if (from.arrayDims() != to.arrayDims()) return false;
        String fb = from.base();
        String tb = to.base();
        if (tb.equals("text") || (tb.equals("character varying") && to.typmod() == null)) return true;
        int fi = INTEGER_WIDTHS.indexOf(fb);
        int ti = INTEGER_WIDTHS.indexOf(tb);
        if (fi >= 0 && ti >= fi) return true;
        if (fi >= 0 && tb.equals("numeric") && to.typmod() == null) return true;
        if (fi >= 0 && tb.equals("double precision")) return true;
        if (fb.equals("real") && tb.equals("double precision")) return true;
        return fb.equals("date") && tb.startsWith("timestamp");
    }

    /** Built-in functions that are VOLATILE (pg_proc.provolatile = 'v'), including the common extensions'. */
    static final Set<String> VOLATILE_BUILTINS = Set.of("random", "random_normal", "setseed", "clock_timestamp",
            "timeofday", "gen_random_uuid", "uuidv4", "uuidv7", "nextval", "setval", "currval", "lastval",
            "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "gen_random_bytes", "gen_salt",
            "pg_sleep", "dblink", "txid_current_if_assigned", "pg_current_xact_id_if_assigned");

    /** Keywords that look like function calls in an expression but are constructs of the grammar. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("cast", "coalesce", "nullif", "greatest", "least",
            "extract", "position", "substring", "trim", "overlay", "row", "array", "case", "in", "exists", "any",
            "all", "some", "values", "interval", "numeric", "decimal", "varchar", "char", "character", "timestamp",
            "time", "float", "bit", "and", "or", "not", "is", "else", "then", "when", "with", "varying");

    // ------------------------------------------------------------------------------------------------ model

    static final class ColState {
        String name;
        String type;
        String typeSchema;
        String typeName;
        int arrayDims;
        boolean notNull;
        String defaultValue;
        String identity;
        String generated;
        Catalog.Column source;
        /** Added to an existing table by this statement of the script (0: not); see {@link ProbeRows}. */
        int addedBy;
        /** What the table's existing rows hold in a column the script added: SQL, or null and why not. */
        String fill;
        String fillUnknown;

        ColState(String name, TypeName type) {
            this.name = name;
            setType(type);
        }

        void setType(TypeName t) {
            this.type = t.formatted();
            this.typeName = t.base();
            this.typeSchema = t.schema() == null ? "pg_catalog" : t.schema();
            this.arrayDims = t.arrayDims();
        }
    }

    static final class ConState {
        String name;
        /** primary_key, unique, foreign_key, check or exclusion */
        String type;
        List<String> columns = List.of();
        String definition;
        boolean validated = true;
        Rel refTable;
        List<String> refColumns = List.of();
        /** Transaction of this script that added or validated it; -1 for the catalog's own. */
        int addedTx = -1;
        int validatedTx = -1;
        Statement addedBy;
        boolean deferrable;
    }

    static final class IdxState {
        String name;
        List<String> columns = List.of();
        boolean unique;
        boolean primary;
        boolean valid = true;
        String predicate;
        String method = "btree";
        String definition;
        long sizeBytes;
        boolean createdInScript;
    }

    static final class TableState {
        final Rel rel;
        String kind = "table";
        boolean isNew;
        boolean partition;
        Rel parent;
        final List<ColState> columns = new ArrayList<>();
        final List<ConState> constraints = new ArrayList<>();
        final List<IdxState> indexes = new ArrayList<>();
        /** Estimates; -1 when unknown. */
        long rows = -1;
        long bytes = -1;
        Catalog.Table source;
        /** The last statement of the script that wrote rows of this table (0: none), after which probes cannot know them. */
        int rowsChangedBy;

        TableState(Rel rel) {
            this.rel = rel;
        }

        ColState column(String name) {
            for (ColState c : columns) {
                if (c.name.equals(name)) return c;
            }
            return null;
        }

        ConState constraint(String name) {
            for (ConState c : constraints) {
                if (c.name != null && c.name.equals(name)) return c;
            }
            return null;
        }

        IdxState index(String name) {
            for (IdxState x : indexes) {
                if (x.name.equals(name)) return x;
            }
            return null;
        }

        boolean partitioned() {
            return kind.equals("partitioned_table");
        }

        String primaryKeyColumn() {
            for (ConState c : constraints) {
                if (c.type.equals("primary_key") && c.columns.size() == 1) return c.columns.get(0);
            }
            return null;
        }

        List<String> primaryKey() {
            for (ConState c : constraints) {
                if (c.type.equals("primary_key")) return c.columns;
            }
            return List.of();
        }
    }

    static final class ViewState {
        final Rel rel;
        boolean materialized;
        String definition;
        boolean isNew;
        final List<IdxState> indexes = new ArrayList<>();
        Catalog.View source;
        long rows = -1;

        ViewState(Rel rel) {
            this.rel = rel;
        }
    }

    record FunctionInfo(String schema, String name, String volatility, String language) {
    }

    record IndexOwner(TableState table, ViewState view, IdxState index) {
        Rel rel() {
            return table != null ? table.rel : view.rel;
        }
    }

    record ForeignKey(TableState table, ConState constraint) {
    }

    /**
     * The schema as it stands before the current statement: the catalog, plus everything earlier statements of the
     * script created, changed or dropped. Relations the script created are {@code isNew}: nobody else uses them yet.
     */
    static final class Model {
        final Map<Rel, TableState> tables = new LinkedHashMap<>();
        final Map<Rel, ViewState> views = new LinkedHashMap<>();
        final Map<Rel, List<String>> enums = new LinkedHashMap<>();
        final Map<Rel, Catalog.Domain> domains = new LinkedHashMap<>();
        final List<FunctionInfo> functions = new ArrayList<>();
        final Set<String> schemas = new LinkedHashSet<>();
        final Set<Rel> newTypes = new HashSet<>();
        String defaultSchema = "public";

        Model(Catalog c) {
            for (Catalog.Schema s : c.schemas()) schemas.add(s.name());
            schemas.add("public");
            for (Catalog.Table t : c.tables()) {
                TableState ts = new TableState(new Rel(t.schema(), t.name()));
                ts.kind = t.kind();
                ts.source = t;
                if (t.stats() != null) {
                    ts.rows = t.stats().rowEstimate();
                    ts.bytes = t.stats().totalBytes();
                }
                for (Catalog.Column col : t.columns()) {
                    ColState cs = new ColState(col.name(), normalizeType(col.type()));
                    cs.type = col.type();
                    if (col.typeName() != null) cs.typeName = col.typeName();
                    if (col.typeSchema() != null) cs.typeSchema = col.typeSchema();
                    cs.notNull = col.notNull();
                    cs.defaultValue = col.defaultValue();
                    cs.identity = col.identity();
                    cs.generated = col.generated();
                    cs.source = col;
                    ts.columns.add(cs);
                }
                for (Catalog.Constraint con : t.constraints()) {
                    ConState cs = new ConState();
                    cs.name = con.name();
                    cs.type = con.type();
                    cs.columns = con.columns() == null ? List.of() : con.columns();
                    cs.definition = con.definition();
                    cs.validated = con.validated();
                    cs.deferrable = con.deferrable();
                    if (con.refTable() != null) {
                        cs.refTable = new Rel(con.refSchema() == null ? t.schema() : con.refSchema(), con.refTable());
                    }
                    cs.refColumns = con.refColumns() == null ? List.of() : con.refColumns();
                    ts.constraints.add(cs);
                }
                for (Catalog.Index ix : t.indexes()) ts.indexes.add(indexState(ix));
                tables.put(ts.rel, ts);
            }
            for (Catalog.View v : c.views()) {
                ViewState vs = new ViewState(new Rel(v.schema(), v.name()));
                vs.materialized = v.materialized();
                vs.definition = v.definition();
                vs.source = v;
                if (v.indexes() != null) {
                    for (Catalog.Index ix : v.indexes()) vs.indexes.add(indexState(ix));
                }
                views.put(vs.rel, vs);
            }
            for (Catalog.EnumType e : c.enums()) {
                enums.put(new Rel(e.schema(), e.name()), new ArrayList<>(e.labels()));
            }
            for (Catalog.Domain d : c.domains()) domains.put(new Rel(d.schema(), d.name()), d);
            for (Catalog.Function f : c.functions()) {
                functions.add(new FunctionInfo(f.schema(), f.name(), f.volatility(), f.language()));
            }
        }

        private static IdxState indexState(Catalog.Index ix) {
            IdxState s = new IdxState();
            s.name = ix.name();
            s.columns = ix.columns() == null ? List.of() : ix.columns();
            s.unique = ix.unique();
            s.primary = ix.primary();
            s.valid = ix.valid();
            s.predicate = ix.predicate();
            s.method = ix.method() == null ? "btree" : ix.method();
            s.definition = ix.definition();
            s.sizeBytes = ix.sizeBytes();
            return s;
        }

        Rel resolve(List<String> parts) {
            if (parts.isEmpty()) return new Rel(defaultSchema, "?");
            if (parts.size() == 1) {
                Rel rel = new Rel(defaultSchema, parts.get(0));
                if (!defaultSchema.equals("public") && !exists(rel)) {
                    Rel pub = new Rel("public", parts.get(0));
                    if (exists(pub)) return pub;
                }
                return rel;
            }
            return new Rel(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
        }

        boolean exists(Rel rel) {
            return tables.containsKey(rel) || views.containsKey(rel);
        }

        TableState table(Rel rel) {
            return tables.get(rel);
        }

        /** The table or materialized view owning the index named {@code rel}, or null. */
        IndexOwner index(Rel rel) {
            for (TableState t : tables.values()) {
                if (!t.rel.schema().equals(rel.schema())) continue;
                IdxState ix = t.index(rel.name());
                if (ix != null) return new IndexOwner(t, null, ix);
            }
            for (ViewState v : views.values()) {
                if (!v.rel.schema().equals(rel.schema())) continue;
                for (IdxState ix : v.indexes) {
                    if (ix.name.equals(rel.name())) return new IndexOwner(null, v, ix);
                }
            }
            return null;
        }

        Rel resolveType(List<String> parts) {
            if (parts.size() >= 2) return new Rel(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
            Rel rel = new Rel(defaultSchema, parts.isEmpty() ? "?" : parts.get(0));
            if (!enums.containsKey(rel) && !domains.containsKey(rel) && !defaultSchema.equals("public")) {
                return new Rel("public", rel.name());
            }
            return rel;
        }

        List<FunctionInfo> functions(String schema, String name) {
            List<FunctionInfo> out = new ArrayList<>();
            for (FunctionInfo f : functions) {
                if (f.name().equals(name) && (schema == null || f.schema().equals(schema))) out.add(f);
            }
            return out;
        }

        /** Columns of live tables whose type is {@code type} (an enum or domain), as table → columns. */
        Map<TableState, List<String>> columnsOfType(Rel type) {
            Map<TableState, List<String>> out = new LinkedHashMap<>();
            for (TableState t : tables.values()) {
                for (ColState c : t.columns) {
                    if (c.typeName != null && c.typeName.equals(type.name())
                            && (c.typeSchema == null || c.typeSchema.equals(type.schema())
                            || c.typeSchema.equals("pg_catalog"))) {
                        out.computeIfAbsent(t, k -> new ArrayList<>()).add(c.name);
                    }
                }
            }
            return out;
        }

        /** Views whose definition names {@code rel} (and {@code column}, when given): a best-effort pg_depend. */
        List<ViewState> viewsReferencing(Rel rel, String column) {
            List<ViewState> out = new ArrayList<>();
            for (ViewState v : views.values()) {
                if (v.rel.equals(rel) || v.definition == null) continue;
                List<Token> toks = lex(v.definition);
                boolean table = false;
                boolean col = column == null;
                for (int k = 0; k < toks.size(); k++) {
                    Token tok = toks.get(k);
                    if (!tok.kind().isName()) continue;
                    if (tok.value().equals(rel.name())) {
                        boolean qualifiedElsewhere = k >= 2 && toks.get(k - 1).isPunctuation(".")
                                && toks.get(k - 2).kind().isName() && !toks.get(k - 2).value().equals(rel.schema())
                                && (k + 1 >= toks.size() || !toks.get(k + 1).isPunctuation("."));
                        if (!qualifiedElsewhere) table = true;
                    }
                    if (column != null && tok.value().equals(column)) col = true;
                }
                if (table && col) out.add(v);
            }
            return out;
        }

        /** Foreign keys of other tables that point at {@code rel} (at {@code column}, when given). */
        List<ForeignKey> foreignKeysTo(Rel rel, String column) {
            List<ForeignKey> out = new ArrayList<>();
            for (TableState t : tables.values()) {
                for (ConState c : t.constraints) {
                    if (!"foreign_key".equals(c.type) || !rel.equals(c.refTable)) continue;
                    if (t.rel.equals(rel)) continue;
                    if (column != null && !c.refColumns.contains(column)) continue;
                    out.add(new ForeignKey(t, c));
                }
            }
            return out;
        }

        void dropTable(Rel rel) {
            tables.remove(rel);
            for (TableState t : tables.values()) {
                t.constraints.removeIf(c -> "foreign_key".equals(c.type) && rel.equals(c.refTable));
            }
        }

        Catalog toCatalog(Catalog base) {
            List<Catalog.Table> outTables = new ArrayList<>();
            for (TableState t : tables.values()) {
                if (t.partition) continue;
                List<Catalog.Column> cols = new ArrayList<>();
                int pos = 1;
                for (ColState c : t.columns) {
                    cols.add(new Catalog.Column(c.name, pos++, c.type, c.typeSchema, c.typeName, c.arrayDims,
                            c.notNull, c.defaultValue, c.identity, c.generated,
                            c.source == null ? null : c.source.comment()));
                }
                List<Catalog.Constraint> cons = new ArrayList<>();
                for (ConState c : t.constraints) {
                    cons.add(new Catalog.Constraint(c.name, c.type, c.columns, c.definition, c.validated,
                            c.deferrable, c.refTable == null ? null : c.refTable.schema(),
                            c.refTable == null ? null : c.refTable.name(), c.refColumns, null, null));
                }
                List<Catalog.Index> idx = new ArrayList<>();
                for (IdxState x : t.indexes) idx.add(toIndex(x));
                Catalog.Table src = t.source;
                outTables.add(new Catalog.Table(t.rel.schema(), t.rel.name(), t.kind,
                        src == null ? null : src.owner(), src == null ? null : src.comment(),
                        src != null && src.rlsEnabled(), src != null && src.rlsForced(), cols, cons, idx,
                        src == null ? List.of() : src.policies(), src == null ? List.of() : src.triggers(),
                        src == null ? List.of() : src.grants(),
                        new Catalog.Stats(Math.max(t.rows, 0), Math.max(t.bytes, 0))));
            }
            outTables.sort(Comparator.comparing(Catalog.Table::schema).thenComparing(Catalog.Table::name));
            List<Catalog.View> outViews = new ArrayList<>();
            for (ViewState v : views.values()) {
                List<Catalog.Index> idx = new ArrayList<>();
                for (IdxState x : v.indexes) idx.add(toIndex(x));
                Catalog.View src = v.source;
                outViews.add(new Catalog.View(v.rel.schema(), v.rel.name(), v.materialized,
                        src == null ? null : src.owner(), src == null ? null : src.comment(), v.definition,
                        src == null ? List.of() : src.columns(), idx, src == null ? List.of() : src.grants()));
            }
            List<Catalog.EnumType> outEnums = new ArrayList<>();
            enums.forEach((rel, labels) -> outEnums.add(new Catalog.EnumType(rel.schema(), rel.name(),
                    List.copyOf(labels), null)));
            List<Catalog.Function> outFunctions = new ArrayList<>();
            for (FunctionInfo f : functions) {
                outFunctions.add(new Catalog.Function(f.schema(), f.name(), "", "function", List.of(), "void", false,
                        f.language(), f.volatility(), false, List.of(), null, null));
            }
            List<Catalog.Schema> outSchemas = new ArrayList<>();
            for (String s : schemas) outSchemas.add(new Catalog.Schema(s, null, null));
            return new Catalog(base.database(), base.serverVersionNum(), outSchemas, base.extensions(), outTables,
                    outViews, outFunctions, outEnums, base.compositeTypes(), List.copyOf(domains.values()),
                    base.sequences());
        }

        private static Catalog.Index toIndex(IdxState x) {
            return new Catalog.Index(x.name, x.columns, x.definition, x.method, x.unique, x.primary, x.valid,
                    x.predicate, x.sizeBytes);
        }
    }

    // ------------------------------------------------------------------------------------------------ definitions

    /** One column definition of CREATE TABLE or ALTER TABLE … ADD COLUMN. */
    static final class ColumnDef {
        String name = "";
        List<Token> typeTokens = List.of();
        TypeName type;
        boolean notNull;
        boolean primaryKey;
        boolean unique;
        /** null when the column has no DEFAULT */
        List<Token> defaultExpr;
        boolean identity;
        boolean storedGenerated;
        boolean virtualGenerated;
        List<Token> check;
        String checkName;
        /** null when the column has no REFERENCES */
        List<String> refTable;
        List<String> refColumns = List.of();
        String refName;
        List<Token> tokens = List.of();

        boolean autoIncrement() {
            return identity || (type != null && type.serial());
        }

        /** A NOT NULL column that existing rows cannot fill: no default, identity, serial or generated value. */
        boolean requiredWithoutDefault() {
            return (notNull || primaryKey) && (defaultExpr == null || isNullLiteral(defaultExpr))
                    && !autoIncrement() && !storedGenerated && !virtualGenerated;
        }
    }

    static boolean isNullLiteral(List<Token> expr) {
        List<Token> e = stripParens(expr);
        return e.size() == 1 && e.get(0).isWord("null")
                || e.size() == 3 && e.get(0).isWord("null") && e.get(1).isPunctuation("::");
    }

    static boolean atColumnConstraint(Cursor c) {
        return switch (c.word()) {
            case "constraint", "null", "default", "primary", "unique", "check", "references", "generated",
                 "collate", "compression", "using", "deferrable", "initially", "storage" -> true;
            case "not" -> c.word(1).equals("null") || c.word(1).equals("deferrable");
            default -> false;
        };
    }

    static ColumnDef parseColumnDef(List<Token> tokens) {
        Cursor c = new Cursor(tokens);
        ColumnDef d = new ColumnDef();
        d.tokens = tokens;
        d.name = c.name();
        d.typeTokens = c.until(StaticRules::atColumnConstraint);
        d.type = normalizeType(d.typeTokens);
        if (d.type.serial()) d.notNull = true;
        String pending = null;
        while (!c.atEnd()) {
            if (c.accept("constraint")) {
                pending = c.name();
            } else if (c.accept("not", "null")) {
                d.notNull = true;
            } else if (c.accept("null")) {
                // explicitly nullable
            } else if (c.accept("default")) {
                int start = c.i;
                if (c.isPunct("(")) c.skipGroup();
                else c.i++;
                c.until(StaticRules::atColumnConstraint);
                d.defaultExpr = tokens.subList(start, c.i);
            } else if (c.accept("primary", "key")) {
                d.primaryKey = true;
                d.notNull = true;
                pending = null;
            } else if (c.accept("unique")) {
                d.unique = true;
                if (c.accept("nulls")) {
                    c.accept("not");
                    c.accept("distinct");
                }
                pending = null;
            } else if (c.accept("check")) {
                d.check = c.group();
                d.checkName = pending;
                pending = null;
                c.accept("no", "inherit");
            } else if (c.accept("references")) {
                d.refTable = c.qualifiedName();
                if (c.isPunct("(")) d.refColumns = columnNames(c.group());
                d.refName = pending;
                pending = null;
                skipReferentialActions(c);
            } else if (c.accept("generated")) {
                if (c.accept("always") || c.accept("by", "default")) {
                    // either form
                }
                c.accept("as");
                if (c.accept("identity")) {
                    d.identity = true;
                    d.notNull = true;
                    if (c.isPunct("(")) c.skipGroup();
                } else {
                    c.group();
                    if (c.accept("stored")) d.storedGenerated = true;
                    else {
                        c.accept("virtual");
                        d.virtualGenerated = true;
                    }
                }
            } else if (c.accept("collate") || c.accept("compression") || c.accept("storage")) {
                c.qualifiedName();
            } else {
                c.i++;
            }
        }
        return d;
    }

    static void skipReferentialActions(Cursor c) {
        while (!c.atEnd()) {
            if (c.accept("match")) {
                c.i++;
            } else if (c.accept("on")) {
                c.i++; // delete | update
                if (c.accept("set")) {
                    c.i++; // null | default
                    if (c.isPunct("(")) c.skipGroup();
                } else if (!c.accept("no", "action")) {
                    c.i++; // cascade | restrict
                }
            } else {
                return;
            }
        }
    }

    static List<String> columnNames(List<Token> group) {
        List<String> out = new ArrayList<>();
        for (List<Token> part : splitCommas(group)) {
            if (part.isEmpty()) continue;
            Token first = part.get(0);
            boolean expression = part.size() > 1
                    && (part.get(1).isPunctuation("(") || part.get(1).isPunctuation("."));
            out.add(first.kind().isName() && !expression ? first.value() : joinTokens(part));
        }
        return out;
    }

    /** One table constraint: ADD [CONSTRAINT name] CHECK | UNIQUE | PRIMARY KEY | FOREIGN KEY | EXCLUDE … */
    static final class ConstraintDef {
        String name;
        /** check, unique, primary_key, foreign_key, exclusion, not_null or "" */
        String type = "";
        List<String> columns = List.of();
        List<Token> checkExpr = List.of();
        List<String> refTable;
        List<String> refColumns = List.of();
        boolean notValid;
        String usingIndex;
        /** From the type keyword to the end, without NOT VALID. */
        List<Token> body = List.of();
    }

    static boolean startsConstraint(Cursor c) {
        return switch (c.word()) {
            case "constraint", "check", "unique", "primary", "foreign", "exclude" -> true;
            default -> false;
        };
    }

    static ConstraintDef parseConstraint(List<Token> tokens) {
        Cursor c = new Cursor(tokens);
        ConstraintDef d = new ConstraintDef();
        if (c.accept("constraint")) d.name = c.name();
        int bodyStart = c.i;
        if (c.accept("check")) {
            d.type = "check";
            d.checkExpr = c.group();
        } else if (c.accept("unique") || c.accept("primary", "key")) {
            d.type = tokens.get(bodyStart).isWord("unique") ? "unique" : "primary_key";
            if (c.accept("nulls")) {
                c.accept("not");
                c.accept("distinct");
            }
            if (c.accept("using", "index")) {
                d.usingIndex = c.name();
            } else {
                d.columns = columnNames(c.group());
            }
        } else if (c.accept("foreign", "key")) {
            d.type = "foreign_key";
            d.columns = columnNames(c.group());
            if (c.accept("references")) {
                d.refTable = c.qualifiedName();
                if (c.isPunct("(")) d.refColumns = columnNames(c.group());
            }
        } else if (c.accept("exclude")) {
            d.type = "exclusion";
        } else if (c.accept("not", "null")) {
            d.type = "not_null";
            d.columns = List.of(c.name());
        }
        List<Token> body = new ArrayList<>();
        for (int k = bodyStart; k < tokens.size(); k++) {
            if (tokens.get(k).isWord("not") && k + 1 < tokens.size() && tokens.get(k + 1).isWord("valid")) {
                d.notValid = true;
                k++;
                continue;
            }
            body.add(tokens.get(k));
        }
        d.body = body;
        return d;
    }

    /** The columns a CHECK expression names, among {@code candidates}, in order of appearance. */
    static List<String> columnsIn(List<Token> expr, List<String> candidates) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Token tok : expr) {
            if (tok.kind().isName() && candidates.contains(tok.value())) out.add(tok.value());
        }
        return new ArrayList<>(out);
    }

    /** A CHECK (col IS NOT NULL) on exactly this column, as written or as pg_get_constraintdef prints it. */
    static boolean isNotNullCheck(String definition, String column) {
        List<Token> toks = lex(definition);
        Cursor c = new Cursor(toks);
        if (!c.accept("check")) return false;
        List<Token> inner = stripParens(c.group());
        return inner.size() == 4 && inner.get(0).kind().isName() && inner.get(0).value().equals(column)
                && inner.get(1).isWord("is") && inner.get(2).isWord("not") && inner.get(3).isWord("null");
    }

    /** PostgreSQL's default constraint name: table_col1_col2_suffix. */
    static String defaultConstraintName(String table, List<String> columns, String suffix) {
        String cols = String.join("_", columns);
        String name = cols.isEmpty() ? table + "_" + suffix : table + "_" + cols + "_" + suffix;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    // ------------------------------------------------------------------------------------------------ checker

    /** One pass over one script; not reusable. */
    static final class Checker {
        record Ctx(int tx, boolean inTransaction, String why) {
        }

        record LockRequest(Statement statement, Rel rel, LockMode mode, boolean existing, boolean noWait) {
        }

        record Work(Rel rel, String what, String estimate) {
        }

        record AddedLabel(Rel type, String label, Statement statement) {
        }

        record FkAdded(Statement statement, Rel table, List<String> columns, String name) {
        }

        final MigrationScript script;
        final Catalog catalog;
        final RunnerMode mode;
        final int version;
        final Model model;
        final List<MigrationIssue> issues = new ArrayList<>();
        /** Tests set this so that a statement the reader trips over fails loudly instead of being skipped. */
        boolean strict;

        // transaction state
        int txId;
        boolean explicitBlock;
        boolean runnerWrap;
        Statement beginStatement;
        boolean endTxAfter;
        final Map<Rel, LockMode> held = new LinkedHashMap<>();
        final Map<Rel, Statement> accessExclusiveSince = new LinkedHashMap<>();
        final Map<String, AddedLabel> labelsInTx = new LinkedHashMap<>();

        // session state
        long sessionTimeoutMs;
        Long localTimeoutMs;
        long sessionTimeoutAtTxStart;
        Statement ineffectiveSetLocal;
        boolean utc;

        // the statement being checked
        Statement st;
        Ctx ctx;
        final List<LockRequest> requests = new ArrayList<>();
        Work work;
        boolean skipWorkCheck;

        // whole-script state
        final List<LockRequest> missingTimeout = new ArrayList<>();
        final List<FkAdded> fksAdded = new ArrayList<>();
        record PreviousAlter(Rel rel, int statementIndex, int tx) {
        }

        /** The previous statement, when it was a combinable ALTER TABLE taking AccessExclusiveLock. */
        PreviousAlter previousAlter;
        final Set<Rel> multipleAlterReported = new HashSet<>();
        final Set<String> createdSchemas = new HashSet<>();

        Checker(MigrationScript script, Catalog catalog, RunnerMode mode, int serverVersionNum) {
            this.script = script;
            this.catalog = catalog;
            this.mode = mode;
            int v = serverVersionNum > 0 ? serverVersionNum : catalog.serverVersionNum();
            this.version = v > 0 ? v : 170000;
            this.model = new Model(catalog);
        }

        List<MigrationIssue> run() {
            if (mode != RunnerMode.AUTOCOMMIT) {
                runnerWrap = mode == RunnerMode.SINGLE_TRANSACTION;
                newTx();
            }
            for (Statement s : script.statements()) {
                st = s;
                requests.clear();
                work = null;
                skipWorkCheck = false;
                ctx = enter(s);
                try {
                    generic(s);
                    dispatch(s);
                } catch (RuntimeException e) {
                    // A statement this reader cannot follow gets no static verdict; the shadow layer still runs it.
                    if (strict) throw new IllegalStateException("statement " + s.index() + ": " + s.sql(), e);
                }
                afterStatement();
                if (endTxAfter) {
                    endTxAfter = false;
                    newTx();
                }
            }
            finish();
            List<MigrationIssue> out = new ArrayList<>(issues);
            out.sort(Comparator.comparingInt(MigrationIssue::statementIndex));
            return List.copyOf(out);
        }

        // -------------------------------------------------------------------------------------------- transactions

        private void newTx() {
            txId++;
            held.clear();
            accessExclusiveSince.clear();
            labelsInTx.clear();
            localTimeoutMs = null;
        }

        private boolean wrappedByRunner() {
            return mode == RunnerMode.SINGLE_TRANSACTION && runnerWrap;
        }

        private String why() {
            if (explicitBlock && beginStatement != null) {
                return "inside the transaction block opened by " + beginStatement.lead(2) + " on line "
                        + beginStatement.line();
            }
            if (wrappedByRunner()) {
                return "the runner wraps the whole file in one transaction (single_transaction mode: psql -1, Flyway,"
                        + " Liquibase, Rails, Alembic)";
            }
            if (mode == RunnerMode.SUPABASE) {
                return "the Supabase CLI sends the file as one pipelined batch, which PostgreSQL runs as one"
                        + " implicit transaction";
            }
            return "";
        }

        /** Moves the transaction state to just before {@code s} runs, and says which transaction {@code s} is in. */
        private Ctx enter(Statement s) {
            if (s.opensTransaction()) {
                if (explicitBlock || wrappedByRunner()) {
                    boolean endsRunnerEarly = wrappedByRunner() && !explicitBlock;
                    String where = why();
                    issue("transaction-nesting", endsRunnerEarly ? Verdict.UNSAFE : Verdict.SAFE, null, null,
                            s.lead(2) + " while a transaction is already open (" + where + "): PostgreSQL only"
                                    + " warns \"there is already a transaction in progress\"."
                                    + (endsRunnerEarly ? " The file's COMMIT then commits the runner's transaction"
                                    + " early, so everything after it runs outside that transaction and a later"
                                    + " failure leaves the migration half applied." : ""),
                            endsRunnerEarly ? "-- drop the file's own BEGIN/COMMIT: the runner already wraps the"
                                    + " file in one transaction" : "-- remove the nested " + s.lead(2), null,
                            obj().put("already_in", where));
                    explicitBlock = true;
                    if (beginStatement == null) beginStatement = s;
                    return new Ctx(txId, true, why());
                }
                if (mode != RunnerMode.SUPABASE) newTx();
                // In a Supabase batch, BEGIN turns the implicit transaction into an explicit one; no new transaction.
                explicitBlock = true;
                beginStatement = s;
                sessionTimeoutAtTxStart = sessionTimeoutMs;
                return new Ctx(txId, true, why());
            }
            if (s.closesTransaction()) {
                boolean open = explicitBlock || wrappedByRunner() || mode == RunnerMode.SUPABASE;
                Ctx c = new Ctx(txId, open, why());
                if (open && s.rollsBack()) sessionTimeoutMs = sessionTimeoutAtTxStart;
                explicitBlock = false;
                beginStatement = null;
                runnerWrap = false;
                endTxAfter = true;
                return c;
            }
            if (mode == RunnerMode.SUPABASE && !explicitBlock && s.runsOutsideSupabasePipeline()) {
                newTx();
                endTxAfter = true;
                return new Ctx(txId, false, "");
            }
            if (explicitBlock || wrappedByRunner() || mode == RunnerMode.SUPABASE) {
                return new Ctx(txId, true, why());
            }
            newTx();
            endTxAfter = true;
            return new Ctx(txId, false, "");
        }

        /** Checks that depend only on where the statement runs, not on what it is. */
        private void generic(Statement s) {
            if (s.cannotRunInTransactionBlock() && ctx.inTransaction()) {
                boolean index = s.isConcurrentIndexCommand();
                String rule = index ? "concurrent-index-in-transaction" : "non-transactional-statement-in-transaction";
                String error = mode == RunnerMode.SUPABASE && !explicitBlock
                        ? "\"cannot be executed within a pipeline\"" : "\"cannot run inside a transaction block\"";
                issue(rule, Verdict.FAILS, null, null,
                        s.lead(4) + " cannot run inside a transaction block, and here it would: " + ctx.why()
                                + ". PostgreSQL rejects it with SQLSTATE 25001 " + error + " and the migration fails.",
                        outOfTransaction(s), null, obj().put("runner_mode", mode.name().toLowerCase(Locale.ROOT))
                                .put("in_transaction_because", ctx.why()));
            }
            if (ctx.inTransaction() && !labelsInTx.isEmpty() && !s.startsWith("alter", "type")) {
                for (Token tok : s.tokens()) {
                    if (!tok.kind().isString()) continue;
                    AddedLabel added = labelsInTx.get(tok.value());
                    if (added == null) continue;
                    issue("enum-value-used-in-same-transaction", Verdict.FAILS, null, null,
                            "Uses enum label '" + added.label() + "', which statement " + added.statement().index()
                                    + " (line " + added.statement().line() + ") added to " + added.type()
                                    + " in the same transaction (" + ctx.why() + "). A new enum value cannot be used"
                                    + " before that transaction commits: ERROR \"unsafe use of new value\".",
                            "COMMIT;  -- commit the ALTER TYPE … ADD VALUE first (or move it to an earlier migration)\n"
                                    + s.sql() + ";", null,
                            obj().put("type", added.type().toString()).put("label", added.label())
                                    .put("added_by_statement", added.statement().index()));
                    break;
                }
            }
        }

        private String outOfTransaction(Statement s) {
            if (explicitBlock) {
                return "COMMIT;  -- end the transaction block before it\n" + s.sql()
                        + ";  -- on its own, in autocommit\nBEGIN;  -- only if more transactional work follows";
            }
            if (mode == RunnerMode.SUPABASE) {
                return "-- run it outside the batch: with Supabase CLI 2.109+ (which sends CREATE/DROP INDEX"
                        + " CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, ALTER SYSTEM and CLUSTER on their own), or"
                        + " with psql -f\n" + s.sql() + ";";
            }
            return "-- put it in a migration file of its own that runs without a transaction (psql without -1;"
                    + " Flyway: executeInTransaction=false; Rails: disable_ddl_transaction!; Alembic:"
                    + " autocommit_block())\n" + s.sql() + ";";
        }

        private void afterStatement() {
            long timeout = localTimeoutMs != null ? localTimeoutMs : sessionTimeoutMs;
            for (LockRequest r : requests) {
                if (!r.mode().dangerous() || !r.existing() || r.noWait()) continue;
                LockMode already = held.get(r.rel());
                if (already != null && already.ordinal() >= r.mode().ordinal()) continue;
                if (timeout <= 0) missingTimeout.add(r);
            }
            if (work != null && ctx.inTransaction() && !skipWorkCheck) {
                for (Map.Entry<Rel, Statement> e : accessExclusiveSince.entrySet()) {
                    Statement since = e.getValue();
                    if (since == st) continue;
                    TableState heldTable = model.table(e.getKey());
                    issue("work-while-holding-access-exclusive", Verdict.UNSAFE,
                            LockMode.ACCESS_EXCLUSIVE.pgName + " on " + e.getKey(), LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "This statement " + work.what() + " while the transaction still holds the"
                                    + " AccessExclusiveLock on " + e.getKey() + " that statement " + since.index()
                                    + " (line " + since.line() + ", " + since.lead(2) + ") took (" + ctx.why()
                                    + "). Every read and write of " + e.getKey() + " waits until the transaction"
                                    + " commits" + (work.estimate() == null ? "." : ": " + work.estimate() + "."),
                            "COMMIT;  -- release the lock from statement " + since.index() + " first\n" + st.sql()
                                    + ";  -- then this, in its own transaction (batched if it touches many rows)",
                            work.estimate(), ev(heldTable, e.getKey()).put("held_since_statement", since.index())
                                    .put("work_on", work.rel() == null ? null : work.rel().toString()));
                    break;
                }
            }
            for (LockRequest r : requests) {
                held.merge(r.rel(), r.mode(), LockMode::max);
                if (r.mode() == LockMode.ACCESS_EXCLUSIVE && r.existing()) {
                    accessExclusiveSince.putIfAbsent(r.rel(), st);
                }
            }
        }

        private void finish() {
            if (explicitBlock && beginStatement != null && !wrappedByRunner()) {
                Statement b = beginStatement;
                issue(b, "transaction-left-open", Verdict.FAILS, null, null,
                        b.lead(2) + " on line " + b.line() + " opens a transaction block that the file never"
                                + " commits. psql exits 0, and everything after it is rolled back when the session"
                                + " ends: the migration silently does not apply.",
                        "COMMIT;  -- at the end of the file", null, obj().put("begin_line", b.line()));
            }
            if (!missingTimeout.isEmpty()) {
                LockRequest first = missingTimeout.get(0);
                StringBuilder list = new StringBuilder();
                ArrayNode all = JSON.arrayNode();
                Set<Integer> seen = new LinkedHashSet<>();
                for (LockRequest r : missingTimeout) {
                    all.add(obj().put("statement", r.statement().index()).put("line", r.statement().line())
                            .put("lock", r.mode().pgName).put("relation", r.rel().toString()));
                    if (seen.add(r.statement().index()) && seen.size() <= 6) {
                        if (list.length() > 0) list.append("; ");
                        list.append("statement ").append(r.statement().index()).append(" (line ")
                                .append(r.statement().line()).append("): ").append(r.mode().pgName).append(" on ")
                                .append(r.rel());
                    }
                }
                if (seen.size() > 6) list.append("; and ").append(seen.size() - 6).append(" more");
                String note = ineffectiveSetLocal == null ? "" : " The SET LOCAL on line " + ineffectiveSetLocal.line()
                        + " runs outside a transaction block, where PostgreSQL ignores it with a WARNING.";
                issue(first.statement(), "lock-timeout-missing", Verdict.UNSAFE,
                        first.mode().pgName + " on " + first.rel(), first.mode().blocks(),
                        "Dangerous locks are requested while lock_timeout is 0: " + list + ". If a long transaction"
                                + " holds any lock on the table, the request waits for it, and every query that comes"
                                + " after queues behind the request: the table is blocked for as long as that"
                                + " transaction runs." + note,
                        "SET lock_timeout = '2s';  -- first statement of the file; retry the migration if it times"
                                + " out", null, obj().put("lock_timeout_ms", 0).set("requests", all));
            }
            for (FkAdded fk : fksAdded) {
                TableState t = model.table(fk.table());
                if (t == null || fk.columns().isEmpty()) continue;
                boolean covered = false;
                for (IdxState ix : t.indexes) {
                    if (ix.columns.size() >= fk.columns().size()
                            && new HashSet<>(ix.columns.subList(0, fk.columns().size()))
                            .equals(new HashSet<>(fk.columns()))) {
                        covered = true;
                        break;
                    }
                }
                if (covered) continue;
                String idx = defaultConstraintName(fk.table().name(), fk.columns(), "idx");
                String cols = String.join(", ", fk.columns().stream().map(SqlNames::ident).toList());
                issue(fk.statement(), "fk-missing-index", Verdict.SAFE, null, null,
                        "Foreign key " + (fk.name() == null ? "" : fk.name() + " ") + "on " + fk.table() + " ("
                                + cols + ") has no index that starts with its columns: every DELETE or key UPDATE"
                                + " on the referenced table scans " + fk.table() + ", and joins on it cannot use an"
                                + " index.",
                        (t.isNew ? "CREATE INDEX " : "CREATE INDEX CONCURRENTLY ") + idx + " ON "
                                + fk.table().sql() + " (" + cols + ");", null,
                        obj().put("table", fk.table().toString()).set("columns", strings(fk.columns())));
            }
        }

        // -------------------------------------------------------------------------------------------- issues

        void issue(String rule, Verdict verdict, String lock, String blocks, String message, String rewrite,
                   String estimate, ObjectNode evidence) {
            issue(st, rule, verdict, lock, blocks, message, rewrite, estimate, evidence);
        }

        void issue(Statement at, String rule, Verdict verdict, String lock, String blocks, String message,
                   String rewrite, String estimate, ObjectNode evidence) {
            issues.add(new MigrationIssue(rule, verdict, Layer.STATIC, script.fileName(), at.index(), at.line(), lock,
                    blocks != null ? blocks : blocksOf(lock), message, rewrite, estimate, evidence));
        }

        /** A request for the data layer: verdict SAFE, with evidence {@code probe} saying what to look for. */
        void probe(String rule, String kind, String lock, String message, ObjectNode details) {
            ObjectNode ev = obj().put("probe", kind);
            ev.setAll(details);
            issue(rule, Verdict.SAFE, lock, null, "Data check: " + message, null, null, ev);
        }

        /** What the strongest lock named in a lock description blocks. */
        static String blocksOf(String lock) {
            if (lock == null) return "nothing";
            LockMode strongest = null;
            for (LockMode m : LockMode.values()) {
                if (Pattern.compile("\\b" + m.pgName + "\\b").matcher(lock).find()) strongest = m.max(strongest);
            }
            return strongest == null ? "nothing" : strongest.blocks();
        }

        void request(Rel rel, LockMode mode) {
            request(rel, mode, false);
        }

        void request(Rel rel, LockMode mode, boolean noWait) {
            requests.add(new LockRequest(st, rel, mode, isExisting(rel), noWait));
        }

        /** Exists outside this script, so other sessions may be using it. Unknown relations count as existing. */
        boolean isExisting(Rel rel) {
            TableState t = model.table(rel);
            if (t != null) return !t.isNew;
            ViewState v = model.views.get(rel);
            return v == null || !v.isNew;
        }

        ObjectNode ev(TableState t, Rel rel) {
            ObjectNode ev = obj();
            if (rel != null) ev.put("table", rel.toString());
            if (t != null) {
                if (t.rows >= 0) ev.put("row_estimate", t.rows);
                if (t.bytes >= 0) ev.put("total_bytes", t.bytes);
            }
            return ev;
        }

        // -------------------------------------------------------------------------------------------- dispatch

        private void dispatch(Statement s) {
            switch (s.firstKeyword()) {
                case "create" -> create(s);
                case "alter" -> alter(s);
                case "drop" -> drop(s);
                case "truncate" -> truncate(s);
                case "set", "reset" -> setting(s);
                case "select", "perform", "values" -> select(s);
                case "update" -> update(s);
                case "delete" -> delete(s);
                case "insert" -> insert(s);
                case "vacuum" -> vacuum(s);
                case "cluster" -> cluster(s);
                case "reindex" -> reindex(s);
                case "refresh" -> refresh(s);
                case "lock" -> lockTables(s);
                case "copy", "merge", "do", "call" -> otherWrites(s);
                case "comment", "analyze", "analyse" -> {
                    // ShareUpdateExclusiveLock at most: other DDL waits, traffic does not.
                }
                default -> {
                }
            }
        }

        private List<Rel> nameList(Cursor c) {
            List<Rel> out = new ArrayList<>();
            while (!c.atEnd()) {
                c.accept("only");
                List<String> parts = c.qualifiedName();
                if (parts.isEmpty()) break;
                out.add(model.resolve(parts));
                Token star = c.peek();
                if (star != null && star.kind() == Kind.OPERATOR && star.text().equals("*")) c.i++;
                if (c.isPunct("(")) c.skipGroup();
                if (!c.acceptPunct(",")) break;
            }
            return out;
        }

        // -------------------------------------------------------------------------------------------- CREATE

        private void create(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            c.accept("or", "replace");
            if (c.is("unique", "index") || c.is("index")) {
                createIndex(s);
                return;
            }
            int save = c.i;
            c.accept("global");
            c.accept("local");
            boolean temp = c.accept("temp") || c.accept("temporary");
            c.accept("unlogged");
            if (c.accept("table")) {
                createTable(s, c, temp);
                return;
            }
            c.i = save;
            if (c.accept("temp") || c.accept("temporary")) temp = true;
            c.accept("recursive");
            if (c.accept("view")) {
                createView(s, c, false);
            } else if (c.accept("materialized", "view")) {
                createView(s, c, true);
            } else if (c.accept("function") || c.accept("procedure")) {
                createFunction(c);
            } else if (c.accept("type")) {
                createType(c);
            } else if (c.accept("domain")) {
                createDomain(s, c);
            } else if (c.accept("trigger") || c.accept("constraint", "trigger")) {
                createTrigger(c);
            } else if (c.accept("schema")) {
                c.accept("if", "not", "exists");
                c.accept("authorization");  // CREATE SCHEMA AUTHORIZATION role names the schema after the role
                String name = c.name();
                if (!name.isEmpty()) {
                    if (model.schemas.add(name)) createdSchemas.add(name);
                }
            } else if (c.accept("policy")) {
                policy(c);
            } else if (c.accept("rule")) {
                c.name();
                while (!c.atEnd() && !c.is("to")) c.i++;
                if (c.accept("to")) request(model.resolve(c.qualifiedName()), LockMode.ACCESS_EXCLUSIVE);
            }
        }

        private void createIndex(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            boolean unique = c.accept("unique");
            int indexToken = c.i;
            c.accept("index");
            boolean concurrently = c.accept("concurrently");
            boolean ifNotExists = c.accept("if", "not", "exists");
            String name = c.is("on") ? null : c.name();
            c.accept("on");
            boolean only = c.accept("only");
            Rel rel = model.resolve(c.qualifiedName());
            String method = "btree";
            if (c.accept("using")) method = c.name();
            List<Token> elements = c.group();
            List<String> cols = columnNames(elements);
            c.until(cur -> cur.is("where"));
            String predicate = c.accept("where") ? src(s, c.rest()) : null;
            TableState t = model.table(rel);
            ViewState mv = t == null ? model.views.get(rel) : null;
            boolean existing = isExisting(rel);
            String idxName = name != null ? name : defaultConstraintName(rel.name(), cols.stream()
                    .map(x -> x.replaceAll("[^a-z0-9_]", "")).toList(), "idx");
            Rel idxRel = new Rel(rel.schema(), idxName);
            IndexOwner clash = model.index(idxRel);
            String colList = String.join(", ", cols);
            ObjectNode ev = ev(t, rel).put("index", idxName);
            ev.set("columns", strings(cols));

            if (clash != null && !clash.index().valid && !(clash.table() != null && clash.table().partitioned())) {
                issue("invalid-index-left-behind", Verdict.FAILS, null, null,
                        "An INVALID index named " + idxName + " already exists on " + clash.rel()
                                + " (left by a failed CREATE INDEX CONCURRENTLY). "
                                + (ifNotExists ? "IF NOT EXISTS makes this statement skip with a NOTICE, so the"
                                + " migration \"succeeds\" without a usable index."
                                : "This statement fails with \"relation already exists\"."),
                        "DROP INDEX CONCURRENTLY IF EXISTS " + idxRel.sql() + ";\n" + withConcurrently(s, indexToken)
                                + ";", null, ev.deepCopy().put("invalid_index", idxRel.toString()));
            }
            if (concurrently) {
                request(rel, LockMode.SHARE_UPDATE_EXCLUSIVE);
                if (t != null && t.partitioned()) {
                    issue("concurrent-index-on-partitioned-table", Verdict.FAILS, null, null,
                            rel + " is a partitioned table: PostgreSQL rejects CREATE INDEX CONCURRENTLY on it"
                                    + " (\"cannot create index on partitioned table concurrently\").",
                            partitionIndexRecipe(rel, idxName, unique, colList), null, ev.deepCopy());
                }
                if (version >= 140000 && version < 140004) {
                    issue("cic-index-corruption-pg14.0-14.3", Verdict.UNSAFE, null, null,
                            "PostgreSQL " + versionText() + " has a bug (fixed in 14.4) by which CREATE INDEX"
                                    + " CONCURRENTLY can miss rows and build a corrupt index.",
                            "-- upgrade to 14.4 or later first; then check existing indexes with amcheck", null,
                            obj().put("server_version_num", version));
                }
            } else {
                request(rel, LockMode.SHARE);
                boolean onlyParent = only && t != null && t.partitioned();
                if (existing && !onlyParent) {
                    String estimate = scanEstimate(t != null ? t.bytes : -1);
                    String rewrite = t != null && t.partitioned()
                            ? partitionIndexRecipe(rel, idxName, unique, colList)
                            : "-- outside a transaction block (no BEGIN, and a runner mode that does not wrap the"
                            + " file)\n" + withConcurrently(s, indexToken) + ";";
                    issue("index-created-non-concurrently", Verdict.UNSAFE,
                            LockMode.SHARE.pgName + " on " + rel, LockMode.SHARE.blocks(),
                            "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + idxName + " without CONCURRENTLY"
                                    + " holds a ShareLock on " + rel + " for the whole build: every INSERT, UPDATE"
                                    + " and DELETE on it waits until the build ends"
                                    + (estimate == null ? "." : " (the build reads the table: " + estimate + ")."),
                            rewrite, estimate, ev.deepCopy().put("scan", true));
                    work = new Work(rel, "builds an index on " + rel, estimate);
                }
            }
            if (unique && existing) {
                ObjectNode p = obj().put("table", rel.toString());
                p.set("columns", strings(cols));
                if (predicate != null) p.put("where", predicate);
                String from = rowsFrom(t, rel, null, usedBy(cols, predicate), p);
                if (from != null) p.put("query", duplicatesQuery(from, cols, predicate));
                probe("unique-violation-existing-duplicates", "unique",
                        (concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE).pgName + " on " + rel,
                        "the unique index " + idxName + " fails if " + rel + " already holds duplicate (" + colList
                                + ") values" + (concurrently ? ", and a failed CONCURRENTLY build leaves an INVALID"
                                + " index behind" : "") + ".", p);
            }
            if (ifNotExists && clash != null) return;
            IdxState ix = new IdxState();
            ix.name = idxName;
            ix.columns = cols;
            ix.unique = unique;
            ix.method = method;
            ix.predicate = predicate;
            ix.valid = !(only && t != null && t.partitioned());
            ix.definition = s.sql();
            ix.createdInScript = true;
            if (t != null) t.indexes.add(ix);
            else if (mv != null) mv.indexes.add(ix);
        }

        private String partitionIndexRecipe(Rel parent, String idxName, boolean unique, String cols) {
            String u = unique ? "UNIQUE " : "";
            return "CREATE " + u + "INDEX " + SqlNames.ident(idxName) + " ON ONLY " + parent.sql() + " (" + cols + ");"
                    + "  -- parent only: instant, starts INVALID\n"
                    + "-- then for each partition <p> of " + parent.sql() + ", outside a transaction block:\n"
                    + "CREATE " + u + "INDEX CONCURRENTLY " + SqlNames.ident(idxName + "_p") + " ON <p> (" + cols + ");\n"
                    + "ALTER INDEX " + SqlNames.ident(idxName) + " ATTACH PARTITION " + SqlNames.ident(idxName + "_p") + ";\n"
                    + "-- the parent index becomes valid once every partition's index is attached";
        }

        private void createTable(Statement s, Cursor c, boolean temp) {
            boolean ifNotExists = c.accept("if", "not", "exists");
            List<String> parts = c.qualifiedName();
            Rel rel = temp && parts.size() == 1 ? new Rel("pg_temp", parts.get(0)) : model.resolve(parts);
            if (ifNotExists && model.exists(rel)) return;
            TableState t = new TableState(rel);
            t.isNew = true;
            t.rows = 0;
            t.bytes = 0;
            if (c.accept("partition", "of")) {
                Rel parent = model.resolve(c.qualifiedName());
                t.partition = true;
                t.parent = parent;
                TableState p = model.table(parent);
                if (p != null) {
                    for (ColState pc : p.columns) {
                        ColState cs = new ColState(pc.name, normalizeType(pc.type));
                        cs.type = pc.type;
                        cs.typeName = pc.typeName;
                        cs.typeSchema = pc.typeSchema;
                        cs.notNull = pc.notNull;
                        cs.defaultValue = pc.defaultValue;
                        t.columns.add(cs);
                    }
                }
                request(parent, LockMode.ACCESS_EXCLUSIVE);
            } else if (c.accept("of")) {
                c.qualifiedName();
            }
            if (c.isPunct("(")) {
                for (List<Token> element : splitCommas(c.group())) tableElement(s, t, element);
            }
            while (!c.atEnd()) {
                if (c.accept("partition", "by")) {
                    t.kind = "partitioned_table";
                } else if (c.accept("as")) {
                    t.rows = -1;
                    t.bytes = -1;
                    c.rest();
                } else if (c.isPunct("(")) {
                    c.skipGroup();
                } else {
                    c.i++;
                }
            }
            model.tables.put(rel, t);
        }

        private void tableElement(Statement s, TableState t, List<Token> element) {
            Cursor ec = new Cursor(element);
            if (startsConstraint(ec)) {
                ConstraintDef d = parseConstraint(element);
                ConState con = constraintState(t, d);
                con.addedTx = ctx.tx();
                con.validatedTx = ctx.tx();
                con.addedBy = s;
                con.validated = true;
                addConstraintToModel(t, con, d.usingIndex);
                if ("foreign_key".equals(d.type) && d.refTable != null) {
                    request(con.refTable, LockMode.SHARE_ROW_EXCLUSIVE);
                    fksAdded.add(new FkAdded(s, t.rel, d.columns, con.name));
                }
            } else if (ec.accept("like")) {
                TableState src = model.table(model.resolve(ec.qualifiedName()));
                if (src != null) {
                    for (ColState pc : src.columns) {
                        ColState cs = new ColState(pc.name, normalizeType(pc.type));
                        cs.type = pc.type;
                        cs.typeName = pc.typeName;
                        cs.notNull = pc.notNull;
                        t.columns.add(cs);
                    }
                }
            } else {
                ColumnDef d = parseColumnDef(element);
                if (d.name.isEmpty()) return;
                if (t.partition && t.column(d.name) != null) return;
                addColumnToModel(s, t, d);
                if (d.type.base().equals("json")) jsonColumn(t.rel, d);
            }
        }

        private void jsonColumn(Rel rel, ColumnDef d) {
            issue("json-column-instead-of-jsonb", Verdict.SAFE, null, null,
                    "Column " + rel + "." + d.name + " is json, not jsonb: json has no equality operator (DISTINCT,"
                            + " GROUP BY, UNION and unique indexes fail on it), cannot use GIN indexes, and is"
                            + " re-parsed on every access.",
                    "-- use jsonb unless the exact text (key order, duplicate keys, whitespace) must be kept\n"
                            + SqlNames.ident(d.name) + " jsonb", null, obj().put("table", rel.toString()).put("column", d.name));
        }

        /** Adds a column (and its inline constraints) to the model. */
        private void addColumnToModel(Statement s, TableState t, ColumnDef d) {
            ColState cs = new ColState(d.name, d.type);
            cs.notNull = d.notNull;
            if (d.defaultExpr != null) cs.defaultValue = src(s, d.defaultExpr);
            if (d.type.serial()) {
                cs.defaultValue = "nextval('" + t.rel.name() + "_" + d.name + "_seq'::regclass)";
            }
            if (d.identity) cs.identity = "a";
            if (d.storedGenerated) cs.generated = "s";
            if (!t.isNew) {
                boolean newType = model.newTypes.stream().anyMatch(r -> r.name().equals(d.type.base()));
                ProbeRows.added(cs, s.index(), d.defaultExpr, joinTokens(d.typeTokens), d.autoIncrement(),
                        d.storedGenerated || d.virtualGenerated, newType);
            }
            t.columns.removeIf(x -> x.name.equals(d.name));
            t.columns.add(cs);
            if (d.primaryKey) {
                ConState con = new ConState();
                con.name = t.rel.name() + "_pkey";
                con.type = "primary_key";
                con.columns = List.of(d.name);
                con.definition = "PRIMARY KEY (" + SqlNames.ident(d.name) + ")";
                markAdded(con, s);
                addConstraintToModel(t, con, null);
            }
            if (d.unique) {
                ConState con = new ConState();
                con.name = defaultConstraintName(t.rel.name(), List.of(d.name), "key");
                con.type = "unique";
                con.columns = List.of(d.name);
                con.definition = "UNIQUE (" + SqlNames.ident(d.name) + ")";
                markAdded(con, s);
                addConstraintToModel(t, con, null);
            }
            if (d.check != null) {
                ConState con = new ConState();
                con.name = d.checkName != null ? d.checkName
                        : defaultConstraintName(t.rel.name(), List.of(d.name), "check");
                con.type = "check";
                con.columns = List.of(d.name);
                con.definition = "CHECK (" + src(s, d.check) + ")";
                markAdded(con, s);
                addConstraintToModel(t, con, null);
            }
            if (d.refTable != null) {
                ConState con = new ConState();
                con.name = d.refName != null ? d.refName
                        : defaultConstraintName(t.rel.name(), List.of(d.name), "fkey");
                con.type = "foreign_key";
                con.columns = List.of(d.name);
                con.refTable = model.resolve(d.refTable);
                con.refColumns = d.refColumns.isEmpty() ? primaryKeyOf(con.refTable) : d.refColumns;
                con.definition = "FOREIGN KEY (" + SqlNames.ident(d.name) + ") REFERENCES " + con.refTable.sql();
                markAdded(con, s);
                addConstraintToModel(t, con, null);
                request(con.refTable, LockMode.SHARE_ROW_EXCLUSIVE);
                fksAdded.add(new FkAdded(s, t.rel, List.of(d.name), con.name));
            }
        }

        private void markAdded(ConState con, Statement s) {
            con.addedTx = ctx.tx();
            con.validatedTx = ctx.tx();
            con.addedBy = s;
        }

        private List<String> primaryKeyOf(Rel rel) {
            TableState t = model.table(rel);
            return t == null ? List.of() : t.primaryKey();
        }

        private ConState constraintState(TableState t, ConstraintDef d) {
            ConState con = new ConState();
            con.type = d.type;
            con.columns = d.columns;
            String table = t == null ? "t" : t.rel.name();
            List<String> tableColumns = t == null ? List.of() : t.columns.stream().map(x -> x.name).toList();
            switch (d.type) {
                case "check" -> {
                    List<String> named = columnsIn(d.checkExpr, tableColumns);
                    con.columns = named;
                    con.name = d.name != null ? d.name
                            : defaultConstraintName(table, named.size() == 1 ? named : List.of(), "check");
                }
                case "foreign_key" -> {
                    con.name = d.name != null ? d.name : defaultConstraintName(table, d.columns, "fkey");
                    con.refTable = d.refTable == null ? null : model.resolve(d.refTable);
                    con.refColumns = d.refColumns.isEmpty() && con.refTable != null ? primaryKeyOf(con.refTable)
                            : d.refColumns;
                }
                case "unique" -> con.name = d.name != null ? d.name : defaultConstraintName(table, d.columns, "key");
                case "primary_key" -> con.name = d.name != null ? d.name : table + "_pkey";
                case "exclusion" -> con.name = d.name != null ? d.name : defaultConstraintName(table, d.columns,
                        "excl");
                default -> con.name = d.name;
            }
            con.definition = joinTokens(d.body) + (d.notValid ? " NOT VALID" : "");
            con.validated = !d.notValid;
            return con;
        }

        private void addConstraintToModel(TableState t, ConState con, String usingIndex) {
            if (t == null) return;
            if ("not_null".equals(con.type)) {
                for (String col : con.columns) {
                    ColState cs = t.column(col);
                    if (cs != null && con.validated) cs.notNull = true;
                }
                return;
            }
            t.constraints.removeIf(x -> x.name != null && x.name.equals(con.name));
            t.constraints.add(con);
            if ("primary_key".equals(con.type)) {
                for (String col : con.columns) {
                    ColState cs = t.column(col);
                    if (cs != null) cs.notNull = true;
                }
            }
            if ("primary_key".equals(con.type) || "unique".equals(con.type) || "exclusion".equals(con.type)) {
                IdxState existingIndex = usingIndex == null ? null : t.index(usingIndex);
                if (existingIndex != null) {
                    if (con.columns.isEmpty()) con.columns = existingIndex.columns;
                    existingIndex.name = con.name;
                    existingIndex.primary = "primary_key".equals(con.type);
                    existingIndex.unique = true;
                    if ("primary_key".equals(con.type)) {
                        for (String col : con.columns) {
                            ColState cs = t.column(col);
                            if (cs != null) cs.notNull = true;
                        }
                    }
                } else {
                    IdxState ix = new IdxState();
                    ix.name = con.name;
                    ix.columns = con.columns;
                    ix.unique = !"exclusion".equals(con.type);
                    ix.primary = "primary_key".equals(con.type);
                    ix.method = "exclusion".equals(con.type) ? "gist" : "btree";
                    ix.createdInScript = true;
                    t.indexes.removeIf(x -> x.name.equals(con.name));
                    t.indexes.add(ix);
                }
            }
        }

        private void createView(Statement s, Cursor c, boolean materialized) {
            c.accept("if", "not", "exists");
            Rel rel = model.resolve(c.qualifiedName());
            c.until(cur -> cur.is("as"));
            c.accept("as");
            List<Token> query = c.until(cur -> cur.is("with", "no", "data") || cur.is("with", "data"));
            boolean noData = c.is("with", "no", "data");
            ViewState old = model.views.get(rel);
            ViewState v = new ViewState(rel);
            v.materialized = materialized;
            v.definition = src(s, query);
            v.isNew = old == null || old.isNew;
            if (old != null) {
                v.source = old.source;
                v.indexes.addAll(old.indexes);
                request(rel, LockMode.ACCESS_EXCLUSIVE);
            }
            model.views.put(rel, v);
            if (materialized && !noData) work = new Work(rel, "fills materialized view " + rel + " by running its"
                    + " query", null);
        }

        private void createFunction(Cursor c) {
            List<String> parts = c.qualifiedName();
            if (parts.isEmpty()) return;
            String schema = parts.size() > 1 ? parts.get(parts.size() - 2) : model.defaultSchema;
            String name = parts.get(parts.size() - 1);
            String volatility = "volatile";
            // LANGUAGE may only be left out for a SQL-standard body (BEGIN ATOMIC or RETURN), which is SQL.
            String language = "sql";
            while (!c.atEnd()) {
                Token tok = c.next();
                if (tok.isWord("immutable") || tok.isWord("stable") || tok.isWord("volatile")) {
                    volatility = tok.value();
                } else if (tok.isWord("language") && c.isName()) {
                    language = c.name();
                }
            }
            model.functions.removeIf(f -> f.schema().equals(schema) && f.name().equals(name));
            model.functions.add(new FunctionInfo(schema, name, volatility, language));
        }

        private void createType(Cursor c) {
            c.accept("if", "not", "exists");
            Rel rel = model.resolveType(c.qualifiedName());
            if (c.accept("as", "enum")) {
                List<String> labels = new ArrayList<>();
                for (Token tok : c.group()) {
                    if (tok.kind().isString()) labels.add(tok.value());
                }
                model.enums.put(rel, labels);
                model.newTypes.add(rel);
            }
        }

        private void createDomain(Statement s, Cursor c) {
            Rel rel = model.resolveType(c.qualifiedName());
            c.accept("as");
            List<Token> type = c.until(StaticRules::atColumnConstraint);
            boolean notNull = false;
            String def = null;
            List<String> checks = new ArrayList<>();
            while (!c.atEnd()) {
                if (c.accept("not", "null")) notNull = true;
                else if (c.accept("default")) def = src(s, c.until(StaticRules::atColumnConstraint));
                else if (c.accept("check")) checks.add("CHECK (" + src(s, c.group()) + ")");
                else c.i++;
            }
            model.domains.put(rel, new Catalog.Domain(rel.schema(), rel.name(), normalizeType(type).formatted(),
                    notNull, def, checks, null));
            model.newTypes.add(rel);
        }

        private void createTrigger(Cursor c) {
            c.name();
            while (!c.atEnd() && !c.is("on")) c.i++;
            if (!c.accept("on")) return;
            Rel rel = model.resolve(c.qualifiedName());
            request(rel, LockMode.SHARE_ROW_EXCLUSIVE);
            if (isExisting(rel)) {
                issue("create-trigger-blocks-writes", Verdict.SAFE,
                        LockMode.SHARE_ROW_EXCLUSIVE.pgName + " on " + rel, LockMode.SHARE_ROW_EXCLUSIVE.blocks(),
                        "CREATE TRIGGER takes a ShareRowExclusiveLock on " + rel + ": brief, but writes wait for it,"
                                + " and it queues behind any long transaction on the table (set lock_timeout).",
                        null, null, obj().put("table", rel.toString()));
            }
        }

        private void policy(Cursor c) {
            c.accept("if", "exists");
            c.name();
            if (c.accept("on")) request(model.resolve(c.qualifiedName()), LockMode.ACCESS_EXCLUSIVE);
        }

        // -------------------------------------------------------------------------------------------- ALTER

        private void alter(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            if (c.accept("table")) {
                alterTable(s, c);
            } else if (c.accept("type")) {
                alterType(s, c);
            } else if (c.accept("domain")) {
                alterDomain(s, c);
            } else if (c.accept("schema")) {
                alterSchema(c);
            } else if (c.accept("index")) {
                alterIndex(c);
            } else if (c.accept("policy")) {
                policy(c);
            } else if (c.accept("materialized", "view") || c.accept("view")) {
                c.accept("if", "exists");
                Rel rel = model.resolve(c.qualifiedName());
                if (c.accept("rename", "to")) {
                    ViewState v = model.views.remove(rel);
                    String to = c.name();
                    if (v != null) {
                        ViewState moved = new ViewState(new Rel(rel.schema(), to));
                        moved.materialized = v.materialized;
                        moved.definition = v.definition;
                        moved.isNew = v.isNew;
                        moved.indexes.addAll(v.indexes);
                        model.views.put(moved.rel, moved);
                    }
                }
                request(rel, LockMode.ACCESS_EXCLUSIVE);
            }
        }

        /** What one ALTER TABLE statement does to one table. */
        final class Alter {
            final Statement s;
            final Rel rel;
            final TableState t;
            final boolean existing;
            LockMode lock;
            /** Every action is one that could simply join another ALTER TABLE (no constraint or NOT NULL steps). */
            boolean combinable = true;

            Alter(Statement s, Rel rel, TableState t) {
                this.s = s;
                this.rel = rel;
                this.t = t;
                this.existing = t == null || !t.isNew;
            }

            void lock(LockMode m) {
                lock = m.max(lock);
            }

            String lockText(LockMode m) {
                return m.pgName + " on " + rel;
            }

            String sqlPrefix() {
                return "ALTER TABLE " + rel.sql();
            }
        }

        private void alterTable(Statement s, Cursor c) {
            c.accept("if", "exists");
            if (c.is("all", "in")) return;
            c.accept("only");
            Rel rel = model.resolve(c.qualifiedName());
            Token star = c.peek();
            if (star != null && star.kind() == Kind.OPERATOR && star.text().equals("*")) c.i++;
            Alter a = new Alter(s, rel, model.table(rel));
            if (c.is("rename") || c.is("set", "schema") || c.is("attach") || c.is("detach")) a.combinable = false;
            if (c.is("rename")) {
                rename(a, c);
            } else if (c.accept("set", "schema")) {
                a.lock(LockMode.ACCESS_EXCLUSIVE);
            } else if (c.accept("attach", "partition")) {
                attachPartition(a, c);
            } else if (c.accept("detach", "partition")) {
                detachPartition(a, c);
            } else {
                for (List<Token> action : splitCommas(c.rest())) action(a, action);
            }
            if (a.lock != null) request(rel, a.lock);
            if (a.lock == LockMode.ACCESS_EXCLUSIVE && a.existing && a.combinable) {
                PreviousAlter before = previousAlter;
                if (before != null && before.rel().equals(rel) && before.statementIndex() == s.index() - 1
                        && before.tx() != ctx.tx() && multipleAlterReported.add(rel)) {
                    issue("multiple-alter-table-same-target", Verdict.SAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "Another ALTER TABLE on " + rel + " in a separate transaction: each one queues for its"
                                    + " own AccessExclusiveLock (and each may scan or rewrite the table). One ALTER"
                                    + " TABLE with several comma-separated actions takes the lock once.",
                            "ALTER TABLE " + rel.sql() + " <action 1>, <action 2>;", null,
                            obj().put("table", rel.toString()));
                }
            }
            previousAlter = a.lock == LockMode.ACCESS_EXCLUSIVE && a.existing && a.combinable
                    ? new PreviousAlter(rel, s.index(), ctx.tx()) : null;
        }

        private void action(Alter a, List<Token> act) {
            Cursor c = new Cursor(act);
            if (!combinableAction(act)) a.combinable = false;
            if (c.accept("add")) {
                if (c.accept("column")) {
                    boolean ifNotExists = c.accept("if", "not", "exists");
                    addColumn(a, parseColumnDef(c.rest()), ifNotExists);
                } else if (startsConstraint(c) || c.is("not", "null")) {
                    addConstraint(a, parseConstraint(c.rest()));
                } else {
                    boolean ifNotExists = c.accept("if", "not", "exists");
                    addColumn(a, parseColumnDef(c.rest()), ifNotExists);
                }
            } else if (c.accept("drop")) {
                boolean cascade = act.stream().anyMatch(x -> x.isWord("cascade"));
                if (c.accept("constraint")) {
                    boolean ifExists = c.accept("if", "exists");
                    dropConstraint(a, c.name(), cascade, ifExists);
                } else {
                    c.accept("column");
                    boolean ifExists = c.accept("if", "exists");
                    dropColumn(a, c.name(), cascade, ifExists);
                }
            } else if (c.accept("alter")) {
                if (c.accept("constraint")) {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                    return;
                }
                c.accept("column");
                String col = c.name();
                if (c.accept("type") || c.accept("set", "data", "type")) {
                    alterColumnType(a, col, c);
                } else if (c.accept("set", "not", "null")) {
                    setNotNull(a, col);
                } else if (c.accept("drop", "not", "null")) {
                    dropNotNull(a, col);
                } else if (c.accept("set", "default")) {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                    ColState cs = a.t == null ? null : a.t.column(col);
                    if (cs != null) cs.defaultValue = src(a.s, c.rest());
                } else if (c.accept("drop", "default")) {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                    ColState cs = a.t == null ? null : a.t.column(col);
                    if (cs != null) cs.defaultValue = null;
                } else if (c.is("set", "statistics") || c.is("reset") || (c.is("set") && isPunctAt(c, 1, "("))) {
                    a.lock(LockMode.SHARE_UPDATE_EXCLUSIVE);
                } else {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                }
            } else if (c.accept("validate", "constraint")) {
                validateConstraint(a, c.name());
            } else if (c.accept("set", "logged") || c.accept("set", "unlogged")) {
                setLogged(a, act.get(1).value());
            } else if (c.is("set") && isPunctAt(c, 1, "(")) {
                c.accept("set");
                storageParameters(a, c.group());
            } else if (c.accept("reset")) {
                a.lock(LockMode.SHARE_UPDATE_EXCLUSIVE);
            } else if (c.accept("enable") || c.accept("disable")) {
                if (c.is("row", "level", "security")) a.lock(LockMode.ACCESS_EXCLUSIVE);
                else a.lock(LockMode.SHARE_ROW_EXCLUSIVE);
            } else if (c.accept("replica", "identity")) {
                a.lock(LockMode.ACCESS_EXCLUSIVE);
                if (a.existing) {
                    issue("replica-identity-change", Verdict.SAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "REPLICA IDENTITY " + joinTokens(c.rest()).toUpperCase(Locale.ROOT) + " on " + a.rel
                                    + " changes what logical replication and CDC consumers receive for UPDATE and"
                                    + " DELETE (FULL logs whole old rows: more WAL; NOTHING makes UPDATE/DELETE fail"
                                    + " on tables in a publication).",
                            null, null, obj().put("table", a.rel.toString()));
                }
            } else if (c.accept("cluster", "on") || c.accept("set", "without", "cluster")) {
                a.lock(LockMode.SHARE_UPDATE_EXCLUSIVE);
            } else {
                a.lock(LockMode.ACCESS_EXCLUSIVE);
            }
        }

        /** ADD/DROP COLUMN and column defaults or types: actions that one ALTER TABLE can simply combine. */
        private static boolean combinableAction(List<Token> act) {
            Cursor c = new Cursor(act);
            if (c.accept("add")) return !startsConstraint(c) && !c.is("not", "null");
            if (c.accept("drop")) return !c.is("constraint");
            if (c.accept("alter")) {
                c.accept("column");
                c.name();
                return c.is("type") || c.is("set", "data") || c.is("set", "default") || c.is("drop", "default");
            }
            return false;
        }

        private static boolean isPunctAt(Cursor c, int k, String p) {
            Token tok = c.peek(k);
            return tok != null && tok.isPunctuation(p);
        }

        private void addColumn(Alter a, ColumnDef d, boolean ifNotExists) {
            a.lock(LockMode.ACCESS_EXCLUSIVE);
            if (d.name.isEmpty()) return;
            TableState t = a.t;
            if (ifNotExists && t != null && t.column(d.name) != null) return;
            Rel rel = a.rel;
            String col = rel + "." + d.name;
            boolean rewrite = false;
            boolean scan = false;
            if (d.type.base().equals("json")) jsonColumn(rel, d);
            if (a.existing) {
                String lockText = a.lockText(LockMode.ACCESS_EXCLUSIVE);
                String blocks = LockMode.ACCESS_EXCLUSIVE.blocks();
                String rewriteEstimate = rewriteEstimate(t);
                if (d.autoIncrement()) {
                    rewrite = true;
                    issue("auto-increment-column-rewrite", Verdict.UNSAFE, lockText, blocks,
                            "Adding " + (d.identity ? "an identity" : "a " + joinTokens(d.typeTokens)) + " column "
                                    + col + " to an existing table fills a new value into every row: the whole"
                                    + " table is rewritten under AccessExclusiveLock"
                                    + sizeClause(rewriteEstimate) + ".",
                            autoIncrementRecipe(t, rel, d), rewriteEstimate, ev(t, rel).put("rewrite", true)
                                    .put("column", d.name));
                } else if (d.storedGenerated) {
                    rewrite = true;
                    issue("stored-generated-column-rewrite", Verdict.UNSAFE, lockText, blocks,
                            "Adding the stored generated column " + col + " computes and writes it for every row:"
                                    + " the table is rewritten under AccessExclusiveLock" + sizeClause(rewriteEstimate)
                                    + ".",
                            "ALTER TABLE " + rel.sql() + " ADD COLUMN " + SqlNames.ident(d.name) + " " + d.type.formatted()
                                    + ";  -- plain column: instant\n"
                                    + "-- fill it for new and changed rows with a BEFORE INSERT OR UPDATE trigger,"
                                    + " then backfill old rows in batches:\n"
                                    + batchUpdate(t, rel, SqlNames.ident(d.name) + " = <generation expression>",
                                    SqlNames.ident(d.name) + " IS NULL")
                                    + (version >= 180000 ? "\n-- PostgreSQL 18: GENERATED ALWAYS AS (…) VIRTUAL adds"
                                    + " it without a rewrite" : ""),
                            rewriteEstimate, ev(t, rel).put("rewrite", true).put("column", d.name));
                } else if (d.defaultExpr != null && !isNullLiteral(d.defaultExpr)) {
                    String expr = src(a.s, d.defaultExpr);
                    if (version < 110000) {
                        rewrite = true;
                        issue("volatile-default-rewrite", Verdict.UNSAFE, lockText, blocks,
                                "Before PostgreSQL 11 every ADD COLUMN … DEFAULT rewrites the table; " + col
                                        + " DEFAULT " + expr + " rewrites " + rel + " under AccessExclusiveLock"
                                        + sizeClause(rewriteEstimate) + ".",
                                volatileDefaultRecipe(t, rel, d, expr), rewriteEstimate,
                                ev(t, rel).put("rewrite", true).put("column", d.name).put("default", expr));
                    } else {
                        Volatility v = volatility(d.defaultExpr);
                        if (v.rewrites()) {
                            rewrite = true;
                            issue("volatile-default-rewrite", Verdict.UNSAFE, lockText, blocks,
                                    "The default " + expr + " of " + col + " calls " + v.function() + "(), which is"
                                            + " VOLATILE" + (v.userFunction() ? " (" + v.language() + ")" : "")
                                            + ": PostgreSQL must compute it for each existing row, so the whole table"
                                            + " is rewritten under AccessExclusiveLock"
                                            + sizeClause(rewriteEstimate) + ". (Constants, now() and other"
                                            + " non-volatile defaults are free since PostgreSQL 11.)",
                                    volatileDefaultRecipe(t, rel, d, expr), rewriteEstimate,
                                    ev(t, rel).put("rewrite", true).put("column", d.name).put("default", expr)
                                            .put("volatile_function", v.function()));
                        } else if (v.uncertain()) {
                            issue("volatile-default-rewrite", Verdict.SAFE, lockText, blocks,
                                    "The default " + expr + " of " + col + " calls " + v.function() + "(), "
                                            + v.reason() + ". Whether this rewrites the table is decided by the"
                                            + " shadow run (relfilenode change).",
                                    null, rewriteEstimate, ev(t, rel).put("needs_shadow", true)
                                            .put("column", d.name).put("default", expr)
                                            .put("function", v.function()));
                        }
                    }
                }
                if (d.requiredWithoutDefault()) requiredColumn(a, d);
                if (d.check != null) {
                    scan = true;
                    String name = d.checkName != null ? d.checkName
                            : defaultConstraintName(rel.name(), List.of(d.name), "check");
                    String est = scanEstimate(t == null ? -1 : t.bytes);
                    issue("check-constraint-without-not-valid", Verdict.UNSAFE, lockText, blocks,
                            "ADD COLUMN " + d.name + " with CHECK (" + src(a.s, d.check) + ") checks every existing"
                                    + " row of " + rel + " while holding AccessExclusiveLock" + sizeClause(est) + ".",
                            "ALTER TABLE " + rel.sql() + " ADD COLUMN " + SqlNames.ident(d.name) + " "
                                    + joinTokens(d.typeTokens) + (d.defaultExpr == null ? ""
                                    : " DEFAULT " + src(a.s, d.defaultExpr)) + ";\n"
                                    + "ALTER TABLE " + rel.sql() + " ADD CONSTRAINT " + SqlNames.ident(name) + " CHECK ("
                                    + src(a.s, d.check) + ") NOT VALID;\n"
                                    + "-- in a separate transaction:\nALTER TABLE " + rel.sql()
                                    + " VALIDATE CONSTRAINT " + SqlNames.ident(name) + ";",
                            est, ev(t, rel).put("scan", true).put("column", d.name));
                }
                if (d.refTable != null) {
                    scan = true;
                    Rel ref = model.resolve(d.refTable);
                    String name = d.refName != null ? d.refName
                            : defaultConstraintName(rel.name(), List.of(d.name), "fkey");
                    String est = scanEstimate(t == null ? -1 : t.bytes);
                    String refCols = d.refColumns.isEmpty() ? "" : " (" + String.join(", ",
                            d.refColumns.stream().map(SqlNames::ident).toList()) + ")";
                    issue("foreign-key-without-not-valid", Verdict.UNSAFE,
                            a.lockText(LockMode.ACCESS_EXCLUSIVE) + " and ShareRowExclusiveLock on " + ref,
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "ADD COLUMN " + d.name + " … REFERENCES " + ref + " validates the new foreign key by"
                                    + " scanning " + rel + " under AccessExclusiveLock, while writes to " + ref
                                    + " wait too" + sizeClause(est) + ".",
                            "ALTER TABLE " + rel.sql() + " ADD COLUMN " + SqlNames.ident(d.name) + " "
                                    + joinTokens(d.typeTokens) + ";\n"
                                    + "ALTER TABLE " + rel.sql() + " ADD CONSTRAINT " + SqlNames.ident(name) + " FOREIGN KEY ("
                                    + SqlNames.ident(d.name) + ") REFERENCES " + ref.sql() + refCols + " NOT VALID;\n"
                                    + "-- in a separate transaction:\nALTER TABLE " + rel.sql()
                                    + " VALIDATE CONSTRAINT " + SqlNames.ident(name) + ";",
                            est, ev(t, rel).put("scan", true).put("referenced_table", ref.toString()));
                }
                if (d.primaryKey || d.unique) {
                    String est = scanEstimate(t == null ? -1 : t.bytes);
                    String rule = d.primaryKey ? "primary-key-blocking-index-build"
                            : "unique-constraint-blocking-index-build";
                    issue(rule, Verdict.UNSAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE), LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "ADD COLUMN " + d.name + " " + (d.primaryKey ? "PRIMARY KEY" : "UNIQUE") + " builds a"
                                    + " unique index on " + rel + " while holding AccessExclusiveLock"
                                    + sizeClause(est) + ".",
                            "ALTER TABLE " + rel.sql() + " ADD COLUMN " + SqlNames.ident(d.name) + " "
                                    + joinTokens(d.typeTokens) + ";\n-- fill it, then:\nCREATE UNIQUE INDEX"
                                    + " CONCURRENTLY " + SqlNames.ident(rel.name() + "_" + d.name + "_key") + " ON "
                                    + rel.sql() + " (" + SqlNames.ident(d.name) + ");\nALTER TABLE " + rel.sql()
                                    + " ADD CONSTRAINT " + SqlNames.ident(rel.name() + "_" + d.name + "_key") + " "
                                    + (d.primaryKey ? "PRIMARY KEY" : "UNIQUE") + " USING INDEX "
                                    + SqlNames.ident(rel.name() + "_" + d.name + "_key") + ";",
                            est, ev(t, rel).put("scan", true).put("column", d.name));
                }
            }
            if (t != null) addColumnToModel(a.s, t, d);
            else if (d.refTable != null) request(model.resolve(d.refTable), LockMode.SHARE_ROW_EXCLUSIVE);
            if (a.existing && (rewrite || scan)) {
                work = new Work(rel, (rewrite ? "rewrites " : "scans ") + rel,
                        rewrite ? rewriteEstimate(t) : scanEstimate(t == null ? -1 : t.bytes));
            }
        }

        private void requiredColumn(Alter a, ColumnDef d) {
            TableState t = a.t;
            Rel rel = a.rel;
            String col = rel + "." + d.name;
            String lockText = a.lockText(LockMode.ACCESS_EXCLUSIVE);
            ObjectNode ev = ev(t, rel).put("needs_data_probe", true).put("probe", "empty").put("column", d.name);
            String from = rowsFrom(t, rel, null, List.of(), ev);
            if (from != null) ev.put("query", "select 1 from " + from + " limit 1");
            String nullable = "ALTER TABLE " + rel.sql() + " ADD COLUMN " + SqlNames.ident(d.name) + " "
                    + joinTokens(d.typeTokens) + ";  -- nullable first\n"
                    + "-- deploy code that writes it, backfill old rows in batches, then the CHECK … NOT VALID /"
                    + " VALIDATE / SET NOT NULL pattern\n-- or, if one value suits every existing row:\n"
                    + "ALTER TABLE " + rel.sql() + " ADD COLUMN " + SqlNames.ident(d.name) + " " + joinTokens(d.typeTokens)
                    + " NOT NULL DEFAULT <constant>;  -- instant since PostgreSQL 11";
            if (t != null && t.rows > 0) {
                issue("adding-not-null-without-default", Verdict.FAILS, lockText, LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "ADD COLUMN " + col + " NOT NULL without a default on a table with rows (≈ " + t.rows
                                + " estimated): every existing row would get NULL, so PostgreSQL refuses with"
                                + " \"column contains null values\".",
                        nullable, null, ev);
            } else {
                issue("required-column-breaks-inserts", Verdict.UNSAFE, lockText, LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "ADD COLUMN " + col + " NOT NULL without a default: "
                                + (t != null && t.rows == 0 ? "the table looks empty (row estimate 0), so the ALTER"
                                + " succeeds, but" : "the size of " + rel + " is unknown; if it has rows the ALTER"
                                + " fails, and if it is empty") + " every INSERT that does not set " + d.name
                                + " fails from now on, which breaks running code.",
                        nullable, null, ev);
            }
        }

        private void addConstraint(Alter a, ConstraintDef d) {
            TableState t = a.t;
            Rel rel = a.rel;
            ConState con = constraintState(t, d);
            con.addedTx = ctx.tx();
            con.validatedTx = d.notValid ? -1 : ctx.tx();
            con.addedBy = a.s;
            String name = con.name;
            String body = joinTokens(d.body);
            String est = scanEstimate(t == null ? -1 : t.bytes);
            String aeText = a.lockText(LockMode.ACCESS_EXCLUSIVE);
            String aeBlocks = LockMode.ACCESS_EXCLUSIVE.blocks();
            switch (d.type) {
                case "check" -> {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                    if (a.existing && !d.notValid) {
                        issue("check-constraint-without-not-valid", Verdict.UNSAFE, aeText, aeBlocks,
                                "ADD CONSTRAINT " + name + " CHECK without NOT VALID checks every row of " + rel
                                        + " while holding AccessExclusiveLock" + sizeClause(est) + ".",
                                a.sqlPrefix() + " ADD CONSTRAINT " + SqlNames.ident(name) + " " + body + " NOT VALID;\n"
                                        + "-- in a separate transaction (ShareUpdateExclusiveLock: traffic continues):\n"
                                        + a.sqlPrefix() + " VALIDATE CONSTRAINT " + SqlNames.ident(name) + ";",
                                est, ev(t, rel).put("scan", true).put("constraint", name));
                        checkProbe(a, con, d.checkExpr);
                        work = new Work(rel, "scans " + rel + " to check " + name, est);
                    }
                }
                case "foreign_key" -> {
                    a.lock(LockMode.SHARE_ROW_EXCLUSIVE);
                    Rel ref = con.refTable;
                    if (ref != null) request(ref, LockMode.SHARE_ROW_EXCLUSIVE);
                    fksAdded.add(new FkAdded(a.s, rel, d.columns, name));
                    if (a.existing && !d.notValid) {
                        issue("foreign-key-without-not-valid", Verdict.UNSAFE,
                                "ShareRowExclusiveLock on " + rel + (ref == null ? "" : " and " + ref),
                                LockMode.SHARE_ROW_EXCLUSIVE.blocks(),
                                "ADD CONSTRAINT " + name + " FOREIGN KEY without NOT VALID scans " + rel + " to"
                                        + " validate every row, blocking writes to " + rel
                                        + (ref == null ? "" : " and " + ref) + " for the whole scan"
                                        + sizeClause(est) + ".",
                                a.sqlPrefix() + " ADD CONSTRAINT " + SqlNames.ident(name) + " " + body + " NOT VALID;\n"
                                        + "-- in a separate transaction (ShareUpdateExclusiveLock: writes continue):\n"
                                        + a.sqlPrefix() + " VALIDATE CONSTRAINT " + SqlNames.ident(name) + ";",
                                est, ev(t, rel).put("scan", true).put("constraint", name)
                                        .put("referenced_table", ref == null ? null : ref.toString()));
                        fkProbe(a, con);
                        work = new Work(rel, "scans " + rel + " to validate " + name, est);
                    }
                }
                case "unique" -> {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                    if (d.usingIndex != null) break;
                    if (a.existing) {
                        String cols = String.join(", ", d.columns.stream().map(SqlNames::ident).toList());
                        issue("unique-constraint-blocking-index-build", Verdict.UNSAFE,
                                aeText + " (and ShareLock during the build)", aeBlocks,
                                "ADD CONSTRAINT " + name + " UNIQUE builds its index while holding"
                                        + " AccessExclusiveLock on " + rel + ": no reads or writes until it is done"
                                        + sizeClause(est) + ".",
                                "CREATE UNIQUE INDEX CONCURRENTLY " + SqlNames.ident(name) + " ON " + rel.sql() + " (" + cols
                                        + ");  -- outside a transaction block\n" + a.sqlPrefix() + " ADD CONSTRAINT "
                                        + SqlNames.ident(name) + " UNIQUE USING INDEX " + SqlNames.ident(name) + ";",
                                est, ev(t, rel).put("scan", true).put("constraint", name));
                        uniqueProbe(a, name, d.columns);
                        work = new Work(rel, "builds a unique index on " + rel, est);
                    }
                }
                case "primary_key" -> {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                    List<String> cols = d.columns;
                    if (d.usingIndex != null && t != null && t.index(d.usingIndex) != null) {
                        cols = t.index(d.usingIndex).columns;
                    }
                    if (a.existing) {
                        List<String> nullable = new ArrayList<>();
                        for (String col : cols) {
                            ColState cs = t == null ? null : t.column(col);
                            if (cs != null && !cs.notNull && notNullProof(t, col) == null) nullable.add(col);
                        }
                        String colList = String.join(", ", cols.stream().map(SqlNames::ident).toList());
                        String idx = d.usingIndex != null ? d.usingIndex : name;
                        StringBuilder recipe = new StringBuilder();
                        for (String col : nullable) recipe.append(notNullRecipe(rel, col, null)).append("\n");
                        if (d.usingIndex == null) {
                            recipe.append("CREATE UNIQUE INDEX CONCURRENTLY ").append(SqlNames.ident(idx)).append(" ON ")
                                    .append(rel.sql()).append(" (").append(colList)
                                    .append(");  -- outside a transaction block\n");
                        }
                        recipe.append(a.sqlPrefix()).append(" ADD CONSTRAINT ").append(SqlNames.ident(name))
                                .append(" PRIMARY KEY USING INDEX ").append(SqlNames.ident(idx)).append(";");
                        if (!nullable.isEmpty()) {
                            issue("primary-key-implicit-not-null-scan", Verdict.UNSAFE, aeText, aeBlocks,
                                    "PRIMARY KEY on " + rel + " (" + String.join(", ", cols) + ") where "
                                            + String.join(", ", nullable) + (nullable.size() == 1 ? " is" : " are")
                                            + " nullable: PostgreSQL runs an implicit SET NOT NULL, scanning the"
                                            + " table under AccessExclusiveLock" + sizeClause(est) + ".",
                                    recipe.toString(), est, ev(t, rel).put("scan", true).put("constraint", name));
                            notNullProbe(a, nullable);
                        }
                        if (d.usingIndex == null) {
                            issue("primary-key-blocking-index-build", Verdict.UNSAFE,
                                    aeText + " (and ShareLock during the build)", aeBlocks,
                                    "ADD PRIMARY KEY builds its unique index while holding AccessExclusiveLock on "
                                            + rel + ": no reads or writes until it is done" + sizeClause(est) + ".",
                                    recipe.toString(), est, ev(t, rel).put("scan", true).put("constraint", name));
                            uniqueProbe(a, name, cols);
                        }
                        if (!nullable.isEmpty() || d.usingIndex == null) {
                            work = new Work(rel, "builds the primary key of " + rel, est);
                        }
                    }
                    con.columns = cols;
                }
                case "exclusion" -> {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                    if (a.existing) {
                        issue("exclusion-constraint-blocking", Verdict.UNSAFE, aeText, aeBlocks,
                                "ADD CONSTRAINT " + name + " EXCLUDE builds its index and checks every row while"
                                        + " holding AccessExclusiveLock on " + rel + sizeClause(est) + ". There is no"
                                        + " online way to add an exclusion constraint.",
                                "-- build a new table with the constraint, copy the rows in batches (keeping it in"
                                        + " sync with a trigger), then swap the names in one short transaction;\n"
                                        + "-- or enforce the rule in the application until a maintenance window",
                                est, ev(t, rel).put("scan", true).put("constraint", name));
                        work = new Work(rel, "builds an exclusion constraint on " + rel, est);
                    }
                }
                case "not_null" -> {
                    a.lock(LockMode.ACCESS_EXCLUSIVE);
                    if (!d.notValid && !d.columns.isEmpty()) setNotNull(a, d.columns.get(0));
                    return;
                }
                default -> a.lock(LockMode.ACCESS_EXCLUSIVE);
            }
            addConstraintToModel(t, con, d.usingIndex);
        }

        /** A validated CHECK (col IS NOT NULL) that lets SET NOT NULL skip its scan (PG12+), or null. */
        private ConState notNullProof(TableState t, String col) {
            if (t == null || version < 120000) return null;
            for (ConState c : t.constraints) {
                if (!"check".equals(c.type) || !c.validated || c.definition == null) continue;
                if (!isNotNullCheck(c.definition, col)) continue;
                // From the catalog, or validated by this script in an earlier (committed) transaction.
                if (c.validatedTx == -1 || c.validatedTx != ctx.tx()) return c;
            }
            return null;
        }

        private ConState unvalidatedNotNullCheck(TableState t, String col) {
            if (t == null) return null;
            for (ConState c : t.constraints) {
                if ("check".equals(c.type) && c.definition != null && isNotNullCheck(c.definition, col)) return c;
            }
            return null;
        }

        private void setNotNull(Alter a, String col) {
            a.lock(LockMode.ACCESS_EXCLUSIVE);
            TableState t = a.t;
            ColState cs = t == null ? null : t.column(col);
            if (cs != null && cs.notNull) return;
            if (a.existing && notNullProof(t, col) == null) {
                String est = scanEstimate(t == null ? -1 : t.bytes);
                ConState helper = unvalidatedNotNullCheck(t, col);
                String why;
                if (version < 120000) {
                    why = " (before PostgreSQL 12 even a validated CHECK (" + col + " IS NOT NULL) does not avoid"
                            + " it)";
                } else if (helper != null && !helper.validated) {
                    why = ": the CHECK " + helper.name + " (" + col + " IS NOT NULL) exists but is NOT VALID and was"
                            + " never validated, so it does not count";
                } else if (helper != null) {
                    why = ": the CHECK " + helper.name + " (" + col + " IS NOT NULL) was validated in this same"
                            + " transaction, so the scan still runs under this transaction's AccessExclusiveLock";
                } else {
                    why = ": no validated CHECK (" + col + " IS NOT NULL) exists to prove it";
                }
                issue("set-not-null-full-scan", Verdict.UNSAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                        LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "SET NOT NULL on " + a.rel + "." + col + " scans every row while holding"
                                + " AccessExclusiveLock" + why + sizeClause(est) + ".",
                        notNullRecipe(a.rel, col, helper == null || helper.validated ? null : helper.name), est,
                        ev(t, a.rel).put("scan", true).put("column", col));
                notNullProbe(a, List.of(col));
                work = new Work(a.rel, "scans " + a.rel + " for NULLs in " + col, est);
            }
            if (cs != null) cs.notNull = true;
        }

        private String notNullRecipe(Rel rel, String col, String existingHelper) {
            String name = existingHelper != null ? existingHelper
                    : defaultConstraintName(rel.name(), List.of(col), "not_null");
            String t = rel.sql();
            StringBuilder sb = new StringBuilder();
            if (existingHelper == null) {
                sb.append("ALTER TABLE ").append(t).append(" ADD CONSTRAINT ").append(SqlNames.ident(name)).append(" CHECK (")
                        .append(SqlNames.ident(col)).append(" IS NOT NULL) NOT VALID;  -- instant\n");
            }
            sb.append("-- in a separate transaction (ShareUpdateExclusiveLock: traffic continues):\n")
                    .append("ALTER TABLE ").append(t).append(" VALIDATE CONSTRAINT ").append(SqlNames.ident(name)).append(";\n")
                    .append("ALTER TABLE ").append(t).append(" ALTER COLUMN ").append(SqlNames.ident(col))
                    .append(" SET NOT NULL;  -- PostgreSQL 12+: no scan, the validated CHECK proves it\n")
                    .append("ALTER TABLE ").append(t).append(" DROP CONSTRAINT ").append(SqlNames.ident(name)).append(";");
            if (version >= 180000) {
                sb.append("\n-- PostgreSQL 18: ALTER TABLE ").append(t).append(" ADD CONSTRAINT ").append(SqlNames.ident(name))
                        .append(" NOT NULL ").append(SqlNames.ident(col)).append(" NOT VALID; then VALIDATE CONSTRAINT");
            }
            return sb.toString();
        }

        private void dropNotNull(Alter a, String col) {
            a.lock(LockMode.ACCESS_EXCLUSIVE);
            ColState cs = a.t == null ? null : a.t.column(col);
            if (a.existing && (cs == null || cs.notNull)) {
                issue("drop-not-null", Verdict.SAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                        LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "DROP NOT NULL on " + a.rel + "." + col + ": readers that assume the column is never NULL"
                                + " (generated types, API clients) may break once NULLs appear.",
                        null, null, obj().put("table", a.rel.toString()).put("column", col));
            }
            if (cs != null) cs.notNull = false;
        }

        private void alterColumnType(Alter a, String col, Cursor c) {
            a.lock(LockMode.ACCESS_EXCLUSIVE);
            List<Token> typeTokens = c.until(cur -> cur.is("collate") || cur.is("using"));
            TypeName to = normalizeType(typeTokens);
            if (c.accept("collate")) c.qualifiedName();
            List<Token> using = c.accept("using") ? c.rest() : null;
            TableState t = a.t;
            ColState cs = t == null ? null : t.column(col);
            if (a.existing) {
                TypeName from = cs == null ? null : normalizeType(cs.type);
                boolean plainUsing = using == null || isPlainCast(using, col);
                boolean coercible = from != null && plainUsing && binaryCoercible(from, to);
                boolean tsToTz = from != null && plainUsing
                        && from.base().equals("timestamp without time zone")
                        && to.base().equals("timestamp with time zone") && from.arrayDims() == to.arrayDims();
                boolean freeUnderUtc = tsToTz && version >= 120000 && utc;
                if (!coercible && !freeUnderUtc) {
                    String est = rewriteEstimate(t);
                    int indexes = 0;
                    if (t != null) {
                        for (IdxState ix : t.indexes) if (ix.columns.contains(col)) indexes++;
                    }
                    String what = from == null
                            ? "dbwarden could not find the current type of " + a.rel + "." + col + " and assumes a"
                            + " rewrite"
                            : tsToTz ? "timestamp → timestamptz rewrites unless the session TimeZone is UTC"
                            + (version >= 120000 ? " (PostgreSQL 12+ then skips the rewrite; dbwarden saw no SET"
                            + " TIME ZONE 'UTC' before it, so it assumes a rewrite)" : " (and always before"
                            + " PostgreSQL 12)")
                            : from.formatted() + " → " + to.formatted() + " is not binary coercible, so every row is"
                            + " rewritten";
                    issue("column-type-change-rewrite", Verdict.UNSAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "ALTER COLUMN " + col + " TYPE " + to.formatted() + " on " + a.rel + ": " + what
                                    + ", together with " + (indexes == 0 ? "every index of the table"
                                    : indexes + " index(es) on the column and the table's other indexes")
                                    + ", under AccessExclusiveLock" + sizeClause(est) + ".",
                            typeChangeRecipe(t, a.rel, col, to, using == null ? null : src(a.s, using)), est,
                            ev(t, a.rel).put("rewrite", true).put("column", col)
                                    .put("from_type", from == null ? null : from.formatted())
                                    .put("to_type", to.formatted()));
                    work = new Work(a.rel, "rewrites " + a.rel, est);
                }
                if (!coercible && !tsToTz && (from == null || !castCannotFail(from, to))) {
                    ObjectNode p = obj().put("table", a.rel.toString()).put("column", col)
                            .put("from_type", from == null ? null : from.formatted()).put("to_type", to.formatted());
                    if (using != null) p.put("using", src(a.s, using));
                    String rows = rowsFrom(t, a.rel, null, List.of(col), p);
                    String query = rows == null ? null : castQuery(rows, col, from, to, using);
                    if (query != null) p.put("query", query);
                    else if (rows != null) p.put("query_unavailable", "dbwarden has no row-by-row test for this conversion"
                            + (version < 160000 ? " before PostgreSQL 16 (pg_input_is_valid)" : "")
                            + " (the shadow has no rows: only the real migration finds out)");
                    probe("type-cast-failure-existing-data", "cast", a.lockText(LockMode.ACCESS_EXCLUSIVE),
                            "converting " + a.rel + "." + col + " to " + to.formatted() + " fails if any existing"
                                    + " value does not convert (too long, not a number, an unknown enum label …).", p);
                }
            }
            if (cs != null) {
                cs.setType(to);
                if (cs.addedBy > 0) {
                    cs.fill = null;
                    cs.fillUnknown = "column " + col + " is added by statement " + cs.addedBy + " and converted by statement "
                            + a.s.index();
                }
            }
        }

        private void dropColumn(Alter a, String col, boolean cascade, boolean ifExists) {
            a.lock(LockMode.ACCESS_EXCLUSIVE);
            TableState t = a.t;
            if (col.isEmpty()) return;
            if (t != null && t.column(col) == null && ifExists) return;
            if (a.existing) {
                issue("drop-column", Verdict.UNSAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                        LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "DROP COLUMN " + a.rel + "." + col + " deletes its data, and running code that still reads"
                                + " or writes it (including SELECT * with a typed client) starts failing.",
                        "-- release 1: stop using " + col + " in the application (and make it optional so old"
                                + " writers keep working):\nALTER TABLE " + a.rel.sql() + " ALTER COLUMN "
                                + SqlNames.ident(col) + " DROP NOT NULL;\n-- release 2, once no deployed code uses it:\n"
                                + "ALTER TABLE " + a.rel.sql() + " DROP COLUMN " + SqlNames.ident(col) + ";",
                        null, ev(t, a.rel).put("column", col).put("data_loss", true));
                List<String> deps = new ArrayList<>();
                for (ViewState v : model.viewsReferencing(a.rel, col)) {
                    deps.add((v.materialized ? "materialized view " : "view ") + v.rel);
                }
                for (ForeignKey fk : model.foreignKeysTo(a.rel, col)) {
                    deps.add("foreign key " + fk.constraint().name + " on " + fk.table().rel);
                }
                dependents(a.s, "column " + a.rel + "." + col, deps, cascade,
                        "ALTER TABLE " + a.rel.sql() + " DROP COLUMN " + SqlNames.ident(col));
                if (cascade) {
                    for (ViewState v : model.viewsReferencing(a.rel, col)) model.views.remove(v.rel);
                }
            }
            if (t != null) {
                t.columns.removeIf(x -> x.name.equals(col));
                t.constraints.removeIf(x -> x.columns.contains(col));
                t.indexes.removeIf(x -> x.columns.contains(col));
            }
        }

        /** dependent-object-prevents-drop without CASCADE, cascade-drops-dependents with it. */
        private void dependents(Statement s, String what, List<String> deps, boolean cascade, String dropSql) {
            if (deps.isEmpty()) return;
            ArrayNode list = strings(deps);
            if (cascade) {
                issue("cascade-drops-dependents", Verdict.UNSAFE, "AccessExclusiveLock on the dependents", "reads and"
                                + " writes",
                        "CASCADE also drops what depends on " + what + ", silently: " + String.join(", ", deps) + ".",
                        "-- drop (or recreate) the dependents explicitly first, so the migration says what it"
                                + " removes:\n-- " + String.join("\n-- ", deps) + "\n" + dropSql.replace(" CASCADE", "")
                                + ";", null, obj().put("object", what).set("dependents", list));
            } else {
                issue("dependent-object-prevents-drop", Verdict.FAILS, null, null,
                        "Other objects depend on " + what + ": " + String.join(", ", deps) + ". Without CASCADE"
                                + " PostgreSQL refuses (\"cannot drop … because other objects depend on it\").",
                        "-- drop or change the dependents first (and say so in the migration):\n-- "
                                + String.join("\n-- ", deps) + "\n" + dropSql + ";",
                        null, obj().put("object", what).set("dependents", list));
            }
        }

        private void dropConstraint(Alter a, String name, boolean cascade, boolean ifExists) {
            a.lock(LockMode.ACCESS_EXCLUSIVE);
            TableState t = a.t;
            ConState con = t == null ? null : t.constraint(name);
            if (con == null) return;
            if (a.existing) {
                if ("primary_key".equals(con.type)) {
                    issue("drop-primary-key", Verdict.UNSAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "Dropping the primary key " + name + " of " + a.rel + " breaks code that relies on it:"
                                    + " upserts (ON CONFLICT), ORMs and API layers that identify rows by it, and"
                                    + " UPDATE/DELETE replication of tables in a publication.",
                            "-- add the replacement key first (CREATE UNIQUE INDEX CONCURRENTLY … then ADD"
                                    + " CONSTRAINT … PRIMARY KEY USING INDEX in the same transaction as this DROP)",
                            null, obj().put("table", a.rel.toString()).put("constraint", name));
                } else if ("foreign_key".equals(con.type)) {
                    if (con.refTable != null) request(con.refTable, LockMode.ACCESS_EXCLUSIVE);
                    issue("drop-foreign-key", Verdict.SAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "Dropping foreign key " + name + " on " + a.rel + " removes an integrity guarantee: orphan"
                                    + " rows can appear from now on.",
                            null, null, obj().put("table", a.rel.toString()).put("constraint", name));
                }
                if ("primary_key".equals(con.type) || "unique".equals(con.type)) {
                    List<String> deps = new ArrayList<>();
                    for (ForeignKey fk : model.foreignKeysTo(a.rel, null)) {
                        if (new HashSet<>(fk.constraint().refColumns).equals(new HashSet<>(con.columns))) {
                            deps.add("foreign key " + fk.constraint().name + " on " + fk.table().rel);
                        }
                    }
                    dependents(a.s, "constraint " + name + " on " + a.rel, deps, cascade,
                            "ALTER TABLE " + a.rel.sql() + " DROP CONSTRAINT " + SqlNames.ident(name));
                }
            }
            t.constraints.remove(con);
            t.indexes.removeIf(x -> x.name.equals(name));
        }

        private void validateConstraint(Alter a, String name) {
            a.lock(LockMode.SHARE_UPDATE_EXCLUSIVE);
            TableState t = a.t;
            ConState con = t == null ? null : t.constraint(name);
            if (con != null && "foreign_key".equals(con.type) && con.refTable != null) {
                request(con.refTable, LockMode.ROW_SHARE);
            }
            if (!a.existing) {
                if (con != null) {
                    con.validated = true;
                    con.validatedTx = ctx.tx();
                }
                return;
            }
            String est = scanEstimate(t == null ? -1 : t.bytes);
            LockMode heldMode = held.get(a.rel);
            if (ctx.inTransaction() && heldMode != null && heldMode.ordinal() >= LockMode.SHARE_ROW_EXCLUSIVE.ordinal()) {
                Statement since = accessExclusiveSince.get(a.rel);
                String by = con != null && con.addedBy != null && con.addedTx == ctx.tx()
                        ? "statement " + con.addedBy.index() + " (line " + con.addedBy.line() + ") added " + name
                        : since != null ? "statement " + since.index() + " (line " + since.line() + ") locked " + a.rel
                        : "an earlier statement locked " + a.rel;
                issue("validate-in-same-transaction", Verdict.UNSAFE, heldMode.pgName + " on " + a.rel,
                        heldMode.blocks(),
                        "VALIDATE CONSTRAINT " + name + " runs in the same transaction in which " + by + " ("
                                + ctx.why() + "): its " + heldMode.pgName + " is still held during the validation"
                                + " scan, which defeats the NOT VALID pattern" + sizeClause(est) + ".",
                        "COMMIT;  -- end the transaction that added the constraint\n" + a.sqlPrefix()
                                + " VALIDATE CONSTRAINT " + SqlNames.ident(name) + ";  -- in its own transaction, or the next"
                                + " migration",
                        est, ev(t, a.rel).put("scan", true).put("constraint", name).put("held_lock", heldMode.pgName));
                skipWorkCheck = true;
            }
            if (con != null && !con.validated) {
                if ("foreign_key".equals(con.type)) fkProbe(a, con);
                else if ("check".equals(con.type)) {
                    List<Token> def = lex(con.definition);
                    Cursor dc = new Cursor(def);
                    dc.accept("check");
                    checkProbe(a, con, dc.group());
                }
            }
            work = new Work(a.rel, "scans " + a.rel + " to validate " + name, est);
            if (con != null) {
                con.validated = true;
                con.validatedTx = ctx.tx();
                if (con.definition != null) con.definition = con.definition.replaceAll("(?i)\\s*NOT VALID\\s*$", "");
            }
        }

        private void rename(Alter a, Cursor c) {
            c.accept("rename");
            a.lock(LockMode.ACCESS_EXCLUSIVE);
            TableState t = a.t;
            if (c.accept("constraint")) {
                String from = c.name();
                c.accept("to");
                String to = c.name();
                ConState con = t == null ? null : t.constraint(from);
                if (con != null) con.name = to;
                return;
            }
            if (c.accept("to")) {
                String to = c.name();
                Rel target = new Rel(a.rel.schema(), to);
                if (a.existing && !followedByCompatibilityView(a.rel)) {
                    issue("rename-table", Verdict.UNSAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "Renaming " + a.rel + " to " + to + " breaks every running query, view definition in"
                                    + " application code, and generated type that still uses the old name.",
                            "BEGIN;\nALTER TABLE " + a.rel.sql() + " RENAME TO " + SqlNames.ident(to) + ";\nCREATE VIEW "
                                    + a.rel.sql() + " AS SELECT * FROM " + target.sql()
                                    + ";  -- old name keeps working (simple views are updatable)\nCOMMIT;\n"
                                    + "-- drop the view once no deployed code uses the old name",
                            null, obj().put("table", a.rel.toString()).put("new_name", to));
                }
                if (t != null) {
                    model.tables.remove(a.rel);
                    TableState moved = copyAs(t, target);
                    model.tables.put(target, moved);
                }
                return;
            }
            c.accept("column");
            String from = c.name();
            c.accept("to");
            String to = c.name();
            if (a.existing) {
                issue("rename-column", Verdict.UNSAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                        LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "Renaming " + a.rel + "." + from + " to " + to + " breaks running code that still uses the"
                                + " old name the moment it commits.",
                        "-- expand/contract instead of a rename:\nALTER TABLE " + a.rel.sql() + " ADD COLUMN "
                                + SqlNames.ident(to) + " <type of " + from + ">;\n-- keep both in sync with a trigger, backfill "
                                + SqlNames.ident(to) + " in batches, move readers and writers to " + SqlNames.ident(to)
                                + ", then:\nALTER TABLE " + a.rel.sql() + " DROP COLUMN " + SqlNames.ident(from) + ";",
                        null, obj().put("table", a.rel.toString()).put("column", from).put("new_name", to));
            }
            ColState cs = t == null ? null : t.column(from);
            if (cs != null) {
                cs.name = to;
                for (ConState con : t.constraints) con.columns = replace(con.columns, from, to);
                for (IdxState ix : t.indexes) ix.columns = replace(ix.columns, from, to);
            }
        }

        private static List<String> replace(List<String> list, String from, String to) {
            List<String> out = new ArrayList<>(list);
            out.replaceAll(x -> x.equals(from) ? to : x);
            return out;
        }

        private TableState copyAs(TableState t, Rel target) {
            TableState moved = new TableState(target);
            moved.kind = t.kind;
            moved.isNew = t.isNew;
            moved.partition = t.partition;
            moved.parent = t.parent;
            moved.columns.addAll(t.columns);
            moved.constraints.addAll(t.constraints);
            moved.indexes.addAll(t.indexes);
            moved.rows = t.rows;
            moved.bytes = t.bytes;
            moved.source = t.source;
            moved.rowsChangedBy = t.rowsChangedBy;
            return moved;
        }

        /** A later CREATE VIEW with the old name keeps old clients working (atlas BC101's exception). */
        private boolean followedByCompatibilityView(Rel old) {
            for (Statement later : script.statements()) {
                if (later.index() <= st.index()) continue;
                Cursor c = new Cursor(later.tokens(), 0);
                if (!c.accept("create")) continue;
                c.accept("or", "replace");
                c.accept("temp");
                if (!c.accept("view")) continue;
                if (model.resolve(c.qualifiedName()).equals(old)) return true;
            }
            return false;
        }

        private void attachPartition(Alter a, Cursor c) {
            Rel child = model.resolve(c.qualifiedName());
            TableState ct = model.table(child);
            a.lock(version >= 120000 ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE);
            request(child, LockMode.ACCESS_EXCLUSIVE);
            boolean childExisting = ct == null || !ct.isNew;
            boolean hasCheck = false;
            if (ct != null) {
                for (ConState con : ct.constraints) {
                    if ("check".equals(con.type) && con.validated
                            && (con.validatedTx == -1 || con.validatedTx != ctx.tx())) {
                        hasCheck = true;
                        break;
                    }
                }
            }
            if (childExisting && !hasCheck) {
                String est = scanEstimate(ct == null ? -1 : ct.bytes);
                issue("attach-partition-full-scan", Verdict.UNSAFE, "AccessExclusiveLock on " + child,
                        LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "ATTACH PARTITION " + child + " scans it to prove every row fits the partition bound, while"
                                + " holding AccessExclusiveLock on it" + sizeClause(est) + ". A validated CHECK"
                                + " constraint that matches the bound lets PostgreSQL skip the scan.",
                        "ALTER TABLE " + child.sql() + " ADD CONSTRAINT " + SqlNames.ident(child.name() + "_bound")
                                + " CHECK (<the partition bound as a condition>) NOT VALID;\n"
                                + "ALTER TABLE " + child.sql() + " VALIDATE CONSTRAINT "
                                + SqlNames.ident(child.name() + "_bound") + ";  -- separate transaction\n"
                                + a.s.sql() + ";  -- now without a scan\nALTER TABLE " + child.sql()
                                + " DROP CONSTRAINT " + SqlNames.ident(child.name() + "_bound") + ";",
                        est, ev(ct, child).put("scan", true).put("parent", a.rel.toString()));
                work = new Work(child, "scans " + child + " to attach it", est);
            }
            if (ct != null) {
                ct.partition = true;
                ct.parent = a.rel;
            }
        }

        private void detachPartition(Alter a, Cursor c) {
            Rel child = model.resolve(c.qualifiedName());
            boolean concurrently = c.accept("concurrently");
            boolean finalize = c.accept("finalize");
            TableState ct = model.table(child);
            if (concurrently || finalize) {
                a.lock(LockMode.SHARE_UPDATE_EXCLUSIVE);
                request(child, LockMode.SHARE_UPDATE_EXCLUSIVE);
            } else {
                a.lock(LockMode.ACCESS_EXCLUSIVE);
                request(child, LockMode.ACCESS_EXCLUSIVE);
                if (a.existing) {
                    issue("detach-partition-non-concurrently", Verdict.UNSAFE,
                            "AccessExclusiveLock on " + a.rel + " and " + child, LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "DETACH PARTITION takes AccessExclusiveLock on the parent " + a.rel + ": every query on"
                                    + " the whole partitioned table waits.",
                            version >= 140000 ? "ALTER TABLE " + a.rel.sql() + " DETACH PARTITION " + child.sql()
                                    + " CONCURRENTLY;  -- PostgreSQL 14+, outside a transaction block"
                                    : "-- DETACH … CONCURRENTLY needs PostgreSQL 14; until then run it with a short"
                                    + " lock_timeout and retries",
                            null, obj().put("table", a.rel.toString()).put("partition", child.toString()));
                }
            }
            if (ct != null) {
                ct.partition = false;
                ct.parent = null;
            }
        }

        private void setLogged(Alter a, String which) {
            a.lock(LockMode.ACCESS_EXCLUSIVE);
            if (!a.existing) return;
            String est = rewriteEstimate(a.t);
            issue("set-logged-unlogged-rewrite", Verdict.UNSAFE, a.lockText(LockMode.ACCESS_EXCLUSIVE),
                    LockMode.ACCESS_EXCLUSIVE.blocks(),
                    "SET " + which.toUpperCase(Locale.ROOT) + " rewrites " + a.rel + " (and writes it all to WAL"
                            + " when switching to LOGGED) under AccessExclusiveLock" + sizeClause(est) + ".",
                    "-- avoid it on a live table: create a new table with the wanted persistence, copy the rows in"
                            + " batches, and swap the names in one short transaction",
                    est, ev(a.t, a.rel).put("rewrite", true));
            work = new Work(a.rel, "rewrites " + a.rel, est);
        }

        private void storageParameters(Alter a, List<Token> params) {
            a.lock(LockMode.SHARE_UPDATE_EXCLUSIVE);
            for (List<Token> p : splitCommas(params)) {
                String text = joinTokens(p).toLowerCase(Locale.ROOT).replace(" ", "");
                if (text.matches("(toast\\.)?autovacuum_enabled=('?)(false|off|0|no)\\2")) {
                    issue("autovacuum-disabled", Verdict.SAFE, a.lockText(LockMode.SHARE_UPDATE_EXCLUSIVE), "nothing",
                            "Disabling autovacuum on " + a.rel + " lets dead rows pile up (bloat, slower queries)"
                                    + " and, left that way, risks transaction ID wraparound.",
                            "ALTER TABLE " + a.rel.sql() + " RESET (autovacuum_enabled);  -- or tune"
                                    + " autovacuum_vacuum_scale_factor instead",
                            null, obj().put("table", a.rel.toString()));
                } else if (!text.startsWith("autovacuum") && !text.startsWith("toast.")) {
                    // fillfactor, parallel_workers …: ShareUpdateExclusive too; nothing to report.
                    a.lock(LockMode.SHARE_UPDATE_EXCLUSIVE);
                }
            }
        }

        private void alterType(Statement s, Cursor c) {
            Rel type = model.resolveType(c.qualifiedName());
            List<String> labels = model.enums.get(type);
            if (c.accept("add", "value")) {
                c.accept("if", "not", "exists");
                Token label = c.peek();
                if (label == null || !label.kind().isString()) return;
                c.i++;
                if (version < 120000 && ctx.inTransaction()) {
                    issue("non-transactional-statement-in-transaction", Verdict.FAILS, null, null,
                            "ALTER TYPE … ADD VALUE cannot run inside a transaction block before PostgreSQL 12, and"
                                    + " here it would: " + ctx.why() + ".",
                            outOfTransaction(s), null, obj().put("server_version_num", version));
                }
                if (ctx.inTransaction()) labelsInTx.put(label.value(), new AddedLabel(type, label.value(), s));
                if (labels != null && !labels.contains(label.value())) labels.add(label.value());
            } else if (c.accept("rename", "value")) {
                Token from = c.peek();
                if (from == null || !from.kind().isString()) return;
                c.i++;
                c.accept("to");
                Token to = c.peek();
                if (to == null || !to.kind().isString()) return;
                if (!model.newTypes.contains(type)) {
                    ArrayNode cols = JSON.arrayNode();
                    StringBuilder query = new StringBuilder();
                    for (Map.Entry<TableState, List<String>> e : model.columnsOfType(type).entrySet()) {
                        for (String col : e.getValue()) {
                            cols.add(obj().put("table", e.getKey().rel.toString()).put("column", col));
                            if (query.length() > 0) query.append("\nunion all ");
                            query.append("select ").append(SqlNames.literal(e.getKey().rel + "." + col))
                                    .append(" as col, count(*) from ").append(e.getKey().rel.sql()).append(" where ")
                                    .append(SqlNames.ident(col)).append("::text = ").append(SqlNames.literal(from.value()))
                                    .append(" having count(*) > 0");
                        }
                    }
                    ObjectNode ev = obj().put("probe", "enum-label").put("type", type.toString())
                            .put("label", from.value()).put("new_label", to.value());
                    ev.set("columns", cols);
                    if (query.length() > 0) ev.put("query", query.toString());
                    issue("enum-value-rename", Verdict.UNSAFE, null, "nothing",
                            "Renaming label '" + from.value() + "' of " + type + " to '" + to.value() + "': running"
                                    + " code that writes or filters on '" + from.value() + "' breaks the moment it"
                                    + " commits (\"invalid input value for enum\").",
                            "ALTER TYPE " + type.sql() + " ADD VALUE IF NOT EXISTS " + SqlNames.literal(to.value())
                                    + ";\n-- commit, deploy code that accepts both, move the data:\n"
                                    + "-- UPDATE <table> SET <column> = " + SqlNames.literal(to.value()) + " WHERE <column> = "
                                    + SqlNames.literal(from.value()) + ";  (in batches)\n-- then stop writing '"
                                    + from.value() + "' (enum labels cannot be dropped)",
                            null, ev);
                }
                if (labels != null) labels.replaceAll(x -> x.equals(from.value()) ? to.value() : x);
            } else if (c.accept("rename", "to")) {
                String to = c.name();
                if (labels != null) {
                    model.enums.remove(type);
                    model.enums.put(new Rel(type.schema(), to), labels);
                }
            }
        }

        private void alterDomain(Statement s, Cursor c) {
            Rel domain = model.resolveType(c.qualifiedName());
            boolean isNewType = model.newTypes.contains(domain);
            Map<TableState, List<String>> users = new LinkedHashMap<>();
            model.columnsOfType(domain).forEach((t, cols) -> {
                if (!t.isNew) users.put(t, cols);
            });
            if (c.accept("add")) {
                ConstraintDef d = parseConstraint(c.rest());
                if (!"check".equals(d.type) || d.notValid || isNewType || users.isEmpty()) return;
                for (TableState t : users.keySet()) request(t.rel, LockMode.SHARE);
                domainValidation(s, domain, users, "ADD CONSTRAINT " + (d.name == null ? "" : d.name + " ")
                                + "CHECK (" + src(s, d.checkExpr) + ")", d.checkExpr,
                        "ALTER DOMAIN " + domain.sql() + " ADD CONSTRAINT " + SqlNames.ident(d.name == null
                                ? domain.name() + "_check" : d.name) + " " + joinTokens(d.body) + " NOT VALID;\n"
                                + "ALTER DOMAIN " + domain.sql() + " VALIDATE CONSTRAINT " + SqlNames.ident(d.name == null
                                ? domain.name() + "_check" : d.name) + ";  -- separate transaction"
                                + (version >= 180000 ? " (ShareUpdateExclusiveLock on PostgreSQL 18+)"
                                : "; before PostgreSQL 18 VALIDATE still takes ShareLock, so prefer a NOT VALID CHECK"
                                + " on each column (ALTER TABLE … ADD CONSTRAINT … CHECK (…) NOT VALID + VALIDATE)"));
            } else if (c.accept("set", "not", "null")) {
                if (isNewType || users.isEmpty()) return;
                for (TableState t : users.keySet()) request(t.rel, LockMode.SHARE);
                domainValidation(s, domain, users, "SET NOT NULL", null,
                        "-- add a NOT VALID CHECK (<column> IS NOT NULL) on each column, VALIDATE it, then SET NOT"
                                + " NULL on the domain");
            } else if (c.accept("validate", "constraint")) {
                if (isNewType || users.isEmpty()) return;
                LockMode m = version >= 180000 ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE;
                for (TableState t : users.keySet()) request(t.rel, m);
                if (m == LockMode.SHARE) {
                    domainValidation(s, domain, users, "VALIDATE CONSTRAINT (before PostgreSQL 18)", null,
                            "-- before PostgreSQL 18 prefer NOT VALID CHECKs on each column and ALTER TABLE … VALIDATE"
                                    + " CONSTRAINT (ShareUpdateExclusiveLock)");
                }
            }
        }

        private void domainValidation(Statement s, Rel domain, Map<TableState, List<String>> users, String what,
                                      List<Token> checkExpr, String rewrite) {
            List<String> names = new ArrayList<>();
            long bytes = 0;
            boolean known = true;
            ArrayNode cols = JSON.arrayNode();
            for (Map.Entry<TableState, List<String>> e : users.entrySet()) {
                names.add(e.getKey().rel.toString());
                if (e.getKey().bytes < 0) known = false;
                else bytes += e.getKey().bytes;
                for (String col : e.getValue()) {
                    cols.add(obj().put("table", e.getKey().rel.toString()).put("column", col));
                }
            }
            String est = known ? scanEstimate(bytes) : null;
            issue("domain-constraint-validation", Verdict.UNSAFE, "ShareLock on " + String.join(", ", names),
                    LockMode.SHARE.blocks(),
                    "ALTER DOMAIN " + domain + " " + what + " checks every value of the domain while holding a"
                            + " ShareLock on each table that uses it (" + String.join(", ", names) + "): writes to all"
                            + " of them wait" + sizeClause(est) + ".",
                    rewrite, est, obj().put("domain", domain.toString()).set("columns", cols));
            if (checkExpr != null) {
                ObjectNode p = obj().put("domain", domain.toString()).put("expression", src(s, checkExpr));
                p.set("columns", cols.deepCopy());
                List<String> parts = new ArrayList<>();
                for (Map.Entry<TableState, List<String>> e : users.entrySet()) {
                    for (String col : e.getValue()) {
                        StringBuilder expr = new StringBuilder();
                        for (Token tok : checkExpr) {
                            if (expr.length() > 0) expr.append(' ');
                            expr.append(tok.isWord("value") ? SqlNames.ident(col) : tok.text());
                        }
                        parts.add("select " + SqlNames.literal(e.getKey().rel + "." + col) + " as col, " + SqlNames.ident(col)
                                + "::text as value from " + e.getKey().rel.sql() + " where not (" + expr + ")");
                    }
                }
                if (!parts.isEmpty()) p.put("query", "select * from (" + String.join(" union all ", parts)
                        + ") v limit 10");
                probe("check-violation-existing-rows", "check", "ShareLock on " + String.join(", ", names),
                        "the domain CHECK fails if any stored value violates " + src(s, checkExpr) + " (VALUE is"
                                + " each column's value).", p);
            }
        }

        private void alterSchema(Cursor c) {
            String name = c.name();
            if (c.accept("rename", "to")) {
                String to = c.name();
                if (model.schemas.contains(name) && !createdSchemas.contains(name)) {
                    issue("rename-schema", Verdict.UNSAFE, "AccessExclusiveLock on the schema's objects"
                                    + " (catalog update)", "reads and writes",
                            "Renaming schema " + name + " to " + to + " breaks every query, function body and"
                                    + " search_path that names " + name + ".",
                            "-- create the new schema and move objects one by one (ALTER TABLE … SET SCHEMA) with"
                                    + " compatibility views left behind, or keep the name",
                            null, obj().put("schema", name).put("new_name", to));
                }
                model.schemas.remove(name);
                model.schemas.add(to);
            }
        }

        private void alterIndex(Cursor c) {
            c.accept("if", "exists");
            Rel rel = model.resolve(c.qualifiedName());
            IndexOwner owner = model.index(rel);
            if (c.accept("attach", "partition")) {
                if (owner != null) owner.index().valid = true;
            } else if (c.accept("rename", "to")) {
                if (owner != null) owner.index().name = c.name();
            } else if (c.accept("set", "tablespace")) {
                if (owner != null) request(owner.rel(), LockMode.ACCESS_EXCLUSIVE);
            }
        }

        // -------------------------------------------------------------------------------------------- DROP

        private void drop(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            if (c.accept("table")) {
                dropTables(s, c);
            } else if (c.accept("index")) {
                dropIndexes(s, c);
            } else if (c.accept("materialized", "view") || c.accept("view")) {
                dropViews(s, c);
            } else if (c.accept("schema")) {
                dropSchemas(s, c);
            } else if (c.accept("type") || c.accept("domain")) {
                dropTypes(s, c);
            } else if (c.accept("database")) {
                c.accept("if", "exists");
                String name = c.name();
                issue("drop-database", Verdict.UNSAFE, null, null,
                        "DROP DATABASE " + name + " deletes a whole database. A migration should never do this.",
                        "-- remove it from the migration; drop databases by hand after a backup", null,
                        obj().put("database", name).put("data_loss", true));
            } else if (c.accept("trigger")) {
                c.accept("if", "exists");
                c.name();
                if (c.accept("on")) request(model.resolve(c.qualifiedName()), LockMode.ACCESS_EXCLUSIVE);
            } else if (c.accept("policy")) {
                policy(c);
            } else if (c.accept("function") || c.accept("procedure")) {
                c.accept("if", "exists");
                List<String> parts = c.qualifiedName();
                if (!parts.isEmpty()) {
                    String name = parts.get(parts.size() - 1);
                    model.functions.removeIf(f -> f.name().equals(name));
                }
            }
        }

        private static boolean cascadeAtEnd(Cursor c) {
            boolean cascade = false;
            while (!c.atEnd()) {
                if (c.next().isWord("cascade")) cascade = true;
            }
            return cascade;
        }

        private void dropTables(Statement s, Cursor c) {
            boolean ifExists = c.accept("if", "exists");
            List<Rel> rels = nameList(c);
            boolean cascade = cascadeAtEnd(c);
            Set<Rel> dropping = new HashSet<>(rels);
            for (Rel rel : rels) {
                TableState t = model.table(rel);
                if (t == null && ifExists && !model.views.containsKey(rel)) continue;
                request(rel, LockMode.ACCESS_EXCLUSIVE);
                if (t != null && t.isNew) {
                    model.dropTable(rel);
                    continue;
                }
                String size = t == null || t.rows < 0 ? "" : " (≈ " + t.rows + " rows"
                        + (t.bytes >= 0 ? ", " + size(t.bytes) : "") + ")";
                issue("drop-table", Verdict.UNSAFE, "AccessExclusiveLock on " + rel, LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "DROP TABLE " + rel + " deletes the table and its data" + size + "; running code that"
                                + " still uses it fails.",
                        "-- release 1: stop using " + rel + " in the application; take a backup (pg_dump -t "
                                + rel + ")\n-- release 2, once nothing uses it:\nDROP TABLE " + rel.sql() + ";",
                        null, ev(t, rel).put("data_loss", true));
                List<String> deps = new ArrayList<>();
                for (ViewState v : model.viewsReferencing(rel, null)) {
                    if (!dropping.contains(v.rel)) deps.add((v.materialized ? "materialized view " : "view ") + v.rel);
                }
                for (ForeignKey fk : model.foreignKeysTo(rel, null)) {
                    if (!dropping.contains(fk.table().rel)) {
                        deps.add("foreign key " + fk.constraint().name + " on " + fk.table().rel);
                    }
                }
                dependents(s, "table " + rel, deps, cascade, "DROP TABLE " + rel.sql() + (cascade ? " CASCADE" : ""));
                if (cascade) {
                    for (ViewState v : model.viewsReferencing(rel, null)) model.views.remove(v.rel);
                }
            }
            for (Rel rel : rels) model.dropTable(rel);
        }

        private void dropIndexes(Statement s, Cursor c) {
            boolean concurrently = c.accept("concurrently");
            boolean ifExists = c.accept("if", "exists");
            List<Rel> rels = nameList(c);
            for (Rel ir : rels) {
                IndexOwner o = model.index(ir);
                if (o == null && ifExists) continue;
                Rel owner = o == null ? null : o.rel();
                boolean newOwner = o != null && (o.table() != null ? o.table().isNew : o.view().isNew);
                if (o != null && o.table() != null) {
                    ConState backing = o.table().constraint(ir.name());
                    if (backing != null && ("primary_key".equals(backing.type) || "unique".equals(backing.type)
                            || "exclusion".equals(backing.type))) {
                        issue("dependent-object-prevents-drop", Verdict.FAILS, null, null,
                                "Index " + ir + " belongs to constraint " + backing.name + " on " + owner + ":"
                                        + " PostgreSQL refuses to drop it (\"cannot drop index … because constraint"
                                        + " … requires it\").",
                                "ALTER TABLE " + owner.sql() + " DROP CONSTRAINT " + SqlNames.ident(backing.name) + ";", null,
                                obj().put("index", ir.toString()).put("constraint", backing.name));
                    }
                }
                if (concurrently) {
                    if (owner != null) request(owner, LockMode.SHARE_UPDATE_EXCLUSIVE);
                } else {
                    if (owner != null) request(owner, LockMode.ACCESS_EXCLUSIVE);
                    if (!newOwner) {
                        String on = owner == null ? "its table" : owner.toString();
                        issue("index-dropped-non-concurrently", Verdict.UNSAFE,
                                "AccessExclusiveLock on " + on, LockMode.ACCESS_EXCLUSIVE.blocks(),
                                "DROP INDEX " + ir + " without CONCURRENTLY takes AccessExclusiveLock on " + on
                                        + ": brief, but it queues behind every running query on the table and blocks"
                                        + " all reads and writes behind it.",
                                "DROP INDEX CONCURRENTLY " + (ifExists ? "IF EXISTS " : "") + ir.sql()
                                        + ";  -- one index per statement, outside a transaction block",
                                null, ev(o == null ? null : o.table(), owner).put("index", ir.toString()));
                    }
                }
                if (o != null) {
                    if (o.table() != null) o.table().indexes.remove(o.index());
                    else o.view().indexes.remove(o.index());
                }
            }
        }

        private void dropViews(Statement s, Cursor c) {
            boolean ifExists = c.accept("if", "exists");
            List<Rel> rels = nameList(c);
            boolean cascade = cascadeAtEnd(c);
            Set<Rel> dropping = new HashSet<>(rels);
            for (Rel rel : rels) {
                ViewState v = model.views.get(rel);
                if (v == null && ifExists) continue;
                request(rel, LockMode.ACCESS_EXCLUSIVE);
                if (v != null && !v.isNew) {
                    List<String> deps = new ArrayList<>();
                    for (ViewState d : model.viewsReferencing(rel, null)) {
                        if (!dropping.contains(d.rel)) deps.add((d.materialized ? "materialized view " : "view ") + d.rel);
                    }
                    dependents(s, "view " + rel, deps, cascade, "DROP VIEW " + rel.sql());
                }
                model.views.remove(rel);
            }
        }

        private void dropSchemas(Statement s, Cursor c) {
            c.accept("if", "exists");
            List<String> names = new ArrayList<>();
            while (c.isName() && !c.is("cascade") && !c.is("restrict")) {
                names.add(c.name());
                if (!c.acceptPunct(",")) break;
            }
            boolean cascade = cascadeAtEnd(c);
            for (String schema : names) {
                List<String> objects = new ArrayList<>();
                List<Rel> tables = new ArrayList<>();
                for (TableState t : model.tables.values()) {
                    if (t.rel.schema().equals(schema)) {
                        objects.add("table " + t.rel);
                        tables.add(t.rel);
                    }
                }
                for (ViewState v : model.views.values()) {
                    if (v.rel.schema().equals(schema)) objects.add("view " + v.rel);
                }
                model.enums.keySet().stream().filter(r -> r.schema().equals(schema)).forEach(r -> objects.add("type " + r));
                model.domains.keySet().stream().filter(r -> r.schema().equals(schema))
                        .forEach(r -> objects.add("domain " + r));
                model.functions.stream().filter(f -> f.schema().equals(schema))
                        .forEach(f -> objects.add("function " + f.schema() + "." + f.name()));
                for (Rel t : tables) request(t, LockMode.ACCESS_EXCLUSIVE);
                boolean existing = model.schemas.contains(schema) && !createdSchemas.contains(schema);
                if (existing && !objects.isEmpty()) {
                    issue("drop-schema", Verdict.UNSAFE, "AccessExclusiveLock on every object in " + schema,
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "DROP SCHEMA " + schema + " drops everything in it: " + summarize(objects) + ".",
                            "-- drop the objects one by one, explicitly, after each is unused and backed up", null,
                            obj().put("schema", schema).put("data_loss", true).set("objects", strings(objects)));
                    List<String> outside = new ArrayList<>();
                    for (Rel t : tables) {
                        for (ViewState v : model.viewsReferencing(t, null)) {
                            if (!v.rel.schema().equals(schema)) outside.add("view " + v.rel);
                        }
                        for (ForeignKey fk : model.foreignKeysTo(t, null)) {
                            if (!fk.table().rel.schema().equals(schema)) {
                                outside.add("foreign key " + fk.constraint().name + " on " + fk.table().rel);
                            }
                        }
                    }
                    if (!cascade) {
                        List<String> all = new ArrayList<>(objects);
                        all.addAll(outside);
                        dependents(s, "schema " + schema, all, false, "DROP SCHEMA " + SqlNames.ident(schema));
                    } else {
                        dependents(s, "schema " + schema, outside, true, "DROP SCHEMA " + SqlNames.ident(schema) + " CASCADE");
                    }
                }
                if (cascade || objects.isEmpty()) {
                    for (Rel t : tables) model.dropTable(t);
                    model.views.keySet().removeIf(r -> r.schema().equals(schema));
                    model.enums.keySet().removeIf(r -> r.schema().equals(schema));
                    model.domains.keySet().removeIf(r -> r.schema().equals(schema));
                    model.functions.removeIf(f -> f.schema().equals(schema));
                    model.schemas.remove(schema);
                }
            }
        }

        private static String summarize(List<String> objects) {
            if (objects.size() <= 8) return String.join(", ", objects);
            return String.join(", ", objects.subList(0, 8)) + " and " + (objects.size() - 8) + " more";
        }

        private void dropTypes(Statement s, Cursor c) {
            c.accept("if", "exists");
            List<Rel> types = new ArrayList<>();
            while (c.isName() && !c.is("cascade") && !c.is("restrict")) {
                types.add(model.resolveType(c.qualifiedName()));
                if (!c.acceptPunct(",")) break;
            }
            boolean cascade = cascadeAtEnd(c);
            for (Rel type : types) {
                if (!model.newTypes.contains(type)) {
                    List<String> deps = new ArrayList<>();
                    for (Map.Entry<TableState, List<String>> e : model.columnsOfType(type).entrySet()) {
                        for (String col : e.getValue()) deps.add("column " + e.getKey().rel + "." + col);
                    }
                    dependents(s, "type " + type, deps, cascade, "DROP TYPE " + type.sql());
                }
                if (cascade) {
                    for (Map.Entry<TableState, List<String>> e : model.columnsOfType(type).entrySet()) {
                        e.getKey().columns.removeIf(col -> e.getValue().contains(col.name));
                    }
                }
                model.enums.remove(type);
                model.domains.remove(type);
            }
        }

        private void truncate(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            c.accept("table");
            List<Rel> rels = nameList(c);
            boolean cascade = cascadeAtEnd(c);
            Set<Rel> listed = new HashSet<>(rels);
            for (Rel rel : rels) {
                TableState t = model.table(rel);
                request(rel, LockMode.ACCESS_EXCLUSIVE);
                rowsChanged(rel);
                if (t != null && t.isNew) continue;
                String size = t == null || t.rows < 0 ? "" : " (≈ " + t.rows + " rows)";
                issue("truncate-table", Verdict.UNSAFE, "AccessExclusiveLock on " + rel,
                        LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "TRUNCATE " + rel + " deletes every row" + size + " for good.",
                        "-- if only some rows must go, delete them in batches:\n" + batchDelete(t, rel, "<condition>"),
                        null, ev(t, rel).put("data_loss", true));
            }
            // Tables whose foreign keys point at the truncated ones, transitively.
            List<String> victims = new ArrayList<>();
            Set<Rel> reached = new LinkedHashSet<>(rels);
            List<Rel> frontier = new ArrayList<>(rels);
            while (!frontier.isEmpty()) {
                Rel next = frontier.remove(0);
                for (ForeignKey fk : model.foreignKeysTo(next, null)) {
                    Rel r = fk.table().rel;
                    if (reached.add(r)) {
                        frontier.add(r);
                        if (!listed.contains(r)) {
                            victims.add(r.toString());
                            if (cascade) request(r, LockMode.ACCESS_EXCLUSIVE);
                        }
                    }
                }
            }
            if (!victims.isEmpty()) {
                if (cascade) {
                    issue("truncate-cascade", Verdict.UNSAFE, "AccessExclusiveLock on " + String.join(", ", victims),
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "TRUNCATE … CASCADE also empties every table linked to it by foreign keys: "
                                    + String.join(", ", victims) + ".",
                            "TRUNCATE " + String.join(", ", rels.stream().map(Rel::sql).toList()) + ", "
                                    + String.join(", ", victims) + ";  -- name every table you mean to empty",
                            null, obj().put("data_loss", true).set("tables", strings(victims)));
                } else {
                    issue("dependent-object-prevents-drop", Verdict.FAILS, null, null,
                            "TRUNCATE fails: " + String.join(", ", victims) + " reference" + (victims.size() == 1
                                    ? "s" : "") + " the truncated table(s) by foreign key (\"cannot truncate a table"
                                    + " referenced in a foreign key constraint\").",
                            "TRUNCATE " + String.join(", ", rels.stream().map(Rel::sql).toList()) + ", "
                                    + String.join(", ", victims) + ";  -- if those must be emptied too", null,
                            obj().set("referencing_tables", strings(victims)));
                }
            }
            for (Rel rel : reached) {
                TableState t = model.table(rel);
                if (t != null && (listed.contains(rel) || cascade)) t.rows = 0;
            }
        }

        // -------------------------------------------------------------------------------------------- session

        private void setting(Statement s) {
            Cursor c = new Cursor(s.tokens());
            if (c.accept("reset")) {
                if (c.accept("all")) {
                    sessionTimeoutMs = 0;
                    localTimeoutMs = null;
                } else if (String.join(".", c.qualifiedName()).equals("lock_timeout")) {
                    sessionTimeoutMs = 0;
                    localTimeoutMs = null;
                }
                return;
            }
            c.accept("set");
            boolean local = c.accept("local");
            c.accept("session");
            if (c.accept("time", "zone")) {
                utc = isUtc(c.rest());
                return;
            }
            String name = String.join(".", c.qualifiedName());
            Token op = c.peek();
            if (op != null && (op.isWord("to") || (op.kind() == Kind.OPERATOR && op.text().equals("=")))) c.i++;
            List<Token> value = c.rest();
            switch (name) {
                case "lock_timeout" -> setLockTimeout(s, local, durationMs(value));
                case "timezone" -> utc = isUtc(value);
                case "search_path" -> {
                    for (Token tok : value) {
                        if ((tok.kind().isName() || tok.kind().isString()) && !tok.value().equals("$user")
                                && !tok.value().equals("\"$user\"")) {
                            model.defaultSchema = tok.value();
                            break;
                        }
                    }
                }
                default -> {
                }
            }
        }

        private void setLockTimeout(Statement s, boolean local, long ms) {
            if (local) {
                if (ctx.inTransaction()) localTimeoutMs = ms;
                else ineffectiveSetLocal = s;
            } else {
                sessionTimeoutMs = ms;
                localTimeoutMs = null;
            }
        }

        private static boolean isUtc(List<Token> value) {
            for (Token tok : value) {
                String v = tok.value().toLowerCase(Locale.ROOT);
                if (v.equals("utc") || v.equals("etc/utc") || v.equals("gmt") || v.equals("z") || v.equals("zulu")
                        || v.equals("0") || v.equals("+00") || v.equals("00:00")) {
                    return true;
                }
            }
            return false;
        }

        /** A lock_timeout value in milliseconds; DEFAULT, 0 and anything unreadable count as 0. */
        static long durationMs(List<Token> value) {
            if (value.isEmpty()) return 0;
            Token tok = value.get(0);
            if (tok.isWord("default")) return 0;
            String text = tok.value().trim().toLowerCase(Locale.ROOT);
            if (value.size() > 1 && tok.kind() == Kind.NUMBER && value.get(1).kind() == Kind.IDENTIFIER) {
                text = text + value.get(1).value();
            }
            Matcher m = Pattern.compile("([0-9]*\\.?[0-9]+)\\s*(ms|s|min|h|d|us)?").matcher(text);
            if (!m.matches()) return 0;
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            double ms = switch (unit) {
                case "us" -> n / 1000;
                case "s" -> n * 1000;
                case "min" -> n * 60_000;
                case "h" -> n * 3_600_000;
                case "d" -> n * 86_400_000;
                default -> n;
            };
            return (long) Math.ceil(ms);
        }

        private void select(Statement s) {
            List<Token> toks = s.tokens();
            for (int k = 0; k + 1 < toks.size(); k++) {
                if (!toks.get(k).isWord("set_config") || !toks.get(k + 1).isPunctuation("(")) continue;
                Cursor c = new Cursor(toks, k + 1);
                List<List<Token>> args = splitCommas(c.group());
                if (args.size() != 3 || args.get(0).size() != 1 || !args.get(0).get(0).kind().isString()) continue;
                String name = args.get(0).get(0).value().toLowerCase(Locale.ROOT);
                boolean local = args.get(2).size() == 1 && (args.get(2).get(0).isWord("true")
                        || args.get(2).get(0).kind().isString() && args.get(2).get(0).value().matches("(?i)t|true|on"));
                if (name.equals("lock_timeout")) {
                    setLockTimeout(s, local, durationMs(args.get(1)));
                } else if (name.equals("timezone")) {
                    utc = isUtc(args.get(1));
                }
            }
        }

        // -------------------------------------------------------------------------------------------- DML

        private void update(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            c.accept("only");
            Rel rel = model.resolve(c.qualifiedName());
            if (c.accept("as")) c.name();
            else if (c.isName() && !c.is("set")) c.name();
            c.accept("set");
            List<Token> set = c.until(cur -> cur.is("from") || cur.is("where") || cur.is("returning"));
            c.until(cur -> cur.is("where") || cur.is("returning"));
            List<Token> where = c.accept("where") ? c.until(cur -> cur.is("returning")) : null;
            request(rel, LockMode.ROW_EXCLUSIVE);
            rowsChanged(rel);
            TableState t = model.table(rel);
            if (!isExisting(rel)) return;
            if (t != null && t.rows == 0) return;
            String est = rewriteEstimate(t);
            work = new Work(rel, "updates rows of " + rel, est);
            if (t != null && large(t)) {
                Set<String> setColumns = new HashSet<>();
                for (List<Token> part : splitCommas(set)) {
                    if (!part.isEmpty() && part.get(0).kind().isName()) setColumns.add(part.get(0).value());
                }
                boolean backfill = where == null || isBackfillCondition(where, setColumns);
                if (backfill) {
                    String cond = where == null ? "<condition that skips rows already updated>" : src(s, where);
                    issue("unbatched-backfill", Verdict.UNSAFE, LockMode.ROW_EXCLUSIVE.pgName + " on " + rel
                                    + " and a row lock on every updated row", "writes to the updated rows",
                            "This UPDATE touches " + (where == null ? "every row" : "potentially every row") + " of "
                                    + rel + " (≈ " + t.rows + " rows) in one transaction: each row stays locked until"
                                    + " it commits, and it writes a burst of WAL (replica lag) and dead tuples"
                                    + sizeClause(est) + ".",
                            batchUpdate(t, rel, src(s, set), cond), est,
                            ev(t, rel).put("rows_touched_estimate", t.rows));
                }
            }
        }

        /** Probes of the table after this statement cannot know its rows from the target's: see {@link ProbeRows}. */
        private void rowsChanged(Rel rel) {
            TableState t = model.table(rel);
            if (t != null) t.rowsChangedBy = st.index();
        }

        /**
         * COPY … FROM and MERGE write the table they name; a DO block or a procedure that contains DML may write any
         * table, so every table's rows are unknown to later probes.
         */
        private void otherWrites(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            if (s.firstKeyword().equals("copy")) {
                Rel rel = model.resolve(c.qualifiedName());
                if (c.isPunct("(")) c.skipGroup();
                if (c.accept("from")) rowsChanged(rel);
            } else if (s.firstKeyword().equals("merge")) {
                c.accept("into");
                rowsChanged(model.resolve(c.qualifiedName()));
            } else if (s.firstKeyword().equals("call") || WRITES.matcher(s.sql()).find()) {
                for (TableState t : model.tables.values()) t.rowsChangedBy = s.index();
            }
        }

        private static final Pattern WRITES = Pattern.compile("(?i)\\b(insert|update|delete|truncate|merge|copy)\\b");

        private static boolean isBackfillCondition(List<Token> where, Set<String> setColumns) {
            for (int k = 0; k + 2 < where.size(); k++) {
                Token a = where.get(k);
                if (a.kind().isName() && setColumns.contains(a.value()) && where.get(k + 1).isWord("is")
                        && where.get(k + 2).isWord("null")) {
                    return true;
                }
            }
            return where.size() == 1 && where.get(0).isWord("true");
        }

        private boolean large(TableState t) {
            return t.rows > LARGE_TABLE_ROWS || t.bytes > LARGE_TABLE_BYTES;
        }

        private void delete(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            c.accept("from");
            c.accept("only");
            Rel rel = model.resolve(c.qualifiedName());
            c.until(cur -> cur.is("where") || cur.is("returning"));
            List<Token> where = c.accept("where") ? c.until(cur -> cur.is("returning")) : null;
            request(rel, LockMode.ROW_EXCLUSIVE);
            rowsChanged(rel);
            TableState t = model.table(rel);
            if (!isExisting(rel)) return;
            if (t != null && t.rows == 0) return;
            String est = rewriteEstimate(t);
            work = new Work(rel, "deletes rows of " + rel, est);
            if (t != null && large(t) && where == null) {
                issue("unbatched-backfill", Verdict.UNSAFE, LockMode.ROW_EXCLUSIVE.pgName + " on " + rel
                                + " and a row lock on every deleted row", "writes to the deleted rows",
                        "DELETE without WHERE removes every row of " + rel + " (≈ " + t.rows + " rows) in one"
                                + " transaction: long row locks, a burst of WAL and a table full of dead tuples"
                                + sizeClause(est) + ".",
                        batchDelete(t, rel, "true") + "\n-- (TRUNCATE is instant, but takes AccessExclusiveLock)",
                        est, ev(t, rel).put("rows_touched_estimate", t.rows));
            }
            if (t != null && where == null) t.rows = 0;
        }

        private void insert(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            c.accept("into");
            Rel rel = model.resolve(c.qualifiedName());
            request(rel, LockMode.ROW_EXCLUSIVE);
            rowsChanged(rel);
            TableState t = model.table(rel);
            long added = insertedRows(s);
            if (t != null && t.rows >= 0 && added > 0) {
                t.rows += added;
                if (t.bytes >= 0) t.bytes += added * 100;
            }
            if (s.hasWord("select") && isExisting(rel) && (t == null || t.rows != 0)) {
                work = new Work(rel, "inserts rows into " + rel, null);
            }
        }

        /** Rows an INSERT adds, when the text says: VALUES tuples, or generate_series(a, b). */
        private static long insertedRows(Statement s) {
            List<Token> toks = s.tokens();
            for (int k = 0; k + 1 < toks.size(); k++) {
                if (toks.get(k).isWord("generate_series") && toks.get(k + 1).isPunctuation("(")) {
                    List<List<Token>> args = splitCommas(new Cursor(toks, k + 1).group());
                    if (args.size() >= 2 && args.get(0).size() == 1 && args.get(1).size() == 1
                            && args.get(0).get(0).kind() == Kind.NUMBER && args.get(1).get(0).kind() == Kind.NUMBER) {
                        try {
                            long a = Long.parseLong(args.get(0).get(0).value());
                            long b = Long.parseLong(args.get(1).get(0).value());
                            return Math.max(0, b - a + 1);
                        } catch (NumberFormatException e) {
                            return 0;
                        }
                    }
                }
            }
            for (int k = 0; k < toks.size(); k++) {
                if (!toks.get(k).isWord("values")) continue;
                Cursor c = new Cursor(toks, k + 1);
                long n = 0;
                while (c.isPunct("(")) {
                    c.skipGroup();
                    n++;
                    if (!c.acceptPunct(",")) break;
                }
                return n;
            }
            return 0;
        }

        // -------------------------------------------------------------------------------------------- maintenance

        private void vacuum(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            boolean full = false;
            if (c.isPunct("(")) {
                for (List<Token> opt : splitCommas(c.group())) {
                    if (!opt.isEmpty() && opt.get(0).isWord("full")) {
                        full = opt.size() == 1 || !opt.get(1).value().matches("(?i)false|off|0");
                    }
                }
            } else {
                while (c.is("full") || c.is("freeze") || c.is("verbose") || c.is("analyze") || c.is("analyse")) {
                    if (c.next().isWord("full")) full = true;
                }
            }
            List<Rel> rels = nameList(c);
            if (!full) {
                for (Rel rel : rels) request(rel, LockMode.SHARE_UPDATE_EXCLUSIVE);
                return;
            }
            if (rels.isEmpty()) {
                issue("vacuum-full-or-cluster", Verdict.UNSAFE, "AccessExclusiveLock on every table, one at a time",
                        LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "VACUUM FULL without a table rewrites every table of the database, each under"
                                + " AccessExclusiveLock.",
                        "-- pg_repack (or pg_squeeze) rebuilds tables online; plain VACUUM makes space reusable"
                                + " without blocking", null, obj().put("rewrite", true));
            }
            for (Rel rel : rels) {
                request(rel, LockMode.ACCESS_EXCLUSIVE);
                if (!isExisting(rel)) continue;
                rewriteMaintenance(rel, "VACUUM FULL");
            }
        }

        private void rewriteMaintenance(Rel rel, String what) {
            TableState t = model.table(rel);
            String est = rewriteEstimate(t);
            issue("vacuum-full-or-cluster", Verdict.UNSAFE, "AccessExclusiveLock on " + rel,
                    LockMode.ACCESS_EXCLUSIVE.blocks(),
                    what + " rewrites " + rel + " while holding AccessExclusiveLock: the table is unavailable for the"
                            + " whole rewrite" + sizeClause(est) + ".",
                    "-- pg_repack -t " + rel + " (or pg_squeeze) does this online"
                            + (version >= 190000 ? "; PostgreSQL 19: REPACK CONCURRENTLY " + rel.sql() + ";" : "")
                            + "\n-- plain VACUUM " + rel.sql() + " makes dead space reusable without blocking",
                    est, ev(t, rel).put("rewrite", true));
            work = new Work(rel, "rewrites " + rel, est);
        }

        private void cluster(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            if (c.isPunct("(")) c.skipGroup();
            c.accept("verbose");
            if (c.atEnd()) {
                issue("vacuum-full-or-cluster", Verdict.UNSAFE, "AccessExclusiveLock on every clustered table",
                        LockMode.ACCESS_EXCLUSIVE.blocks(),
                        "CLUSTER without a table rewrites every previously clustered table, each under"
                                + " AccessExclusiveLock.",
                        "-- pg_repack --order-by … rebuilds a table in index order online", null,
                        obj().put("rewrite", true));
                return;
            }
            List<String> first = c.qualifiedName();
            Rel rel;
            if (c.accept("on")) {
                rel = model.resolve(c.qualifiedName());
            } else {
                rel = model.resolve(first);
            }
            request(rel, LockMode.ACCESS_EXCLUSIVE);
            if (isExisting(rel)) rewriteMaintenance(rel, "CLUSTER");
        }

        private void reindex(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            if (c.isPunct("(")) c.skipGroup();
            String kind = c.word();
            c.i++;
            int kindToken = c.i - 1;
            boolean concurrently = c.accept("concurrently");
            List<String> parts = c.qualifiedName();
            Rel table = null;
            if (kind.equals("index")) {
                IndexOwner o = model.index(model.resolve(parts));
                if (o != null) table = o.rel();
            } else if (kind.equals("table")) {
                table = model.resolve(parts);
            }
            if (concurrently) {
                if (table != null) request(table, LockMode.SHARE_UPDATE_EXCLUSIVE);
                return;
            }
            if (table != null) request(table, LockMode.SHARE);
            if (table != null && !isExisting(table)) return;
            String on = table == null ? "the tables of " + kind + " " + String.join(".", parts) : table.toString();
            issue("reindex-non-concurrently", Verdict.UNSAFE, "ShareLock on " + on + " and AccessExclusiveLock on the"
                            + " index", "writes (and reads that plan with the index)",
                    "REINDEX without CONCURRENTLY blocks writes to " + on + " for the whole rebuild, and queries whose"
                            + " plans consider the index wait on its AccessExclusiveLock.",
                    version >= 120000 ? "-- outside a transaction block:\n" + withConcurrently(s, kindToken) + ";"
                            : "-- REINDEX CONCURRENTLY needs PostgreSQL 12: build a replacement with CREATE INDEX"
                            + " CONCURRENTLY, then drop the old index concurrently",
                    table == null ? null : scanEstimate(model.table(table) == null ? -1 : model.table(table).bytes),
                    obj().put("target", String.join(".", parts)).put("kind", kind));
        }

        private void refresh(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            c.accept("materialized", "view");
            boolean concurrently = c.accept("concurrently");
            Rel rel = model.resolve(c.qualifiedName());
            ViewState v = model.views.get(rel);
            if (!concurrently) {
                request(rel, LockMode.ACCESS_EXCLUSIVE);
                if (v == null || !v.isNew) {
                    boolean hasKey = v != null && usableUniqueIndex(v);
                    issue("refresh-matview-non-concurrently", Verdict.UNSAFE, "AccessExclusiveLock on " + rel,
                            LockMode.ACCESS_EXCLUSIVE.blocks(),
                            "REFRESH MATERIALIZED VIEW " + rel + " without CONCURRENTLY blocks every read of it until"
                                    + " the query has run again and the result is written.",
                            (hasKey ? "" : "CREATE UNIQUE INDEX CONCURRENTLY " + SqlNames.ident(rel.name() + "_key") + " ON "
                                    + rel.sql() + " (<columns that identify a row>);  -- CONCURRENTLY needs one\n")
                                    + "REFRESH MATERIALIZED VIEW CONCURRENTLY " + rel.sql() + ";",
                            null, obj().put("materialized_view", rel.toString()));
                    work = new Work(rel, "refreshes " + rel, null);
                }
            } else {
                request(rel, LockMode.EXCLUSIVE);
                if (v != null && !usableUniqueIndex(v)) {
                    issue("refresh-concurrently-requires-unique-index", Verdict.FAILS, null, null,
                            "REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index on " + rel + " that uses only"
                                    + " column names and has no WHERE clause; it has none, so the refresh fails.",
                            "CREATE UNIQUE INDEX CONCURRENTLY " + SqlNames.ident(rel.name() + "_key") + " ON " + rel.sql()
                                    + " (<columns that identify a row>);\nREFRESH MATERIALIZED VIEW CONCURRENTLY "
                                    + rel.sql() + ";", null, obj().put("materialized_view", rel.toString()));
                }
                work = new Work(rel, "refreshes " + rel, null);
            }
        }

        private static boolean usableUniqueIndex(ViewState v) {
            for (IdxState ix : v.indexes) {
                if (!ix.unique || ix.predicate != null || !ix.valid) continue;
                boolean plain = ix.columns.stream().allMatch(col -> col.matches("[A-Za-z_][A-Za-z0-9_$]*|\".*\""));
                if (plain) return true;
            }
            return false;
        }

        private void lockTables(Statement s) {
            Cursor c = new Cursor(s.tokens(), 1);
            c.accept("table");
            List<Rel> rels = nameList(c);
            LockMode m = LockMode.ACCESS_EXCLUSIVE;
            if (c.accept("in")) {
                StringBuilder sb = new StringBuilder();
                while (!c.atEnd() && !c.is("mode")) sb.append(c.next().value()).append(' ');
                c.accept("mode");
                m = switch (sb.toString().trim()) {
                    case "access share" -> LockMode.ACCESS_SHARE;
                    case "row share" -> LockMode.ROW_SHARE;
                    case "row exclusive" -> LockMode.ROW_EXCLUSIVE;
                    case "share update exclusive" -> LockMode.SHARE_UPDATE_EXCLUSIVE;
                    case "share" -> LockMode.SHARE;
                    case "share row exclusive" -> LockMode.SHARE_ROW_EXCLUSIVE;
                    case "exclusive" -> LockMode.EXCLUSIVE;
                    default -> LockMode.ACCESS_EXCLUSIVE;
                };
            }
            boolean noWait = c.accept("nowait");
            for (Rel rel : rels) request(rel, m, noWait);
        }

        // -------------------------------------------------------------------------------------------- helpers

        record Volatility(boolean rewrites, boolean uncertain, String function, boolean userFunction,
                          String language, String reason) {
            static final Volatility NONE = new Volatility(false, false, null, false, null, null);
        }

        /** Whether a DEFAULT expression makes ADD COLUMN rewrite the table (a VOLATILE call, PG11+ rules). */
        Volatility volatility(List<Token> expr) {
            Volatility best = Volatility.NONE;
            for (int k = 0; k + 1 < expr.size(); k++) {
                Token tok = expr.get(k);
                if (!tok.kind().isName() || !expr.get(k + 1).isPunctuation("(")) continue;
                String fname = tok.value();
                String fschema = k >= 2 && expr.get(k - 1).isPunctuation(".") && expr.get(k - 2).kind().isName()
                        ? expr.get(k - 2).value() : null;
                if (fschema == null && NOT_FUNCTIONS.contains(fname)) continue;
                List<FunctionInfo> found = model.functions(fschema == null || fschema.equals("pg_catalog") ? null
                        : fschema, fname);
                FunctionInfo user = found.stream().filter(f -> "volatile".equals(f.volatility())).findFirst()
                        .orElse(null);
                if (user != null) {
                    if ("sql".equals(user.language())) {
                        if (!best.rewrites()) {
                            best = new Volatility(false, true, fname, true, "sql", "a VOLATILE SQL-language function:"
                                    + " PostgreSQL inlines it, and if its body is a constant nothing is rewritten");
                        }
                    } else {
                        return new Volatility(true, false, fname, true, user.language(), null);
                    }
                } else if (found.isEmpty() && VOLATILE_BUILTINS.contains(fname)) {
                    return new Volatility(true, false, fname, false, "internal", null);
                } else if (found.isEmpty() && fschema != null && !fschema.equals("pg_catalog")
                        && !best.rewrites() && !best.uncertain()) {
                    best = new Volatility(false, true, fname, false, null, "a function dbwarden did not find in the"
                            + " catalog, so its volatility is unknown");
                }
            }
            return best;
        }

        private String withConcurrently(Statement s, int tokenIndex) {
            Token tok = s.tokens().get(Math.min(tokenIndex, s.tokens().size() - 1));
            int base = s.tokens().get(0).start();
            int pos = tok.end() - base;
            String kw = tok.text().equals(tok.text().toUpperCase(Locale.ROOT)) ? "CONCURRENTLY" : "concurrently";
            return s.sql().substring(0, pos) + " " + kw + s.sql().substring(pos);
        }

        private String batchUpdate(TableState t, Rel rel, String setClause, String condition) {
            return "-- repeat, each batch in its own transaction, until it updates 0 rows:\nUPDATE " + rel.sql()
                    + " SET " + setClause + " WHERE " + batchKey(t, rel, condition) + ";";
        }

        private String batchDelete(TableState t, Rel rel, String condition) {
            return "-- repeat, each batch in its own transaction, until it deletes 0 rows:\nDELETE FROM " + rel.sql()
                    + " WHERE " + batchKey(t, rel, condition) + ";";
        }

        private static String batchKey(TableState t, Rel rel, String condition) {
            String pk = t == null ? null : t.primaryKeyColumn();
            if (pk != null) {
                return SqlNames.ident(pk) + " IN (SELECT " + SqlNames.ident(pk) + " FROM " + rel.sql() + " WHERE " + condition
                        + " LIMIT 10000)";
            }
            return "ctid = ANY (ARRAY(SELECT ctid FROM " + rel.sql() + " WHERE " + condition + " LIMIT 10000))";
        }

        private String volatileDefaultRecipe(TableState t, Rel rel, ColumnDef d, String expr) {
            String col = SqlNames.ident(d.name);
            StringBuilder sb = new StringBuilder();
            sb.append("ALTER TABLE ").append(rel.sql()).append(" ADD COLUMN ").append(col).append(' ')
                    .append(joinTokens(d.typeTokens)).append(";  -- no default: instant\n")
                    .append("ALTER TABLE ").append(rel.sql()).append(" ALTER COLUMN ").append(col)
                    .append(" SET DEFAULT ").append(expr).append(";  -- new rows only\n")
                    .append(batchUpdate(t, rel, col + " = " + expr, col + " IS NULL"));
            if (d.notNull) sb.append("\n-- then, without a long lock:\n").append(notNullRecipe(rel, d.name, null));
            return sb.toString();
        }

        private String autoIncrementRecipe(TableState t, Rel rel, ColumnDef d) {
            String col = SqlNames.ident(d.name);
            String type = d.type.serial() ? d.type.formatted() : joinTokens(d.typeTokens);
            String seq = rel.name() + "_" + d.name + "_seq";
            return "ALTER TABLE " + rel.sql() + " ADD COLUMN " + col + " " + type + ";  -- nullable, no default:"
                    + " instant\nCREATE SEQUENCE " + SqlNames.ident(seq) + " OWNED BY " + rel.sql() + "." + col + ";\n"
                    + "ALTER TABLE " + rel.sql() + " ALTER COLUMN " + col + " SET DEFAULT nextval("
                    + SqlNames.literal(seq) + ");  -- new rows\n"
                    + batchUpdate(t, rel, col + " = nextval(" + SqlNames.literal(seq) + ")", col + " IS NULL")
                    + "\n-- then NOT NULL via CHECK … NOT VALID / VALIDATE / SET NOT NULL, and a unique index"
                    + " CONCURRENTLY if it is a key";
        }

        private String typeChangeRecipe(TableState t, Rel rel, String col, TypeName to, String using) {
            String c = SqlNames.ident(col);
            String neu = SqlNames.ident(col + "_new");
            String old = SqlNames.ident(col + "_old");
            String fn = SqlNames.ident(rel.name() + "_" + col + "_sync");
            String conv = using != null ? "(" + using + ")" : c + "::" + to.formatted();
            return "ALTER TABLE " + rel.sql() + " ADD COLUMN " + neu + " " + to.formatted() + ";  -- instant\n"
                    + "CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW." + neu
                    + " := NEW." + c + "::" + to.formatted() + ";\n  RETURN NEW;\nEND $$;\n"
                    + "CREATE TRIGGER " + fn + " BEFORE INSERT OR UPDATE ON " + rel.sql()
                    + " FOR EACH ROW EXECUTE FUNCTION " + fn + "();\n"
                    + batchUpdate(t, rel, neu + " = " + conv, neu + " IS NULL AND " + c + " IS NOT NULL") + "\n"
                    + "-- recreate the column's indexes and constraints on " + neu + " (CREATE INDEX CONCURRENTLY,"
                    + " NOT VALID + VALIDATE), then swap in one short transaction with lock_timeout set:\n"
                    + "BEGIN;\nALTER TABLE " + rel.sql() + " RENAME COLUMN " + c + " TO " + old + ";\n"
                    + "ALTER TABLE " + rel.sql() + " RENAME COLUMN " + neu + " TO " + c + ";\n"
                    + "DROP TRIGGER " + fn + " ON " + rel.sql() + ";\nCOMMIT;\n"
                    + "-- once no deployed code uses it: ALTER TABLE " + rel.sql() + " DROP COLUMN " + old + ";";
        }

        private void notNullProbe(Alter a, List<String> cols) {
            ObjectNode p = obj().put("table", a.rel.toString());
            p.set("columns", strings(cols));
            String cond = String.join(" or ", cols.stream().map(x -> SqlNames.ident(x) + " is null").toList());
            String from = rowsFrom(a.t, a.rel, null, cols, p);
            if (from != null) p.put("query", "select " + rowKey(a.t) + " from " + from + " where " + cond + " limit 10");
            probe("not-null-violation-existing-nulls", "not-null", a.lockText(LockMode.ACCESS_EXCLUSIVE),
                    "this fails if " + a.rel + " has rows where " + String.join(" or ", cols) + " is NULL.", p);
        }

        private void uniqueProbe(Alter a, String name, List<String> cols) {
            ObjectNode p = obj().put("table", a.rel.toString()).put("constraint", name);
            p.set("columns", strings(cols));
            String from = rowsFrom(a.t, a.rel, null, cols, p);
            if (from != null) p.put("query", duplicatesQuery(from, cols, null));
            probe("unique-violation-existing-duplicates", "unique", a.lockText(LockMode.ACCESS_EXCLUSIVE),
                    name + " fails if " + a.rel + " already holds duplicate (" + String.join(", ", cols) + ") values.",
                    p);
        }

        private void fkProbe(Alter a, ConState con) {
            ObjectNode p = obj().put("table", a.rel.toString()).put("constraint", con.name);
            p.set("columns", strings(con.columns));
            if (con.refTable != null) p.put("referenced_table", con.refTable.toString());
            p.set("referenced_columns", strings(con.refColumns));
            String from = rowsFrom(a.t, a.rel, "c", con.columns, p);
            TableState ref = con.refTable == null ? null : model.table(con.refTable);
            // A table the migration creates holds only the rows the migration puts in it: none, unless it writes some.
            boolean refEmpty = ref != null && ref.isNew && ref.rowsChangedBy == 0;
            String refFrom = from == null || refEmpty || con.refTable == null ? null : rowsFrom(ref, con.refTable, "r", con.refColumns, p);
            if (from != null && (refEmpty || refFrom != null) && con.columns.size() == con.refColumns.size()
                    && !con.columns.isEmpty()) {
                List<String> notNull = new ArrayList<>();
                List<String> join = new ArrayList<>();
                for (int k = 0; k < con.columns.size(); k++) {
                    notNull.add("c." + SqlNames.ident(con.columns.get(k)) + " is not null");
                    join.add("r." + SqlNames.ident(con.refColumns.get(k)) + " = c." + SqlNames.ident(con.columns.get(k)));
                }
                p.put("query", "select " + String.join(", ", con.columns.stream().map(x -> "c." + SqlNames.ident(x)).toList())
                        + " from " + from + " where " + String.join(" and ", notNull)
                        + (refEmpty ? "" : " and not exists (select 1 from " + refFrom + " where " + String.join(" and ", join) + ")")
                        + " limit 10");
            }
            probe("fk-violation-orphan-rows", "fk", "ShareRowExclusiveLock on " + a.rel,
                    con.name + " fails if rows of " + a.rel + " (" + String.join(", ", con.columns) + ") point at no"
                            + " row of " + con.refTable + ".", p);
        }

        private void checkProbe(Alter a, ConState con, List<Token> expr) {
            String e = joinTokens(expr);
            ObjectNode p = obj().put("table", a.rel.toString()).put("constraint", con.name).put("expression", e);
            String from = rowsFrom(a.t, a.rel, null, ProbeRows.names(expr), p);
            if (from != null) p.put("query", "select " + rowKey(a.t) + " from " + from + " where not (" + e + ") limit 10");
            probe("check-violation-existing-rows", "check", a.lockText(LockMode.ACCESS_EXCLUSIVE),
                    con.name + " fails if rows of " + a.rel + " violate CHECK (" + e + ") (NULL results pass).", p);
        }

        /**
         * The FROM item for a probe of {@code t}'s rows as this statement meets them (see {@link ProbeRows}), or null
         * with {@code query_unavailable} in the probe's details when they cannot be known from the target.
         */
        private static String rowsFrom(TableState t, Rel rel, String alias, Collection<String> used, ObjectNode probe) {
            ProbeRows.Rows rows = ProbeRows.of(t, rel, alias, used);
            if (rows.from() == null) probe.put("query_unavailable", rows.unknown());
            return rows.from();
        }

        /** The columns index keys (names or expressions) and a predicate use. */
        private static List<String> usedBy(List<String> keys, String predicate) {
            List<String> out = new ArrayList<>();
            for (String k : keys) out.addAll(ProbeRows.names(lex(k)));
            if (predicate != null) out.addAll(ProbeRows.names(lex(predicate)));
            return out;
        }

        private static String rowKey(TableState t) {
            String pk = t == null ? null : t.primaryKeyColumn();
            return pk == null ? "ctid" : SqlNames.ident(pk);
        }

        private static String duplicatesQuery(String from, List<String> cols, String predicate) {
            String list = String.join(", ", cols.stream().map(c -> c.matches("[a-z_][a-z0-9_$]*") ? SqlNames.ident(c)
                    : "(" + c + ")").toList());
            List<String> conds = new ArrayList<>();
            for (String c : cols) {
                if (c.matches("[a-z_][a-z0-9_$]*")) conds.add(SqlNames.ident(c) + " is not null");
            }
            if (predicate != null) conds.add("(" + predicate + ")");
            return "select " + list + ", count(*) from " + from
                    + (conds.isEmpty() ? "" : " where " + String.join(" and ", conds))
                    + " group by " + list + " having count(*) > 1 limit 10";
        }

        private static final Set<String> STRING_TYPES = Set.of("text", "character varying", "character", "bpchar",
                "citext", "name");
        private static final List<String> INTEGER_RANGES = List.of("-32768 and 32767", "-2147483648 and 2147483647",
                "-9223372036854775808 and 9223372036854775807");

        /**
         * A query that lists the values the conversion rejects, when dbwarden knows one that matches PostgreSQL's
         * own: text input for string sources and typmod changes (pg_input_is_valid, PG16+), range checks for numbers
         * narrowed to an integer type. Null for anything else (an arbitrary USING expression, say).
         */
        private String castQuery(String rows, String col, TypeName from, TypeName to, List<Token> using) {
            if (from == null || (using != null && !isPlainCast(using, col))) return null;
            String c = SqlNames.ident(col);
            String fb = from.base();
            boolean sameShape = from.arrayDims() == to.arrayDims();
            boolean textInput = sameShape && (from.arrayDims() == 0 && STRING_TYPES.contains(fb) || fb.equals(to.base()));
            if (textInput && version >= 160000) {
                return "select " + c + " from " + rows + " where " + c + " is not null and not"
                        + " pg_input_is_valid(" + c + "::text, " + SqlNames.literal(to.formatted()) + ") limit 10";
            }
            int fi = INTEGER_WIDTHS.indexOf(fb);
            int ti = INTEGER_WIDTHS.indexOf(to.base());
            boolean numeric = fi >= 0 || fb.equals("numeric") || fb.equals("real") || fb.equals("double precision");
            if (sameShape && from.arrayDims() == 0 && numeric && ti >= 0) {
                String value = fi >= 0 ? c : "round(" + c + "::numeric)";
                return "select " + c + " from " + rows + " where " + value + " not between "
                        + INTEGER_RANGES.get(ti) + " limit 10";
            }
            return null;
        }

        /** USING col, col::type or CAST(col AS type): the same conversion as no USING at all. */
        private static boolean isPlainCast(List<Token> using, String col) {
            List<Token> u = stripParens(using);
            if (u.isEmpty()) return false;
            if (u.get(0).isWord("cast") && u.size() > 1 && u.get(1).isPunctuation("(")) {
                List<Token> inner = new Cursor(u, 1).group();
                return inner.size() >= 3 && inner.get(0).kind().isName() && inner.get(0).value().equals(col)
                        && inner.get(1).isWord("as");
            }
            int k = 0;
            if (u.get(0).isPunctuation("(") && u.size() >= 3 && u.get(2).isPunctuation(")")) k = 1;
            Token first = u.get(k);
            if (!first.kind().isName() || !first.value().equals(col)) return false;
            int next = k == 1 ? 3 : 1;
            return next >= u.size() || u.get(next).isPunctuation("::");
        }

        private static String scanEstimate(long bytes) {
            return estimate(bytes, SCAN_BYTES_PER_SECOND);
        }

        private static String rewriteEstimate(TableState t) {
            return t == null ? null : estimate(t.bytes, REWRITE_BYTES_PER_SECOND);
        }

        private static String sizeClause(String estimate) {
            return estimate == null ? "" : " (" + estimate + ")";
        }

        private String versionText() {
            return (version / 10000) + "." + (version % 100);
        }
    }

    // ------------------------------------------------------------------------------------------------ formatting

    static ObjectNode obj() {
        return JSON.objectNode();
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.arrayNode();
        for (String v : values) a.add(v);
        return a;
    }

    /** "≈ 12 s at ~100 MB/s for 1.2 GB", or "< 1 s for 48 kB"; null when the size is unknown. */
    static String estimate(long bytes, long bytesPerSecond) {
        if (bytes < 0) return null;
        double seconds = bytes / (double) bytesPerSecond;
        if (seconds < 1) return "< 1 s for " + size(bytes);
        return "≈ " + duration(seconds) + " at ~" + bytesPerSecond / MB + " MB/s for " + size(bytes);
    }

    static String size(long bytes) {
        if (bytes < 10 * 1024) return bytes + " bytes";
        if (bytes < MB) return Math.round(bytes / 1024.0) + " kB";
        if (bytes < 1024 * MB) return oneDecimal(bytes / (double) MB) + " MB";
        if (bytes < 1024L * 1024 * MB) return oneDecimal(bytes / (double) (1024 * MB)) + " GB";
        return oneDecimal(bytes / (double) (1024L * 1024 * MB)) + " TB";
    }

    private static String oneDecimal(double v) {
        return v >= 10 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String duration(double seconds) {
        if (seconds < 90) return Math.round(seconds) + " s";
        if (seconds < 90 * 60) return Math.round(seconds / 60) + " min";
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
