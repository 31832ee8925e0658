package io.dbwarden.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which table column each view column shows, read from the view's stored query tree (pg_rewrite.ev_action). The
 * parser records, for every output column that is a plain column reference, the table and column it comes from
 * (resorigtbl and resorigcol, resolved through subqueries); following views of views gives the base tables.
 */
final class ViewColumns {
    private ViewColumns() {
    }

    /** A table (or view) column: relation oid and attribute number. */
    record Origin(long relid, int attnum) {
    }

    /** Output column resno of a view comes from origin. */
    record Target(int resno, Origin origin) {
    }

    /**
     * The origins of the top-level query's target list in a pg_node_tree text. Tokens are separated by white space and
     * the characters (){}; a backslash escapes the next character; only braces delimit nodes. The top-level query's
     * fields sit at brace depth 1 and its target entries' fields at depth 2, so nested queries are never mistaken for
     * it.
     */
    static List<Target> targetOrigins(String nodeTree) {
        List<Target> out = new ArrayList<>();
        if (nodeTree == null) return out;
        int depth = 0;
        boolean seenQuery = false;
        boolean inTargets = false;
        boolean inEntry = false;
        String field = null;
        int resno = 0;
        long table = 0;
        int column = 0;
        int i = 0;
        int n = nodeTree.length();
        while (i < n) {
            char ch = nodeTree.charAt(i);
            if (Character.isWhitespace(ch) || ch == '(' || ch == ')') {
                i++;
                continue;
            }
            if (ch == '{') {
                depth++;
                i++;
                if (depth == 2 && inTargets) {
                    inEntry = true;
                    resno = 0;
                    table = 0;
                    column = 0;
                    field = null;
                }
                continue;
            }
            if (ch == '}') {
                if (depth == 2 && inEntry) {
                    if (table != 0 && resno > 0) out.add(new Target(resno, new Origin(table, column)));
                    inEntry = false;
                }
                depth--;
                i++;
                if (depth == 0 && seenQuery) return out;
                continue;
            }
            StringBuilder token = new StringBuilder();
            while (i < n) {
                char c = nodeTree.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    token.append(nodeTree.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '{' || c == '}') break;
                token.append(c);
                i++;
            }
            String t = token.toString();
            if (depth == 1) {
                if (t.equals("QUERY")) seenQuery = true;
                if (t.startsWith(":")) inTargets = t.equals(":targetList");
            } else if (depth == 2 && inEntry) {
                if (t.startsWith(":")) {
                    field = t;
                } else if (field != null) {
                    switch (field) {
                        case ":resno" -> resno = parseInt(t);
                        case ":resorigtbl" -> table = parseLong(t);
                        case ":resorigcol" -> column = parseInt(t);
                        default -> {
                        }
                    }
                    field = null;
                }
            }
        }
        return out;
    }

    /**
     * For each view, the table columns it exposes and under which of its column numbers, following views of views
     * (each intermediate view's columns count too). Cycles end the walk.
     */
    static Map<Long, Map<Origin, List<Integer>>> resolve(Map<Long, List<Target>> views) {
        Map<Long, Map<Integer, Origin>> byColumn = new HashMap<>();
        views.forEach((view, targets) -> {
            Map<Integer, Origin> m = new HashMap<>();
            targets.forEach(t -> m.put(t.resno(), t.origin()));
            byColumn.put(view, m);
        });
        Map<Long, Map<Origin, List<Integer>>> out = new HashMap<>();
        views.forEach((view, targets) -> {
            Map<Origin, List<Integer>> exposed = new HashMap<>();
            for (Target t : targets) {
                Set<Long> path = new HashSet<>();
                Origin o = t.origin();
                while (o != null && path.add(o.relid())) {
                    exposed.computeIfAbsent(o, k -> new ArrayList<>()).add(t.resno());
                    Map<Integer, Origin> inner = byColumn.get(o.relid());
                    o = inner == null ? null : inner.get(o.attnum());
                }
            }
            out.put(view, exposed);
        });
        return out;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
