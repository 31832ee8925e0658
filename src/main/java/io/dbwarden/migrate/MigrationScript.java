package io.dbwarden.migrate;

import io.dbwarden.db.SqlLexer;
import io.dbwarden.db.SqlLexer.Kind;
import io.dbwarden.db.SqlLexer.LexException;
import io.dbwarden.db.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A migration file split into the statements psql would send, one by one, in order (execution contract §7.1).
 * Splitting follows psql's own scanner: literals, comments and dollar quotes come from {@link SqlLexer}; a {@code ;}
 * inside parentheses or inside a {@code BEGIN ATOMIC … END} body of CREATE FUNCTION/PROCEDURE does not end a
 * statement; psql backslash meta-commands are taken out (they are not SQL) and reported as problems.
 */
public record MigrationScript(String fileName, List<Statement> statements, List<String> problems) {

    /** psql commands that send the query buffer, so they end the statement that precedes them. */
    private static final Set<String> SENDING_COMMANDS = Set.of("g", "gx", "gexec", "gset", "gdesc", "watch",
            "crosstabview");
    /** Sending commands that do nothing beyond sending: not worth a problem of their own. */
    private static final Set<String> PLAIN_SENDS = Set.of("g", "gx");

    public MigrationScript {
        Objects.requireNonNull(fileName, "fileName");
        statements = List.copyOf(statements);
        problems = List.copyOf(problems);
    }

    /** Splits {@code text}; never throws for bad input: what cannot be read becomes a problem. */
    public static MigrationScript parse(String fileName, String text) {
        Objects.requireNonNull(text, "text");
        List<String> problems = new ArrayList<>();
        char[] clean = text.toCharArray();
        List<Token> tokens = null;
        // Each pass removes the first top-level backslash command (or the first unreadable stretch) and lexes again;
        // everything before that point was already lexed correctly, so the next pass starts from a sound prefix.
        while (tokens == null) {
            String current = new String(clean);
            try {
                List<Token> all = SqlLexer.tokenizeWithTrivia(current, true);
                Token backslash = firstBackslash(all);
                if (backslash == null) {
                    tokens = all;
                } else {
                    removeMetaCommand(clean, backslash.start(), backslash.line(), problems);
                }
            } catch (LexException e) {
                Token backslash = null;
                try {
                    backslash = firstBackslash(SqlLexer.tokenizeWithTrivia(current.substring(0, e.offset()), true));
                } catch (LexException ignored) {
                    // The prefix cannot fail where the whole did not, but never loop on it.
                }
                if (backslash != null) {
                    removeMetaCommand(clean, backslash.start(), backslash.line(), problems);
                } else {
                    problems.add("line " + e.line() + ": " + e.problem() + "; nothing from line " + e.line()
                            + " on was checked");
                    for (int i = e.offset(); i < clean.length; i++) {
                        if (clean[i] != '\n' && clean[i] != '\r') clean[i] = ' ';
                    }
                }
            }
        }
        return new MigrationScript(fileName, split(new String(clean), tokens), problems);
    }

    private static Token firstBackslash(List<Token> tokens) {
        for (Token t : tokens) {
            if (t.kind() == Kind.OTHER && t.text().equals("\\")) return t;
        }
        return null;
    }

    /**
     * A psql meta-command runs to the end of its line. It is blanked out (offsets and line numbers stay valid); one
     * that sends the query buffer becomes a {@code ;}, which is what it means for the statement before it.
     */
    private static void removeMetaCommand(char[] clean, int start, int line, List<String> problems) {
        int end = start;
        while (end < clean.length && clean[end] != '\n' && clean[end] != '\r') end++;
        int nameEnd = start + 1;
        while (nameEnd < end && !Character.isWhitespace(clean[nameEnd]) && clean[nameEnd] != '\\') nameEnd++;
        if (nameEnd == start + 1 && nameEnd < end) nameEnd++;
        String name = new String(clean, start + 1, nameEnd - start - 1);
        String command = name.toLowerCase(Locale.ROOT);
        for (int i = start; i < end; i++) clean[i] = ' ';
        if (SENDING_COMMANDS.contains(command)) clean[start] = ';';
        if (PLAIN_SENDS.contains(command)) return;
        problems.add("psql meta-command \\" + name + " on line " + line
                + " is not SQL; dbwarden cannot validate what it does" + hint(command));
    }

