package io.dbwarden.query;

import io.dbwarden.db.SqlResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Representative values for the $n placeholders of a normalized query, taken from the planner's statistics of the
 * column each one is compared with: the most common value (the least selective case), the median of the histogram,
 * and a rare value (the most selective case). A placeholder compared with no column gets a plain value of its type.
 */
final class ParameterBinder {
    private static final String ID = "(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern COL_OP_PARAM = Pattern.compile("(?i)(?:(" + ID + ")\\.)?(" + ID + ")\\s*(=|<>|!=|<=|>=|<|>|~~\\*?|!~~\\*?|\\bnot\\s+i?like\\b|\\bi?like\\b)\\s*\\$(\\d+)");
    private static final Pattern PARAM_OP_COL = Pattern.compile("(?i)\\$(\\d+)\\s*(=|<>|!=|<=|>=|<|>)\\s*(?:(" + ID + ")\\.)?(" + ID + ")");
    private static final Pattern COL_IN = Pattern.compile("(?i)(?:(" + ID + ")\\.)?(" + ID + ")\\s+(?:not\\s+)?in\\s*\\(([$0-9,\\s]+)\\)");
    private static final Pattern COL_BETWEEN = Pattern.compile("(?i)(?:(" + ID + ")\\.)?(" + ID + ")\\s+between\\s+\\$(\\d+)\\s+and\\s+\\$(\\d+)");
    private static final Pattern LIMIT = Pattern.compile("(?i)\\b(limit|offset)\\s+\\$(\\d+)");
    private static final Pattern FROM = Pattern.compile("(?i)\\b(?:from|join)\\s+(?:only\\s+)?(?:(" + ID + ")\\.)?(" + ID + ")(?:\\s+(?:as\\s+)?(" + ID + "))?");
    private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");
    private static final java.util.Set<String> NOT_ALIASES = java.util.Set.of("where", "join", "left", "right", "inner", "outer",
            "full", "cross", "on", "using", "group", "order", "limit", "offset", "natural", "lateral", "union", "having", "window", "for");

    /** Which case a value stands for. */
    enum Profile {
        COMMON, MEDIAN, RARE
    }

    /** One placeholder: what it is compared with, and a value per profile (SQL literals, already quoted). */
    record Binding(int number, String column, String operator, Map<Profile, String> values, String source) {
    }

    static int parameterCount(String sql) {
        int max = 0;
        Matcher m = PARAM.matcher(sql);
        while (m.find()) max = Math.max(max, Integer.parseInt(m.group(1)));
        return max;
    }

