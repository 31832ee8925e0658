package io.dbwarden.migrate;

/**
 * How the tool that will apply the migration sends it, which changes verdicts (CONCURRENTLY, VACUUM, NOT VALID +
 * VALIDATE, SET LOCAL all behave differently inside a transaction).
 */
public enum RunnerMode {
    /** psql -f: each statement on its own in autocommit; the file's own BEGIN/COMMIT are honoured. */
    AUTOCOMMIT,
    /** psql -1, Flyway, Liquibase, Rails, Alembic: the whole file in one transaction. */
    SINGLE_TRANSACTION,
    /** supabase db push (CLI 2.109+): one implicit transaction, except statements that cannot run in a pipeline. */
    SUPABASE;

    /** The mode named as in dbwarden.yaml, the CLI and the MCP tool, or a clear error. */
    public static RunnerMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("runner must be autocommit, single_transaction or supabase (got '" + name + "').");
        }
    }
}
