package io.dbwarden.db;

import java.util.Set;

/**
 * Tells {@link SqlGuard} how volatile a function is, as pg_proc.provolatile of every overload with that name.
 * The guard cannot resolve overloads from text, so it asks about the name and treats one volatile overload as enough.
 */
@FunctionalInterface
public interface FunctionLookup {

    /**
     * Returns the provolatile values ('i', 's', 'v') of every function called {@code name}; empty when none exists.
     *
     * @param schemaOrNull the schema written in the SQL, or null when the call was unqualified (then report every
     *                     function the server could resolve that name to; when unsure, every schema is the safe answer)
     * @param name         the function name as the server sees it: case-folded if it was unquoted, exact if quoted
     */
    Set<Character> volatilities(String schemaOrNull, String name);
}