    private static String hint(String command) {
        return switch (command) {
            case "gexec" -> " (psql runs every value the statement returns as another SQL statement)";
            case "gset" -> " (it stores the result in psql variables that later lines may use)";
            case "gdesc" -> " (psql only describes the statement before it and does not run it)";
            case "watch" -> " (it runs the statement before it again and again)";
            case "i", "ir", "include", "include_relative" -> " (the included file is not part of this check)";
            case "c", "connect" -> " (later statements may run against another database)";
            case "set", "unset" -> " (psql substitutes :variables in later statements)";
            case "if", "elif", "else", "endif" -> " (psql may skip some statements)";
            case "!" -> " (it runs a shell command)";
            case "copy" -> " (client-side COPY loads or writes data)";
            default -> "";
        };
    }

    /** psql's statement boundaries: a top-level {@code ;} outside parentheses and outside a BEGIN ATOMIC body. */
    private static List<Statement> split(String clean, List<Token> all) {
        List<Statement> out = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int parenDepth = 0;
        int beginDepth = 0;
        for (Token t : all) {
            if (t.kind().isTrivia()) continue;
            if (t.isPunctuation(";") && parenDepth == 0 && beginDepth == 0) {
                addStatement(out, current, clean);
                current = new ArrayList<>();
                continue;
            }
            if (t.isPunctuation("(")) parenDepth++;
            else if (t.isPunctuation(")") && parenDepth > 0) parenDepth--;
            else if (t.kind() == Kind.IDENTIFIER && parenDepth == 0 && createsRoutine(current)) {
                // psqlscan.l's heuristic: in CREATE [OR REPLACE] FUNCTION|PROCEDURE, BEGIN opens a body, CASE
                // nests inside one, END closes the innermost.
                switch (t.value()) {
                    case "begin" -> beginDepth++;
                    case "case" -> {
                        if (beginDepth > 0) beginDepth++;
                    }
                    case "end" -> {
                        if (beginDepth > 0) beginDepth--;
                    }
                    default -> {
                    }
                }
            }
            current.add(t);
        }
        addStatement(out, current, clean);
        return out;
    }

    private static boolean createsRoutine(List<Token> current) {
        if (current.size() < 2 || !current.get(0).isWord("create")) return false;
        Token second = current.get(1);
        if (second.isWord("function") || second.isWord("procedure")) return true;
        return current.size() >= 4 && second.isWord("or") && current.get(2).isWord("replace")
                && (current.get(3).isWord("function") || current.get(3).isWord("procedure"));
    }

    private static void addStatement(List<Statement> out, List<Token> tokens, String clean) {
        if (tokens.isEmpty()) return;
        Token first = tokens.get(0);
        Token last = tokens.get(tokens.size() - 1);
        out.add(new Statement(out.size() + 1, first.line(), clean.substring(first.start(), last.end()), tokens));
    }

    /** Statements that PostgreSQL refuses inside a transaction block, in file order. */
    public List<Statement> nonTransactional() {
        return statements.stream().filter(Statement::cannotRunInTransactionBlock).toList();
    }

    /** Whether the file opens a transaction block somewhere (BEGIN or START TRANSACTION). */
    public boolean hasExplicitTransactions() {
        return statements.stream().anyMatch(Statement::opensTransaction);
    }

    /**
     * One statement as psql sends it. {@code sql} has no trailing {@code ;} and no leading comments; {@code tokens}
     * are its significant tokens, with offsets and lines in the original file.
     */
    public record Statement(int index, int line, String sql, List<Token> tokens) {

        public Statement {
            Objects.requireNonNull(sql, "sql");
            tokens = List.copyOf(tokens);
        }

        /** The i-th token as a lower-case keyword, or "" when it is not an unquoted word (or past the end). */
        public String word(int i) {
            if (i < 0 || i >= tokens.size()) return "";
            Token t = tokens.get(i);
            return t.kind() == Kind.IDENTIFIER ? t.value() : "";
        }

        /** The leading keyword, lower case ("alter", "create", …). */
        public String firstKeyword() {
            return word(0);
        }

        /** The statement begins with exactly these keywords, in order. */
        public boolean startsWith(String... words) {
            for (int i = 0; i < words.length; i++) {
                if (!word(i).equals(words[i])) return false;
            }
            return true;
        }

        /** An unquoted keyword anywhere in the statement outside literals. */
        public boolean hasWord(String lowerCaseWord) {
            for (Token t : tokens) {
                if (t.isWord(lowerCaseWord)) return true;
            }
            return false;
        }

