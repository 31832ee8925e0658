package io.dbwarden.monitor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One place in the application source that names a database object through supabase-js: a table in
 * {@code .from('t')}, a column in a select string, filter or written object, an embedded resource, or an rpc function
 * and its argument names. {@link CodeScanner} finds them and {@link CodeDrift} resolves them against a catalog.
 *
 * @param file      project-relative path with '/' separators
 * @param line      1-based line of the name itself (not of the start of the chain)
 * @param schema    the schema the client was switched to with {@code .schema('x')}, or null for the default (public)
 * @param table     the table or view of {@code .from()}; null for FUNCTION and FUNCTION_ARGUMENT
 * @param column    the column for COLUMN, the argument for FUNCTION_ARGUMENT, else null
 * @param relation  for references inside embedded resources, the embedding path from {@code table}: steps
 *                  {@code name} or {@code name!hint} joined by '.', for example {@code crews!lead_user_id.users}; null
 *                  when the reference is on {@code table} itself
 * @param function  the rpc function for FUNCTION and FUNCTION_ARGUMENT, else null
 * @param operation select, insert, update, upsert, delete, filter, order or rpc
 * @param snippet   the source line, trimmed, at most 160 characters
 */
public record CodeReference(String file, int line, Kind kind, String schema, String table, String column,
                            String relation, String function, String operation, String snippet) {

    public static final String DEFAULT_SCHEMA = "public";
    static final int MAX_SNIPPET = 160;

    public enum Kind {
        TABLE, COLUMN, RELATIONSHIP, FUNCTION, FUNCTION_ARGUMENT
    }

    public CodeReference {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operation, "operation");
        snippet = snippet == null ? "" : snippet.strip();
        if (snippet.length() > MAX_SNIPPET) snippet = snippet.substring(0, MAX_SNIPPET - 3) + "...";
    }

    /** The schema PostgREST will look in: the one the code chose, else public. */
    public String effectiveSchema() {
        return schema != null ? schema : DEFAULT_SCHEMA;
    }

    /** The embedding steps of {@link #relation()}, outermost first; empty when the reference is on the table itself. */
    public List<String> relationPath() {
        return relation == null || relation.isEmpty() ? List.of() : Arrays.asList(relation.split("\\."));
    }
}
