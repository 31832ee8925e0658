package io.dbwarden.advise;

import io.dbwarden.db.SqlLexer;
import io.dbwarden.db.SqlLexer.Kind;
import io.dbwarden.db.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A policy expression as PostgreSQL prints it (pg_get_expr), read token by token with the server-exact lexer rather
 * than with text patterns: which auth calls it makes and whether each is wrapped in a sub-select (an InitPlan, run
 * once) or evaluated per row; whether it reads user-editable metadata; whether it is always true.
 */
final class PolicyExpression {
    private static final Set<String> AUTH_FUNCTIONS = Set.of("uid", "jwt", "role", "email");
    private static final Set<String> JSON_PATH_OPERATORS = Set.of("->", "->>", "#>", "#>>");

    private final List<Token> tokens;
    /** For each token index, the index of the '(' of the innermost group enclosing it, or -1. */
    private final int[] enclosing;
    /** For each '(' index, the index of its ')'. */
    private final int[] closing;

    private PolicyExpression(List<Token> tokens) {
        this.tokens = tokens;
        this.enclosing = new int[tokens.size()];
        this.closing = new int[tokens.size()];
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isPunctuation(")") && !stack.isEmpty()) {
                int open = stack.pop();
                closing[open] = i;
            }
            enclosing[i] = stack.isEmpty() ? -1 : stack.peek();
            if (t.isPunctuation("(")) stack.push(i);
        }
    }

    /** Parses an expression; null for a missing one (the policy has no USING or no WITH CHECK). */
    static PolicyExpression parse(String expr) {
        if (expr == null) return null;
        return new PolicyExpression(SqlLexer.tokenize(expr));
    }

    /** One call of an auth function (or a wrapper around one) and whether it is evaluated once per statement. */
    record AuthCall(String function, boolean wrapped) {
    }

    /**
     * Calls of auth.uid(), auth.jwt(), auth.role(), auth.email(), current_setting(...) and of the given no-argument
     * wrapper functions ({@code schema.name}, matched unqualified by name too).
     */
    List<AuthCall> authCalls(Set<String> wrappers) {
        List<AuthCall> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String name = callAt(i, wrappers);
            if (name != null) out.add(new AuthCall(name, wrapped(i)));
        }
        return out;
    }

    /** The called function's display name if token i starts an auth call, else null. */
    private String callAt(int i, Set<String> wrappers) {
        Token t = tokens.get(i);
        if (!t.kind().isName()) return null;
        if (i > 0 && tokens.get(i - 1).isPunctuation(".")) return null; // the second half of a qualified name
        boolean qualified = i + 3 < tokens.size() && tokens.get(i + 1).isPunctuation(".") && tokens.get(i + 2).kind().isName();
        String schema = qualified ? t.value() : null;
        String fn = qualified ? tokens.get(i + 2).value() : t.value();
        int paren = qualified ? i + 3 : i + 1;
        if (paren >= tokens.size() || !tokens.get(paren).isPunctuation("(")) return null;
        if ("auth".equals(schema) && AUTH_FUNCTIONS.contains(fn)) return "auth." + fn + "()";
        if ((schema == null || "pg_catalog".equals(schema)) && fn.equals("current_setting")) return "current_setting()";
        boolean noArguments = paren + 1 < tokens.size() && tokens.get(paren + 1).isPunctuation(")");
        if (noArguments && (wrappers.contains((schema == null ? "" : schema + ".") + fn) || schema == null && wrappers.stream()
                .anyMatch(w -> w.endsWith("." + fn)))) {
            return (schema == null ? "" : schema + ".") + fn + "()";
        }
        return null;
    }

    /**
     * Whether token i sits in a scalar sub-select: walking out through its enclosing groups, the first group that
     * starts with SELECT has no FROM of its own. A call inside {@code exists (select ... from t where ...)} runs per
     * row of t and does not count.
     */
    private boolean wrapped(int i) {
        for (int g = enclosing[i]; g >= 0; g = enclosing[g]) {
            if (g + 1 < tokens.size() && tokens.get(g + 1).isWord("select")) {
                for (int j = g + 2; j < closing[g]; j++) {
                    if (enclosing[j] == g && tokens.get(j).isWord("from")) return false;
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Whether it reads user_metadata out of the JWT (a JSON path step 'user_metadata' or a '{user_metadata,...}' path
     * applied to an expression that calls auth.jwt() or reads request.jwt.claims) or auth.users.raw_user_meta_data.
     * The string 'user_metadata' used as an ordinary value does not count.
     */
    boolean readsUserMetadata() {
        boolean jwt = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind().isName() && t.value().equals("raw_user_meta_data")) return true;
            if (t.isWord("jwt") && i >= 2 && tokens.get(i - 1).isPunctuation(".") && tokens.get(i - 2).isWord("auth")) jwt = true;
            if (t.kind().isString() && t.value().startsWith("request.jwt.claim") && i >= 2 && tokens.get(i - 2).isWord("current_setting")) {
                jwt = true;
            }
        }
        if (!jwt) return false;
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!t.kind().isString()) continue;
            Token before = tokens.get(i - 1);
            if (before.kind() != Kind.OPERATOR || !JSON_PATH_OPERATORS.contains(before.text())) continue;
            String v = t.value();
            if (v.equals("user_metadata")) return true;
            if (v.startsWith("{") && List.of(v.substring(1, v.length() - 1).split(",")).stream().map(String::trim)
                    .anyMatch(s -> s.equals("user_metadata") || s.equals("\"user_metadata\""))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the expression is constantly true: true, 1 = 1, 'a' = 'a' (casts ignored), or an OR with such a branch. */
    boolean alwaysTrue() {
        return alwaysTrue(0, tokens.size());
    }

    private boolean alwaysTrue(int from, int to) {
        // strip a pair of parentheses around the whole range
        while (to - from >= 2 && tokens.get(from).isPunctuation("(") && closing[from] == to - 1) {
            from++;
            to--;
        }
        int depth = 0;
        int start = from;
        List<int[]> branches = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.isPunctuation("(")) depth++;
            else if (t.isPunctuation(")")) depth--;
            else if (depth == 0 && t.isWord("or")) {
                branches.add(new int[]{start, i});
                start = i + 1;
            }
        }
        if (!branches.isEmpty()) {
            branches.add(new int[]{start, to});
            for (int[] b : branches) if (alwaysTrue(b[0], b[1])) return true;
            return false;
        }
        List<Token> core = withoutCasts(from, to);
        if (core.size() == 1) return core.get(0).isWord("true");
        if (core.size() == 3 && core.get(1).kind() == Kind.OPERATOR && core.get(1).text().equals("=")) {
            Token a = core.get(0);
            Token b = core.get(2);
            boolean literal = a.kind() == Kind.NUMBER || a.kind().isString();
            return literal && a.kind().isString() == b.kind().isString() && a.value().equals(b.value());
        }
        return false;
    }

    /** The tokens without {@code ::type} casts and without parentheses around single literals. */
    private List<Token> withoutCasts(int from, int to) {
        List<Token> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.isPunctuation("::")) {
                i++;
                // a type name may be qualified or two words (character varying); callers split on OR first
                while (i + 1 < to && (tokens.get(i + 1).isPunctuation(".") || tokens.get(i + 1).kind().isName())) i++;
                continue;
            }
            if (t.isPunctuation("(") || t.isPunctuation(")")) continue;
            out.add(t);
        }
        return out;
    }

    /** Whether the expression is exactly {@code bucket_id = '<bucket>'} (either way round, casts ignored). */
    boolean onlyBucket(String bucketId) {
        List<Token> core = withoutCasts(0, tokens.size());
        if (core.size() != 3 || core.get(1).kind() != Kind.OPERATOR || !core.get(1).text().equals("=")) return false;
        Token a = core.get(0);
        Token b = core.get(2);
        return a.kind().isName() && a.value().equals("bucket_id") && b.kind().isString() && b.value().equals(bucketId)
                || b.kind().isName() && b.value().equals("bucket_id") && a.kind().isString() && a.value().equals(bucketId);
    }
}