        /** The keywords from the start of the statement up to the first non-keyword token, at most {@code max}. */
        public String lead(int max) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(max, tokens.size()); i++) {
                String w = word(i);
                if (w.isEmpty()) break;
                if (sb.length() > 0) sb.append(' ');
                sb.append(w.toUpperCase(Locale.ROOT));
            }
            return sb.toString();
        }

        /** BEGIN or START TRANSACTION. */
        public boolean opensTransaction() {
            return startsWith("begin") || startsWith("start", "transaction");
        }

        /** COMMIT, END, ROLLBACK, ABORT or PREPARE TRANSACTION: the open block ends (ROLLBACK TO does not). */
        public boolean closesTransaction() {
            if (startsWith("commit")) return !startsWith("commit", "prepared");
            if (startsWith("end") || startsWith("abort")) return true;
            if (startsWith("prepare", "transaction")) return true;
            return rollsBack();
        }

        /** ROLLBACK or ABORT of the whole block (not ROLLBACK TO SAVEPOINT, not ROLLBACK PREPARED). */
        public boolean rollsBack() {
            if (startsWith("abort")) return true;
            if (!startsWith("rollback")) return false;
            int i = 1;
            if (word(i).equals("work") || word(i).equals("transaction")) i++;
            return !word(i).equals("to") && !word(1).equals("prepared");
        }

        public boolean isTransactionControl() {
            return opensTransaction() || closesTransaction() || startsWith("savepoint") || startsWith("release")
                    || startsWith("rollback") || startsWith("commit", "prepared")
                    || startsWith("set", "transaction");
        }

        /** CREATE [UNIQUE] INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY or REINDEX … CONCURRENTLY. */
        public boolean isConcurrentIndexCommand() {
            if (startsWith("create", "index", "concurrently") || startsWith("create", "unique", "index", "concurrently")) {
                return true;
            }
            if (startsWith("drop", "index", "concurrently")) return true;
            return startsWith("reindex") && reindexIsConcurrent();
        }

        private boolean reindexIsConcurrent() {
            int i = skipParenthesised(1);
            // REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name
            return word(i + 1).equals("concurrently");
        }

        private int skipParenthesised(int i) {
            if (i >= tokens.size() || !tokens.get(i).isPunctuation("(")) return i;
            int depth = 0;
            for (int k = i; k < tokens.size(); k++) {
                if (tokens.get(k).isPunctuation("(")) depth++;
                else if (tokens.get(k).isPunctuation(")") && --depth == 0) return k + 1;
            }
            return tokens.size();
        }

        /**
         * PostgreSQL refuses this statement inside a transaction block (PreventInTransactionBlock): the concurrent
         * index commands, VACUUM, REINDEX SCHEMA/DATABASE/SYSTEM, CLUSTER without a table, CREATE/DROP DATABASE,
         * CREATE/DROP TABLESPACE, ALTER SYSTEM, ALTER DATABASE … SET TABLESPACE and DETACH PARTITION … CONCURRENTLY.
         * (CLUSTER of one table, REFRESH … CONCURRENTLY and, since PostgreSQL 12, ALTER TYPE … ADD VALUE are fine.)
         */
        public boolean cannotRunInTransactionBlock() {
            if (isConcurrentIndexCommand()) return true;
            if (startsWith("vacuum")) return true;
            if (startsWith("reindex")) {
                String kind = word(skipParenthesised(1));
                return kind.equals("schema") || kind.equals("database") || kind.equals("system");
            }
            if (startsWith("cluster")) return clusterWithoutTable();
            if (startsWith("create", "database") || startsWith("drop", "database")) return true;
            if (startsWith("create", "tablespace") || startsWith("drop", "tablespace")) return true;
            if (startsWith("alter", "system")) return true;
            if (startsWith("alter", "database") && hasWord("tablespace") && hasWord("set")) return true;
            return startsWith("alter", "table") && detachesConcurrently();
        }

        private boolean clusterWithoutTable() {
            int i = 1;
            if (i < tokens.size() && tokens.get(i).isPunctuation("(")) i = skipParenthesised(i);
            if (word(i).equals("verbose")) i++;
            return i >= tokens.size();
        }

        private boolean detachesConcurrently() {
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).isWord("detach") && tokens.get(i + 1).isWord("partition")) {
                    for (int k = i + 2; k < tokens.size(); k++) {
                        if (tokens.get(k).isWord("concurrently")) return true;
                    }
                }
            }
            return false;
        }

        /**
         * The Supabase CLI (2.109+) sends these on their own instead of in its pipelined batch: CREATE [UNIQUE]
         * INDEX CONCURRENTLY, REINDEX … CONCURRENTLY, VACUUM, ALTER SYSTEM, CLUSTER and DROP INDEX CONCURRENTLY.
         */
        public boolean runsOutsideSupabasePipeline() {
            return isConcurrentIndexCommand() || startsWith("vacuum") || startsWith("alter", "system")
                    || startsWith("cluster");
        }
    }
}
