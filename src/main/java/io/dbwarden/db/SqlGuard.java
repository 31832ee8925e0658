package io.dbwarden.db;

import io.dbwarden.db.SqlLexer.Kind;
import io.dbwarden.db.SqlLexer.LexException;
import io.dbwarden.db.SqlLexer.Token;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides from the SQL text alone whether execute_sql may run it: one plainly read-only statement, no data-changing
 * keywords, no dangerous or volatile function calls. The database role is the real boundary; this is defence in depth
 * that refuses early, with one message that says what is wrong and what to do instead.
 */
public final class SqlGuard {

    /** The outcome; {@code message} is empty when allowed. {@code functionsChecked} lists names sent to the lookup. */
    public record Verdict(boolean allowed, String message, int statementCount, List<String> functionsChecked) {
        public Verdict {
            Objects.requireNonNull(message, "message");
            functionsChecked = List.copyOf(functionsChecked);
        }

        static Verdict allow(int statements, Collection<String> checked) {
            return new Verdict(true, "", statements, List.copyOf(checked));
        }

        static Verdict refuse(String message, int statements, Collection<String> checked) {
            return new Verdict(false, message, statements, List.copyOf(checked));
        }
    }

    private SqlGuard() {
    }

    /** The execute_sql check: one read-only statement whose every function call is known to be harmless. */
    public static Verdict check(String sql, FunctionLookup functions) {
        Objects.requireNonNull(functions, "functions");
        return guard(sql, functions);
    }

    /**
     * The plain-EXPLAIN check: the statement is only planned, never run, so writes may be planned and volatile
     * functions are not looked up (the planner never calls them). It must still be exactly one plannable statement,
     * because anything after a ';' would run, and denylisted functions are still refused.
     */
    public static Verdict checkExplainable(String sql) {
        return guard(sql, null);
    }

    private static Verdict guard(String sql, FunctionLookup functions) {
        String tool = functions == null ? "explain_query" : "execute_sql";
        if (sql == null || sql.isBlank()) return Verdict.refuse(noStatement(tool), 0, List.of());
        Outcome standard = evaluate(sql, true, functions, tool);
        if (!standard.verdict().allowed() || !backslashInPlainString(standard.tokens())) return standard.verdict();
        // standard_conforming_strings is a server setting; text must be safe whichever way the server reads it.
        Outcome legacy = evaluate(sql, false, functions, tool);
        if (legacy.verdict().allowed()) return standard.verdict();
        return Verdict.refuse("This text has a backslash inside a '...' string; with standard_conforming_strings off,"
                        + " PostgreSQL would read it differently, and " + tool + " would refuse it read that way."
                        + " Write the string as E'...' with each backslash doubled, or leave the backslash out.",
                standard.verdict().statementCount(), standard.verdict().functionsChecked());
    }

    private record Outcome(Verdict verdict, List<Token> tokens) {
    }

