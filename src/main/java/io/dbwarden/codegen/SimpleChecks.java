package io.dbwarden.codegen;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the CHECK constraints that map simply onto one column, from PostgreSQL's own rendering of them
 * (pg_get_constraintdef): comparisons with a constant ({@code x >= 0}, {@code 0 < x}, BETWEEN, which PostgreSQL stores
 * as two comparisons), membership ({@code x IN (...)}, stored as {@code x = ANY (ARRAY[...])}), character length
 * ({@code char_length(x) <= 80}, {@code length(x)}) and non-empty ({@code x <> ''}). A CHECK is split at its top-level
 * ANDs: each conjunct that maps is a rule, the others are returned as text for a comment. Each conjunct must hold on
 * its own for the whole to hold, so applying only some of them never rejects a value PostgreSQL accepts.
 */
final class SimpleChecks {
    private static final String IDENT = "(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*|VALUE)";
    private static final String NAME = "(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_]*)";
    private static final String CAST = "(?:::" + NAME + "(?:\\." + NAME + ")?(?: (?:varying|precision|with time zone|without time zone))?"
            + "(?:\\(\\d+(?:,\\s*\\d+)?\\))?(?:\\[\\])*)*";
    private static final String NUM = "(?:'(-?[0-9]+(?:\\.[0-9]+)?)'|\\(?(-?[0-9]+(?:\\.[0-9]+)?)\\)?)" + CAST;
    private static final String OP = "(>=|>|<=|<)";
    private static final Pattern COMPARE = Pattern.compile(IDENT + CAST + "\\s*" + OP + "\\s*" + NUM);
    private static final Pattern COMPARE_FLIPPED = Pattern.compile(NUM + "\\s*" + OP + "\\s*" + IDENT + CAST);
    private static final Pattern LENGTH = Pattern.compile("(?:char_length|character_length|length)\\(" + IDENT + CAST + "\\)"
            + CAST + "\\s*" + OP + "\\s*" + NUM);
    private static final Pattern NOT_EMPTY = Pattern.compile(IDENT + CAST + "\\s*<>\\s*''" + CAST);
    private static final Pattern ANY = Pattern.compile(IDENT + CAST + "\\s*=\\s*ANY\\s*\\(\\s*\\(?ARRAY\\[(.*)\\]\\)?" + CAST + "\\s*\\)");
    private static final Pattern ITEM = Pattern.compile("\\s*(?:'((?:[^']|'')*)'|\\(?(-?[0-9]+(?:\\.[0-9]+)?)\\)?)" + CAST + "\\s*");

    enum Kind { GTE, GT, LTE, LT, CHARS_GTE, CHARS_GT, CHARS_LTE, CHARS_LT, NOT_EMPTY, STRINGS, NUMBERS }

    /** column is the column's name, or VALUE in a domain's check. */
    record Rule(String column, Kind kind, BigDecimal number, List<String> values) {
    }

    record Parsed(List<Rule> rules, List<String> ignored) {
    }

    private SimpleChecks() {
    }

    static Parsed parse(String definition) {
        List<Rule> rules = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        String body = definition.strip();
        if (body.endsWith(" NOT VALID")) body = body.substring(0, body.length() - " NOT VALID".length()).strip();
        if (!body.startsWith("CHECK ")) return new Parsed(List.of(), List.of(definition));
        body = unwrap(body.substring("CHECK ".length()));
        for (String conjunct : splitAnd(body)) {
            Rule r = rule(unwrap(conjunct));
            if (r == null) ignored.add(conjunct.strip());
            else rules.add(r);
        }
        return new Parsed(List.copyOf(rules), List.copyOf(ignored));
    }

    private static Rule rule(String s) {
        Matcher m;
        if ((m = COMPARE.matcher(s)).matches()) {
            return new Rule(ident(m.group(1)), compare(m.group(2), false), number(m.group(3), m.group(4)), List.of());
        }
        if ((m = COMPARE_FLIPPED.matcher(s)).matches()) {
            return new Rule(ident(m.group(4)), compare(m.group(3), true), number(m.group(1), m.group(2)), List.of());
        }
        if ((m = LENGTH.matcher(s)).matches()) {
            Kind k = switch (compare(m.group(2), false)) {
                case GTE -> Kind.CHARS_GTE;
                case GT -> Kind.CHARS_GT;
                case LTE -> Kind.CHARS_LTE;
                default -> Kind.CHARS_LT;
            };
            return new Rule(ident(m.group(1)), k, number(m.group(3), m.group(4)), List.of());
        }
        if ((m = NOT_EMPTY.matcher(s)).matches()) return new Rule(ident(m.group(1)), Kind.NOT_EMPTY, null, List.of());
        if ((m = ANY.matcher(s)).matches()) {
            List<String> strings = new ArrayList<>();
            List<String> numbers = new ArrayList<>();
            for (String item : splitTopLevel(m.group(2), ",")) {
                Matcher i = ITEM.matcher(item);
                if (!i.matches()) return null;
                if (i.group(1) != null) strings.add(i.group(1).replace("''", "'"));
                else numbers.add(new BigDecimal(i.group(2)).toPlainString());
            }
            if (!strings.isEmpty() && !numbers.isEmpty() || strings.isEmpty() && numbers.isEmpty()) return null;
            return strings.isEmpty() ? new Rule(ident(m.group(1)), Kind.NUMBERS, null, List.copyOf(numbers))
                    : new Rule(ident(m.group(1)), Kind.STRINGS, null, List.copyOf(strings));
        }
        return null;
    }

    private static Kind compare(String op, boolean flipped) {
        return switch (op) {
            case ">=" -> flipped ? Kind.LTE : Kind.GTE;
            case ">" -> flipped ? Kind.LT : Kind.GT;
            case "<=" -> flipped ? Kind.GTE : Kind.LTE;
            default -> flipped ? Kind.GT : Kind.LT;
        };
    }

    private static BigDecimal number(String quoted, String plain) {
        return new BigDecimal(quoted != null ? quoted : plain);
    }

    private static String ident(String s) {
        return s.startsWith("\"") ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s;
    }

    /** Removes parentheses that wrap the whole text. */
    static String unwrap(String s) {
        String t = s.strip();
        while (t.startsWith("(") && t.endsWith(")") && closing(t, 0) == t.length() - 1) t = t.substring(1, t.length() - 1).strip();
        return t;
    }

    private static int closing(String s, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                if (--depth == 0) return i;
            }
        }
        return -1;
    }

    private static List<String> splitAnd(String s) {
        return splitTopLevel(s, " AND ");
    }

    /** Splits at separators outside quotes, parentheses and brackets. */
    private static List<String> splitTopLevel(String s, String separator) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (depth == 0 && s.startsWith(separator, i)) {
                out.add(s.substring(start, i));
                start = i + separator.length();
                i = start - 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