    /** Bindings for $1..$n; types are the ones PostgreSQL inferred when the statement was prepared. */
    List<Binding> bind(Connection c, String sql, List<String> types) throws SQLException {
        Map<String, String[]> aliases = aliases(sql);
        Map<Integer, String[]> compared = new TreeMap<>();
        Matcher m = COL_OP_PARAM.matcher(sql);
        while (m.find()) compared.putIfAbsent(Integer.parseInt(m.group(4)), new String[]{m.group(1), m.group(2), m.group(3)});
        m = PARAM_OP_COL.matcher(sql);
        while (m.find()) compared.putIfAbsent(Integer.parseInt(m.group(1)), new String[]{m.group(3), m.group(4), flip(m.group(2))});
        m = COL_IN.matcher(sql);
        while (m.find()) {
            Matcher p = PARAM.matcher(m.group(3));
            while (p.find()) compared.putIfAbsent(Integer.parseInt(p.group(1)), new String[]{m.group(1), m.group(2), "="});
        }
        m = COL_BETWEEN.matcher(sql);
        while (m.find()) {
            compared.putIfAbsent(Integer.parseInt(m.group(3)), new String[]{m.group(1), m.group(2), ">="});
            compared.putIfAbsent(Integer.parseInt(m.group(4)), new String[]{m.group(1), m.group(2), "<="});
        }
        Map<Integer, String> limits = new HashMap<>();
        m = LIMIT.matcher(sql);
        while (m.find()) limits.put(Integer.parseInt(m.group(2)), m.group(1).toLowerCase(Locale.ROOT));

        List<Binding> out = new ArrayList<>();
        for (int n = 1; n <= types.size(); n++) {
            String type = types.get(n - 1);
            String[] cmp = compared.get(n);
            if (limits.containsKey(n)) {
                String v = limits.get(n).equals("offset") ? "0" : "50";
                out.add(new Binding(n, null, limits.get(n), Map.of(Profile.COMMON, v, Profile.MEDIAN, v, Profile.RARE, v), limits.get(n)));
                continue;
            }
            Map<Profile, String> values = null;
            String column = null;
            if (cmp != null) {
                column = unquote(cmp[1]);
                values = fromStats(c, aliases, cmp[0], column, cmp[2], type);
            }
            if (values == null) {
                String v = defaultValue(type);
                out.add(new Binding(n, column, cmp == null ? null : cmp[2], Map.of(Profile.COMMON, v, Profile.MEDIAN, v, Profile.RARE, v),
                        "a plain " + type + " value (no statistics for it)"));
            } else {
                out.add(new Binding(n, column, cmp[2], values, "pg_stats of " + column));
            }
        }
        return out;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case ">" -> "<";
            case "<=" -> ">=";
            case ">=" -> "<=";
            default -> op;
        };
    }

    /** alias (or table name) to {schema or null, table}. */
    private static Map<String, String[]> aliases(String sql) {
        Map<String, String[]> out = new HashMap<>();
        Matcher m = FROM.matcher(sql);
        while (m.find()) {
            String[] t = {m.group(1) == null ? null : unquote(m.group(1)), unquote(m.group(2))};
            out.putIfAbsent(t[1], t);
            String alias = m.group(3);
            if (alias != null && !NOT_ALIASES.contains(alias.toLowerCase(Locale.ROOT))) out.putIfAbsent(unquote(alias), t);
        }
        return out;
    }

    private Map<Profile, String> fromStats(Connection c, Map<String, String[]> aliases, String qualifier, String column, String op,
                                           String type) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        if (qualifier != null && aliases.containsKey(unquote(qualifier))) tables.add(aliases.get(unquote(qualifier)));
        else if (qualifier == null) tables.addAll(new java.util.LinkedHashSet<>(aliases.values()));
        for (String[] t : tables) {
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ParameterBinder.class, "column_stats.sql"))) {
                ps.setString(1, column);
                ps.setString(2, t[1]);
                ps.setString(3, t[0]);
                ps.setString(4, t[0]);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) continue;
                    List<String> mcv = parseArray(rs.getString("mcv"));
                    List<String> hist = parseArray(rs.getString("histogram"));
                    String common = !mcv.isEmpty() ? mcv.get(0) : !hist.isEmpty() ? hist.get(hist.size() / 2) : null;
                    String median = !hist.isEmpty() ? hist.get(hist.size() / 2) : common;
                    // A rare value: one that is neither frequent nor absent (a histogram bound near the end, else the last MCV).
                    String rare = !hist.isEmpty() ? hist.get(Math.max(0, hist.size() - 2)) : !mcv.isEmpty() ? mcv.get(mcv.size() - 1) : null;
                    if (common == null) return null;
                    boolean like = op.toLowerCase(Locale.ROOT).contains("like") || op.contains("~~");
                    Map<Profile, String> values = new java.util.EnumMap<>(Profile.class);
                    values.put(Profile.COMMON, literal(like ? prefix(common) : common, type));
                    values.put(Profile.MEDIAN, literal(like ? prefix(median) : median, type));
                    values.put(Profile.RARE, literal(like ? prefix(rare) : rare, type));
                    return values;
                }
            }
        }
        return null;
    }

    private static String prefix(String v) {
        return v.substring(0, Math.min(3, v.length())) + "%";
    }

    /** A quoted literal cast to the parameter's type; a backslash-free standard string, whatever the server settings. */
    static String literal(String value, String type) {
        if (value == null) return "NULL";
        String v = value.replace("\\", "").replace("'", "''");
        return "'" + v + "'::" + type;
    }

    static String defaultValue(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("int") || t.equals("numeric") || t.startsWith("double") || t.equals("real")) return "'1'::" + type;
        if (t.startsWith("timestamp")) return "now()::" + type;
        if (t.equals("date")) return "current_date";
        if (t.equals("interval")) return "'1 day'::interval";
        if (t.equals("boolean")) return "true";
        if (t.equals("uuid")) return "'00000000-0000-0000-0000-000000000000'::uuid";
        if (t.equals("jsonb") || t.equals("json")) return "'{}'::" + type;
        if (t.endsWith("[]")) return "'{}'::" + type;
        if (t.equals("unknown") || t.equals("text") || t.startsWith("character")) return "'x'::text";
        return "NULL::" + type;
    }

    /** Splits PostgreSQL's text form of a one-dimensional array: {a,"b c",NULL}. */
    static List<String> parseArray(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.length() < 2 || text.charAt(0) != '{') return out;
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        for (int i = 1; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '\\' && i + 1 < text.length()) cur.append(text.charAt(++i));
                else if (ch == '"') quoted = false;
                else cur.append(ch);
            } else if (ch == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (ch == ',' || ch == '}') {
                String v = cur.toString();
                if (!v.isEmpty() || wasQuoted) out.add(!wasQuoted && v.equals("NULL") ? null : v);
                cur.setLength(0);
                wasQuoted = false;
                if (ch == '}') break;
            } else {
                cur.append(ch);
            }
        }
        out.removeIf(java.util.Objects::isNull);
        return out;
    }

    private static String unquote(String id) {
        if (id == null) return null;
        return id.startsWith("\"") ? id.substring(1, id.length() - 1).replace("\"\"", "\"") : id.toLowerCase(Locale.ROOT);
    }
}
