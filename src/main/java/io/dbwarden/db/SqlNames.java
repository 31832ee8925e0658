package io.dbwarden.db;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Identifiers and literals written into SQL that dbwarden generates or prints (remediations, DDL, probes): the one
 * place that quotes them, as the server's quote_ident and quote_literal do.
 */
public final class SqlNames {
    /** Reserved keywords (PostgreSQL's kwlist.h). */
    public static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
            "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
            "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
            "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
            "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
            "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
            "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true", "union",
            "unique", "user", "using", "variadic", "when", "where", "window", "with");

    /**
     * Column-name keywords: unquoted, they are special syntax or type names (EXISTS (, VALUES (, varchar(20),
     * substring(... FROM ...)), never a user's function.
     */
    public static final Set<String> COL_NAME_KEYWORDS = Set.of(
            "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
            "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval", "json", "json_array",
            "json_arrayagg", "json_exists", "json_object", "json_objectagg", "json_query", "json_scalar",
            "json_serialize", "json_table", "json_value", "least", "merge_action", "national", "nchar", "none",
            "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real", "row", "setof",
            "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar", "xmlattributes",
            "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
            "xmlserialize", "xmltable");

    /** Keywords that may name a function or type but not a column unquoted. */
    private static final Set<String> TYPE_FUNC_NAME_KEYWORDS = Set.of(
            "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full", "ilike",
            "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps", "right", "similar",
            "tablesample", "verbose");

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

    private SqlNames() {
    }

    /** Always double-quoted, inner quotes doubled. */
    public static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Bare when the server reads it back unchanged (lower case, not a keyword), else quoted: quote_ident. */
    public static String ident(String name) {
        if (name == null) return "";
        boolean bare = PLAIN.matcher(name).matches() && !RESERVED.contains(name) && !COL_NAME_KEYWORDS.contains(name)
                && !TYPE_FUNC_NAME_KEYWORDS.contains(name);
        return bare ? name : quote(name);
    }

    /** schema.name, each part as {@link #ident} writes it. */
    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /** A string literal that reads back the same under any standard_conforming_strings: quote_literal. */
    public static String literal(String s) {
        if (s.indexOf('\\') >= 0) return "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
        return "'" + s.replace("'", "''") + "'";
    }
}