    private static Outcome evaluate(String sql, boolean standardConformingStrings, FunctionLookup functions,
                                    String tool) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql, standardConformingStrings);
        } catch (LexException e) {
            return new Outcome(Verdict.refuse(tool + " could not read this SQL: " + e.getMessage()
                    + ". Fix it and send the statement again.", 0, List.of()), List.of());
        }
        List<List<Token>> statements = SqlLexer.splitStatements(tokens);
        if (statements.isEmpty()) return new Outcome(Verdict.refuse(noStatement(tool), 0, List.of()), tokens);
        if (statements.size() > 1) {
            String what = functions == null ? " plans one statement" : " runs one read-only statement";
            return new Outcome(Verdict.refuse(tool + what + "; this text holds " + statements.size()
                    + " statements. Send them one at a time.", statements.size(), List.of()), tokens);
        }
        Checker checker = new Checker(statements.get(0), functions, tool);
        String problem = checker.run();
        Verdict v = problem == null ? Verdict.allow(1, checker.checked) : Verdict.refuse(problem, 1, checker.checked);
        return new Outcome(v, tokens);
    }

    private static String noStatement(String tool) {
        return tool + " needs one SQL statement, and this text holds none (only blanks, comments or semicolons).";
    }

    private static boolean backslashInPlainString(List<Token> tokens) {
        for (Token t : tokens) {
            if ((t.kind() == Kind.STRING || t.kind() == Kind.NATIONAL_STRING) && t.text().indexOf('\\') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Statements execute_sql runs. */
    private static final Set<String> READ_STARTS = Set.of("select", "with", "values", "table");
    /** Statements explain_query may plan without running. */
    private static final Set<String> PLANNABLE_STARTS =
            Set.of("select", "with", "values", "table", "insert", "update", "delete", "merge");
    private static final Set<String> DATA_CHANGING = Set.of("insert", "update", "delete", "merge", "truncate");

    /** Unreserved words that take a parenthesised clause rather than being called (OVER (, FILTER (, ...). */
    private static final Set<String> CLAUSE_WORDS = Set.of(
            "over", "filter", "within", "by", "rollup", "cube", "sets", "materialized", "first", "next", "join",
            "repeatable", "varying", "operator", "columns", "nested", "path", "second", "zone", "ordinality");

    /**
     * Harmless volatile built-ins. The size and WAL-position functions are volatile only because they read
     * changing state; a database-care tool cannot do without them.
     */
    private static final Set<String> VOLATILE_ALLOWED = Set.of(
            "random", "random_normal", "gen_random_uuid", "uuid_generate_v4", "uuidv4", "uuidv7",
            "clock_timestamp", "timeofday",
            "pg_relation_size", "pg_total_relation_size", "pg_table_size", "pg_indexes_size", "pg_database_size",
            "pg_tablespace_size", "pg_current_wal_lsn", "pg_current_wal_insert_lsn", "pg_current_wal_flush_lsn",
            "pg_last_wal_receive_lsn", "pg_last_wal_replay_lsn", "pg_last_xact_replay_timestamp");

    /** Where the allowlisted built-ins live; the same name in any other schema is someone else's function. */
    private static final Set<String> BUILTIN_SCHEMAS = Set.of("pg_catalog", "extensions");

    private enum Danger {
        FILES("%1$s reads or lists files on the database server, so %2$s refuses it."
                + " Server files are out of reach here; ask an administrator if you need one."),
        LARGE_OBJECTS("%1$s works on large objects, which can read and write server files and change stored data,"
                + " so %2$s refuses it. Ask an administrator if you need large-object access."),
        ADMIN("%1$s signals server processes or changes server state, so %2$s refuses it."
                + " Server administration has to be done by an administrator outside dbwarden."),
        REPLICATION("%1$s changes replication state, so %2$s refuses it."
                + " Read pg_replication_slots or pg_stat_replication to inspect replication instead."),
        STATISTICS("%1$s resets or overwrites collected statistics, so %2$s refuses it."
                + " Read the pg_stat_* views to inspect statistics instead."),
        SETTINGS("%1$s changes settings and could switch off read-only mode, so %2$s refuses it."
                + " Use SHOW or current_setting() to read a setting."),
        REMOTE("%1$s opens a connection to another database, outside this read-only transaction, so %2$s refuses"
                + " it. Query that database through its own connection."),
        ADVISORY_LOCK("%1$s takes an advisory lock that can outlive the query and block other sessions, so %2$s"
                + " refuses it. Read pg_locks to see existing locks."),
        SLEEP("%1$s holds a connection while doing nothing, so %2$s refuses it. Remove the call."),
        SEQUENCE("%1$s changes a sequence, and no rollback undoes that, so %2$s refuses it."
                + " Read it with SELECT last_value FROM the_sequence instead."),
        XID("%1$s assigns a transaction ID, which is a write, so %2$s refuses it. Remove the call."),
        NOTIFY("%1$s sends a notification to other sessions, so %2$s refuses it. Remove the call."),
        DYNAMIC_SQL("%1$s runs SQL handed to it as text, or dumps whole tables and schemas, which %2$s cannot"
                + " check, so it refuses it. Write the query directly instead."),
        INTERNAL("%1$s is only for pg_upgrade and extension scripts, so %2$s refuses it. Remove the call.");

        private final String template;

        Danger(String template) {
            this.template = template;
        }

        String message(String function, String tool) {
            return String.format(Locale.ROOT, template, function, tool);
        }
    }

    private static final Map<String, Danger> DENIED = Map.ofEntries(
            Map.entry("pg_stat_file", Danger.FILES),
            Map.entry("pg_logdir_ls", Danger.FILES),
            Map.entry("loread", Danger.LARGE_OBJECTS),
            Map.entry("lowrite", Danger.LARGE_OBJECTS),
            Map.entry("pg_terminate_backend", Danger.ADMIN),
            Map.entry("pg_cancel_backend", Danger.ADMIN),
            Map.entry("pg_reload_conf", Danger.ADMIN),
            Map.entry("pg_rotate_logfile", Danger.ADMIN),
            Map.entry("pg_rotate_logfile_old", Danger.ADMIN),
            Map.entry("pg_logfile_rotate", Danger.ADMIN),
            Map.entry("pg_promote", Danger.ADMIN),
            Map.entry("pg_switch_wal", Danger.ADMIN),
            Map.entry("pg_switch_xlog", Danger.ADMIN),
            Map.entry("pg_create_restore_point", Danger.ADMIN),
            Map.entry("pg_start_backup", Danger.ADMIN),
            Map.entry("pg_stop_backup", Danger.ADMIN),
            Map.entry("pg_backup_start", Danger.ADMIN),
            Map.entry("pg_backup_stop", Danger.ADMIN),
            Map.entry("pg_wal_replay_pause", Danger.ADMIN),
            Map.entry("pg_wal_replay_resume", Danger.ADMIN),
            Map.entry("pg_xlog_replay_pause", Danger.ADMIN),
            Map.entry("pg_xlog_replay_resume", Danger.ADMIN),
            Map.entry("pg_log_backend_memory_contexts", Danger.ADMIN),
            Map.entry("pg_log_standby_snapshot", Danger.ADMIN),
            Map.entry("pg_import_system_collations", Danger.ADMIN),
            Map.entry("pg_extension_config_dump", Danger.ADMIN),
            Map.entry("pg_drop_replication_slot", Danger.REPLICATION),
            Map.entry("pg_replication_slot_advance", Danger.REPLICATION),
            Map.entry("pg_logical_emit_message", Danger.REPLICATION),
            Map.entry("pg_sync_replication_slots", Danger.REPLICATION),
            Map.entry("pg_stat_statements_reset", Danger.STATISTICS),
            Map.entry("set_config", Danger.SETTINGS),
            Map.entry("nextval", Danger.SEQUENCE),
            Map.entry("setval", Danger.SEQUENCE),
            Map.entry("txid_current", Danger.XID),
            Map.entry("pg_current_xact_id", Danger.XID),
            Map.entry("pg_notify", Danger.NOTIFY));

    /** Whole families: new members appear in new server and extension versions, so match by prefix. */
    private static final List<Map.Entry<String, Danger>> DENIED_PREFIXES = List.of(
            Map.entry("pg_read_", Danger.FILES),
            Map.entry("pg_ls_", Danger.FILES),
            Map.entry("pg_file_", Danger.FILES),
            Map.entry("lo_", Danger.LARGE_OBJECTS),
            Map.entry("pg_advisory_", Danger.ADVISORY_LOCK),
            Map.entry("pg_try_advisory_", Danger.ADVISORY_LOCK),
            Map.entry("pg_sleep", Danger.SLEEP),
            Map.entry("dblink", Danger.REMOTE),
            Map.entry("pg_stat_reset", Danger.STATISTICS),
            Map.entry("pg_replication_origin_", Danger.REPLICATION),
            Map.entry("pg_logical_slot_", Danger.REPLICATION),
            Map.entry("binary_upgrade_", Danger.INTERNAL),
            Map.entry("query_to_xml", Danger.DYNAMIC_SQL),
            Map.entry("cursor_to_xml", Danger.DYNAMIC_SQL),
            Map.entry("table_to_xml", Danger.DYNAMIC_SQL),
            Map.entry("database_to_xml", Danger.DYNAMIC_SQL),
            Map.entry("schema_to_xml", Danger.DYNAMIC_SQL));

    private static final Pattern REPLICATION_SLOT = Pattern.compile("pg_(create|copy)_\\w*replication_slot");
    private static final Pattern STATS_WRITE = Pattern.compile("pg_(restore|clear)_\\w*stats");

    /** Compared case-insensitively and whatever the schema: for the denylist, refusing too much is the safe side. */
    private static Danger danger(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Danger d = DENIED.get(n);
        if (d != null) return d;
        for (Map.Entry<String, Danger> e : DENIED_PREFIXES) {
            if (n.startsWith(e.getKey())) return e.getValue();
        }
        if (REPLICATION_SLOT.matcher(n).matches()) return Danger.REPLICATION;
        if (STATS_WRITE.matcher(n).matches()) return Danger.STATISTICS;
        return null;
    }

    /** Checks one statement. Null functions means plan-only (explain_query without ANALYZE). */
    private static final class Checker {
        private final List<Token> t;
        private final FunctionLookup functions;
        private final boolean planOnly;
        private final String tool;
        final Set<String> checked = new LinkedHashSet<>();
        private final Map<String, Set<Character>> cache = new HashMap<>();

        /** Index of the matching ')' for each '(' token, or -1; computed once so deep nesting stays linear. */
        private final int[] closeOf;

        Checker(List<Token> tokens, FunctionLookup functions, String tool) {
            this.t = tokens;
            this.functions = functions;
            this.planOnly = functions == null;
            this.tool = tool;
            this.closeOf = new int[tokens.size()];
            Arrays.fill(closeOf, -1);
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).isPunctuation("(")) open.push(i);
                else if (tokens.get(i).isPunctuation(")") && !open.isEmpty()) closeOf[open.pop()] = i;
            }
        }

        String run() {
            String p = strayCharacter();
            if (p == null) p = continuedEscapeString();
            if (p == null) p = planOnly ? plannableStart() : readOnlyStart();
            if (p == null) p = keywordsAnywhere();
            if (p == null) p = deniedCalls();
            if (p == null && !planOnly) p = volatileCalls();
            return p;
        }

        private Token tok(int i) {
            return i >= 0 && i < t.size() ? t.get(i) : null;
        }

        private boolean word(int i, String w) {
            Token x = tok(i);
            return x != null && x.isWord(w);
        }

        private boolean punct(int i, String p) {
            Token x = tok(i);
            return x != null && x.isPunctuation(p);
        }

        private static String describe(Token x) {
            if (x == null) return "nothing";
            if (x.kind() == Kind.IDENTIFIER) return x.value().toUpperCase(Locale.ROOT);
            String text = x.text().length() > 40 ? x.text().substring(0, 40) + "…" : x.text();
            return "\"" + text + "\"";
        }

        /** Characters the grammar rejects; JDBC would also rewrite {fn ...} escapes, so braces must not pass. */
        private String strayCharacter() {
            for (Token x : t) {
                if (x.kind() != Kind.OTHER) continue;
                char c = x.text().charAt(0);
                String shown = c < 0x20 || c == 0x7F ? String.format(Locale.ROOT, "the control character U+%04X", (int) c)
                        : "the character '" + x.text() + "'";
                return tool + " could not read this SQL: " + shown + " at line " + x.line()
                        + " is not valid SQL here. Remove it and send the statement again.";
            }
            return null;
        }

        /**
         * E'a' + newline + '\...' is one literal to the server, which keeps E rules across the line break, but pgjdbc
         * reads the second part as a plain string and may split the text at a ';' inside it. The server's literal is
         * the longer one, so pgjdbc's first piece fails and the split is not exploitable today; refusing keeps it so.
         */
        private String continuedEscapeString() {
            for (Token x : t) {
                if (x.kind() != Kind.ESCAPE_STRING) continue;
                String text = x.text();
                for (int i = 2; i < text.length() - 1; i++) {
                    char c = text.charAt(i);
                    if (c == '\\') {
                        i++;
                    } else if (c == '\'' && text.charAt(i + 1) == '\'') {
                        i++;
                    } else if (c == '\'') {
                        if (text.indexOf('\\', i) < 0) break;
                        return "The E'...' string at line " + x.line() + " continues on another line and has a"
                                + " backslash after the break; the JDBC driver and PostgreSQL read such text"
                                + " differently, so " + tool + " refuses it. Write the string as one literal.";
                    }
                }
            }
            return null;
        }

        private int firstCommand() {
            int i = 0;
            while (punct(i, "(")) i++;
            return i;
        }

        private String readOnlyStart() {
            int i = firstCommand();
            Token x = tok(i);
            if (x != null && x.kind() == Kind.IDENTIFIER) {
                if (READ_STARTS.contains(x.value())) return null;
                if (i == 0 && x.isWord("show")) return null;
                if (i == 0 && x.isWord("explain")) return explain(1);
            }
            return "execute_sql is read-only: it runs one SELECT, WITH, VALUES, TABLE, SHOW or EXPLAIN statement,"
                    + " and this one starts with " + describe(x) + ". Statements that write or change state need"
                    + " allow_writes in the dbwarden configuration.";
        }

        private String plannableStart() {
            Token x = tok(firstCommand());
            if (x != null && x.kind() == Kind.IDENTIFIER && PLANNABLE_STARTS.contains(x.value())) return null;
            return "explain_query plans one SELECT, WITH, VALUES, TABLE, INSERT, UPDATE, DELETE or MERGE statement,"
                    + " and this one starts with " + describe(x) + ". Send the query itself, without EXPLAIN.";
        }

        private static final String EXPLAIN_ANALYZE = "EXPLAIN ANALYZE runs the statement it explains, and"
                + " execute_sql only plans. Use the explain_query tool with analyze to get a measured plan, or"
                + " leave out ANALYZE.";

        /** EXPLAIN [ANALYZE|ANALYSE] [VERBOSE] query, or EXPLAIN (option [value], ...) query. */
        private String explain(int j) {
            if (word(j, "analyze") || word(j, "analyse")) return EXPLAIN_ANALYZE;
            if (word(j, "verbose")) {
                j++;
            } else if (punct(j, "(") && !startsQuery(j + 1)) {
                int close = matchingParen(j);
                String p = close < 0 ? explainOptionsUnreadable() : explainOptions(j + 1, close);
                if (p != null) return p;
                j = close + 1;
            }
            int k = j;
            while (punct(k, "(")) k++;
            Token q = tok(k);
            if (q != null && q.kind() == Kind.IDENTIFIER && READ_STARTS.contains(q.value())) return null;
            if (q != null && (q.isWord("analyze") || q.isWord("analyse"))) return EXPLAIN_ANALYZE;
            return "EXPLAIN in execute_sql only plans SELECT, WITH, VALUES or TABLE queries, and this one plans "
                    + describe(q) + ". Use the explain_query tool to plan a statement that writes.";
        }

        private static String explainOptionsUnreadable() {
            return "execute_sql could not read the EXPLAIN option list. Write it as EXPLAIN (option value, ...)"
                    + " followed by the query.";
        }

        private boolean startsQuery(int k) {
            return word(k, "select") || word(k, "with") || word(k, "table") || punct(k, "(")
                    || (word(k, "values") && punct(k + 1, "("));
        }

        /** ANALYZE counts as on unless its value is exactly false, off or 0, the only ways the server reads "off". */
        private String explainOptions(int from, int to) {
            List<List<Token>> options = new ArrayList<>();
            List<Token> current = new ArrayList<>();
            for (int i = from; i < to; i++) {
                Token x = t.get(i);
                if (x.isPunctuation("(") || x.isPunctuation(")")) return explainOptionsUnreadable();
                if (x.isPunctuation(",")) {
                    options.add(current);
                    current = new ArrayList<>();
                } else {
                    current.add(x);
                }
            }
            options.add(current);
            for (List<Token> option : options) {
                if (option.isEmpty() || !option.get(0).kind().isName()) return explainOptionsUnreadable();
                String name = option.get(0).value();
                if (!name.equalsIgnoreCase("analyze") && !name.equalsIgnoreCase("analyse")) continue;
                if (option.size() != 2 || !isFalse(option.get(1))) return EXPLAIN_ANALYZE;
            }
            return null;
        }

        private static boolean isFalse(Token x) {
            String v = x.value();
            if (x.kind() == Kind.NUMBER) return v.equals("0");
            return (x.kind().isName() || x.kind().isString())
                    && (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off"));
        }

        private int matchingParen(int open) {
            return open >= 0 && open < closeOf.length ? closeOf[open] : -1;
        }

        /**
         * Command words anywhere in the statement, at any depth: a data-modifying CTE or subquery is as much a write
         * as a top-level one. A word right after '.' is a column or table name, never a command.
         */
        private String keywordsAnywhere() {
            for (int i = 0; i < t.size(); i++) {
                Token x = t.get(i);
                if (x.kind() != Kind.IDENTIFIER || punct(i - 1, ".")) continue;
                String w = x.value();
                if (w.equals("for") && !planOnly && lockingClause(i)) {
                    String clause = word(i + 1, "update") ? "FOR UPDATE" : word(i + 1, "share") ? "FOR SHARE"
                            : word(i + 1, "no") ? "FOR NO KEY UPDATE" : "FOR KEY SHARE";
                    return "SELECT ... " + clause + " (line " + x.line() + ") takes row locks, so execute_sql refuses"
                            + " it. Leave out the locking clause; a plain SELECT reads the same rows.";
                }
                if (DATA_CHANGING.contains(w) && (!planOnly || w.equals("truncate"))) {
                    String upper = w.toUpperCase(Locale.ROOT);
                    return tool + " is read-only, and this statement contains " + upper + " (line " + x.line()
                            + "), which changes data. Writes need allow_writes in the dbwarden configuration; if "
                            + w + " is a column or table name here, write it in double quotes (\"" + w + "\").";
                }
                if (w.equals("into") && !planOnly) {
                    return "SELECT ... INTO (line " + x.line() + ") creates a table, so execute_sql refuses it."
                            + " Leave out INTO to read the rows; creating tables needs allow_writes in the dbwarden"
                            + " configuration.";
                }
                if (w.equals("copy")) {
                    return "COPY (line " + x.line() + ") reads or writes server files and programs, so " + tool
                            + " refuses it. Use SELECT to read the rows.";
                }
                String txn = transactionControl(i);
                if (txn != null) {
                    return tool + " runs each statement in its own read-only transaction, so transaction control ("
                            + txn + ", line " + x.line() + ") is refused. Send only the query; if it is a column"
                            + " name, write it in double quotes.";
                }
                if (w.equals("set") && (word(i + 1, "transaction") || word(i + 1, "session") || word(i + 1, "local")
                        || word(i + 1, "role") || word(i + 1, "constraints"))) {
                    return "SET " + describe(tok(i + 1)) + " (line " + x.line() + ") changes session or transaction"
                            + " settings, including read-only mode, so " + tool + " refuses it. Send only the query;"
                            + " use SHOW or current_setting() to read a setting.";
                }
            }
            return null;
        }

        private boolean lockingClause(int i) {
            return word(i + 1, "update") || word(i + 1, "share")
                    || (word(i + 1, "no") && word(i + 2, "key")) || (word(i + 1, "key") && word(i + 2, "share"));
        }

        private String transactionControl(int i) {
            Token x = t.get(i);
            switch (x.value()) {
                case "commit", "rollback", "savepoint" -> {
                    return describe(x);
                }
                case "begin" -> {
                    return word(i + 1, "transaction") || word(i + 1, "work") || word(i + 1, "isolation")
                            ? "BEGIN" : null;
                }
                case "start", "prepare" -> {
                    return word(i + 1, "transaction") ? describe(x) + " TRANSACTION" : null;
                }
                case "release" -> {
                    return word(i + 1, "savepoint") ? "RELEASE SAVEPOINT" : null;
                }
                default -> {
                    return null;
                }
            }
        }

        /** Every name followed by '(' — select list, FROM, WHERE, CTEs, anywhere — is checked against the denylist. */
        private String deniedCalls() {
            for (int i = 0; i < t.size(); i++) {
                Token x = t.get(i);
                if (!x.kind().isName() || !punct(i + 1, "(")) continue;
                Danger d = danger(x.value());
                if (d != null) return d.message(x.value(), tool);
            }
            return null;
        }

        private String volatileCalls() {
            for (int i = 0; i < t.size(); i++) {
                Token x = t.get(i);
                if (!x.kind().isName()) continue;
                boolean qualified = punct(i - 1, ".");
                String problem = null;
                if (punct(i + 1, "(")) {
                    int first = i;
                    while (punct(first - 1, ".") && tok(first - 2) != null && tok(first - 2).kind().isName()) {
                        first -= 2;
                    }
                    if (notACall(i, first)) continue;
                    String schema = first < i ? t.get(i - 2).value() : null;
                    problem = volatility(schema, x.value());
                } else if (qualified && !punct(i + 1, ".")) {
                    // Attribute notation: row.f calls f(row) when no column f exists, so f must be harmless too.
                    problem = volatility(null, x.value());
                }
                if (problem != null) return problem;
            }
            return null;
        }

        /** Names before '(' that are syntax, types, aliases or CTE column lists rather than calls. */
        private boolean notACall(int i, int first) {
            Token x = t.get(i);
            if (first == i && x.kind() == Kind.IDENTIFIER && (SqlNames.RESERVED.contains(x.value())
                    || SqlNames.COL_NAME_KEYWORDS.contains(x.value()) || CLAUSE_WORDS.contains(x.value()))) {
                return true;
            }
            Token before = tok(first - 1);
            if (before != null && (before.isPunctuation("::") || before.isWord("as") || before.isWord("tablesample"))) {
                return true;
            }
            return cteColumnList(i);
        }

        /** WITH name(a, b) AS [NOT] [MATERIALIZED] (query): the name is a CTE, not a call. */
        private boolean cteColumnList(int i) {
            int close = matchingParen(i + 1);
            if (close < 0 || !word(close + 1, "as")) return false;
            int k = close + 2;
            if (word(k, "not")) k++;
            if (word(k, "materialized")) k++;
            return punct(k, "(") && startsQuery(k + 1);
        }

        private String volatility(String schema, String name) {
            String display = schema == null ? name : schema + "." + name;
            checked.add(display);
            Set<Character> v = cache.get(display);
            if (v == null) {
                try {
                    v = functions.volatilities(schema, name);
                } catch (RuntimeException e) {
                    return "execute_sql could not check whether " + display + " is safe to call ("
                            + e.getMessage() + "), so it refuses the statement rather than guess. Try again.";
                }
                if (v == null) v = Set.of();
                cache.put(display, v);
            }
            if (!v.contains('v')) return null;
            if (VOLATILE_ALLOWED.contains(name) && (schema == null || BUILTIN_SCHEMAS.contains(schema))) return null;
            return display + " is a volatile function, and volatile functions can have side effects (change data,"
                    + " settings or other sessions), so execute_sql refuses it. If it only reads, mark it STABLE;"
                    + " otherwise it needs allow_writes in the dbwarden configuration.";
        }
    }
}
