package io.dbwarden.codegen;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Writes TypeScript source with two-space indentation, and quotes names and strings from the database safely. */
final class Ts {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private final StringBuilder out = new StringBuilder();
    private int depth;

    void line(String text) {
        if (!text.isEmpty()) out.append("  ".repeat(depth)).append(text);
        out.append('\n');
    }

    /** Writes a line that opens a block and indents what follows. */
    void open(String text) {
        line(text);
        depth++;
    }

    /** Ends a block: dedents, then writes the closing line. */
    void close(String text) {
        depth--;
        line(text);
    }

    int depth() {
        return depth;
    }

    void indent() {
        depth++;
    }

    void dedent() {
        depth--;
    }

    /** Writes text that may span lines, each at the current indentation. */
    void raw(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String l : body.split("\n", -1)) line(l);
    }

    /** Writes "head a, b]tail" on one line when it fits in 80 columns, otherwise one item per line. */
    void list(String head, List<String> items, String tail) {
        String one = head + String.join(", ", items) + tail;
        if (fits(one)) {
            line(one);
            return;
        }
        open(head);
        items.forEach(i -> line(i + ","));
        close(tail);
    }

    /** Writes "head a | b" on one line when it fits in 80 columns, otherwise one member per line. */
    void union(String head, List<String> members) {
        String one = head + " " + String.join(" | ", members);
        if (fits(one)) {
            line(one);
            return;
        }
        line(head);
        depth++;
        members.forEach(m -> line("| " + m));
        depth--;
    }

    private boolean fits(String text) {
        return 2 * depth + text.length() <= 80;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** A property name: bare when it is an identifier, otherwise a string literal. */
    static String key(String name) {
        return IDENTIFIER.matcher(name).matches() ? name : string(name);
    }

    /**
     * A string literal escaped like JSON.stringify; single-quoted when the text holds more double quotes than single
     * ones, as prettier writes it.
     */
    static String string(String s) {
        char quote = s.chars().filter(c -> c == '"').count() > s.chars().filter(c -> c == '\'').count() ? '\'' : '"';
        StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote) {
                b.append('\\').append(c);
                continue;
            }
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    // Control characters, line separators and unpaired surrogates are escaped, so any text survives.
                    boolean lone = Character.isHighSurrogate(c) ? !(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                            : Character.isLowSurrogate(c) && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || lone) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append(quote).toString();
    }

    static String stringArray(List<String> values) {
        return values.stream().map(Ts::string).collect(Collectors.joining(", ", "[", "]"));
    }
}
