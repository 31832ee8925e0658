package io.dbwarden.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed PostgREST select string, as supabase-js sends it in {@code .select('...')}: the columns it reads and the
 * resources it embeds, with their hints, as a tree. The code scanner turns the tree into references the drift check
 * can resolve. Parsing never throws: a string PostgREST would reject comes back with {@link #error()} set.
 *
 * @param items the top-level items; empty when there is an error
 * @param error why the string is malformed, or null
 */
public record PostgrestSelect(List<Item> items, String error) {

    /** Only {@code count()} may appear without a column; the others need {@code column.fn()}. */
    private static final List<String> AGGREGATES = List.of("count", "sum", "avg", "min", "max");

    public PostgrestSelect {
        items = List.copyOf(items);
    }

    public boolean ok() {
        return error == null;
    }

    /** A selected column or aggregate, or {@code *}. */
    public sealed interface Item permits Field, Embed {
        /** Offset of the item in the select string, so callers can point at its line. */
        int offset();
    }

    /**
     * A column ({@code alias:column->json->>path.aggregate()::cast}). column is {@code *} for the wildcard and null for
     * a bare {@code count()} / {@code count}, which reads no column.
     */
    public record Field(String alias, String column, String jsonPath, String aggregate, String cast, int offset) implements Item {
        public boolean isWildcard() {
            return "*".equals(column);
        }

        /** True when the item names a real column that must exist. */
        public boolean readsColumn() {
            return column != null && !isWildcard();
        }
    }

    /**
     * An embedded resource ({@code alias:name!hint!inner(items)} or the spread {@code ...name(items)}). hint is the
     * foreign key, column or junction named after {@code !}; joinType is {@code inner} or {@code left} when given.
     */
    public record Embed(String alias, String name, String hint, String joinType, boolean spread, List<Item> items,
                        int offset) implements Item {
        public Embed {
            items = List.copyOf(items);
        }

        /** The name filters and orders use for it: the alias when there is one. */
        public String label() {
            return alias != null ? alias : name;
        }
    }

    public static PostgrestSelect parse(String select) {
        if (select == null) return new PostgrestSelect(List.of(), "no select string");
        try {
            Parser p = new Parser(select);
            List<Item> items = p.list(false);
            return new PostgrestSelect(items, null);
        } catch (Malformed e) {
            return new PostgrestSelect(List.of(), e.getMessage());
        } catch (RuntimeException e) {
            // The parser is meant to be total; anything else is still a malformed string, never a crash of the scan.
            return new PostgrestSelect(List.of(), "cannot parse select string: " + e);
        }
    }

    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        List<Item> list(boolean nested) {
            List<Item> items = new ArrayList<>();
            skipSpace();
            if (atEnd()) {
                if (nested) throw fail("missing ')'");
                return items;
            }
            if (nested && peek() == ')') return items;
            while (true) {
                items.add(item());
                skipSpace();
                if (atEnd()) {
                    if (nested) throw fail("missing ')'");
                    return items;
                }
                char c = peek();
                if (c == ',') {
                    pos++;
                    skipSpace();
                    if (atEnd() || peek() == ',' || peek() == ')') throw fail("empty item");
                } else if (c == ')') {
                    if (!nested) throw fail("unbalanced ')'");
                    return items;
                } else {
                    throw fail("unexpected '" + c + "'");
                }
            }
        }

        private Item item() {
            skipSpace();
            int start = pos;
            if (peek() == '*') {
                pos++;
                return new Field(null, "*", null, null, null, start);
            }
            boolean spread = s.startsWith("...", pos);
            if (spread) {
                pos += 3;
                skipSpace();
            }
            String name = name();
            String alias = null;
            skipSpace();
            if (!atEnd() && peek() == ':' && !s.startsWith("::", pos)) {
                pos++;
                skipSpace();
                alias = name;
                if (!spread && s.startsWith("...", pos)) throw fail("an alias cannot precede '...'");
                if (peek() == '*') throw fail("an alias cannot name '*'");
                name = name();
                skipSpace();
            }
            String hint = null;
            String joinType = null;
            while (!atEnd() && peek() == '!') {
                pos++;
                skipSpace();
                String h = name();
                if (h.equals("inner") || h.equals("left")) joinType = h;
                else if (hint == null) hint = h;
                else throw fail("more than one hint on " + name);
                skipSpace();
            }
            if (!atEnd() && peek() == '(') {
                pos++;
                skipSpace();
                if (name.equals("count") && !spread && hint == null && joinType == null && peek() == ')') {
                    pos++;
                    return new Field(alias, null, null, "count", cast(), start);
                }
                if (++depth > 64) throw fail("embedding nested too deep");
                List<Item> items = list(true);
                depth--;
                pos++; // the ')' list() stopped at
                return new Embed(alias, name, hint, joinType, spread, items, start);
            }
            if (spread) throw fail("'...' must spread an embedded resource");
            if (hint != null || joinType != null) throw fail("'!' needs an embedded resource: " + name);
            String jsonPath = jsonPath();
            String aggregate = null;
            String cast = null;
            // PostgREST accepts the cast before or after the aggregate.
            for (int i = 0; i < 2; i++) {
                skipSpace();
                if (cast == null && s.startsWith("::", pos)) {
                    cast = cast();
                } else if (aggregate == null && !atEnd() && peek() == '.') {
                    pos++;
                    aggregate = name();
                    if (!AGGREGATES.contains(aggregate) || !s.startsWith("()", pos)) throw fail("unknown aggregate ." + aggregate);
                    pos += 2;
                }
            }
            if (jsonPath == null && aggregate == null && name.equals("count")) {
                return new Field(alias, null, null, "count", cast, start);
            }
            return new Field(alias, name, jsonPath, aggregate, cast, start);
        }

        private String jsonPath() {
            if (!s.startsWith("->", pos)) return null;
            StringBuilder path = new StringBuilder();
            while (s.startsWith("->", pos)) {
                int arrow = s.startsWith("->>", pos) ? 3 : 2;
                path.append(s, pos, pos + arrow);
                pos += arrow;
                path.append(name());
            }
            return path.toString();
        }

        private String cast() {
            if (!s.startsWith("::", pos)) return null;
            pos += 2;
            skipSpace();
            return name();
        }

        /** An unquoted identifier (letters, digits, _ and $, or a negative array index in a JSON path) or "quoted". */
        private String name() {
            if (atEnd()) throw fail("a name is missing at the end");
            if (peek() == '"') {
                int close = s.indexOf('"', pos + 1);
                if (close < 0) throw fail("unterminated quoted name");
                String n = s.substring(pos + 1, close);
                pos = close + 1;
                return n;
            }
            int start = pos;
            if (peek() == '-' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))) pos++;
            while (!atEnd() && isNameChar(peek())) pos++;
            if (pos == start) throw fail("a name is missing before '" + peek() + "'");
            return s.substring(start, pos);
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }

        private void skipSpace() {
            while (!atEnd() && Character.isWhitespace(peek())) pos++;
        }

        private boolean atEnd() {
            return pos >= s.length();
        }

        /** The current character, or NUL at the end so that callers need no bounds checks. */
        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private Malformed fail(String why) {
            return new Malformed("malformed select string at offset " + pos + ": " + why);
        }
    }
}
