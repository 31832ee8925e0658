package io.dbwarden.codegen;

import java.util.regex.Pattern;

/**
 * Escaping for the documentation generator. Everything that comes from the database (names, comments, definitions)
 * is untrusted: it must stay inert text in Markdown, in a GFM table cell and in a Mermaid diagram.
 */
final class SchemaDocsText {
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\n]]");
    private static final Pattern ORDERED_LIST = Pattern.compile("^(\\d+)([.)])");
    private static final Pattern MERMAID_WORD_UNSAFE = Pattern.compile("[^A-Za-z0-9_]");
    private static final Pattern PLAIN_ANCHOR = Pattern.compile("[a-z0-9_]{1,60}");
    private static final Pattern SLUG_UNSAFE = Pattern.compile("[^a-z0-9_]+");
    private static final Pattern MERMAID_NAME_UNSAFE = Pattern.compile("[^\\p{L}\\p{N}_.-]");

    private SchemaDocsText() {
    }

    /**
     * A code span whose content cannot end early: the fence is longer than any backtick run inside. Line breaks become
     * spaces (a table row is one line); in a table cell '|' is escaped, which GFM undoes inside code spans too.
     */
    static String code(String s, boolean inTable) {
        if (s == null || s.isEmpty()) return "";
        String t = CONTROL.matcher(LINE_BREAK.matcher(s).replaceAll(" ")).replaceAll(" ");
        String fence = "`".repeat(longestBacktickRun(t) + 1);
        boolean pad = t.startsWith("`") || t.endsWith("`") || t.startsWith(" ") || t.endsWith(" ");
        if (inTable) t = t.replace("|", "\\|");
        return pad ? fence + " " + t + " " + fence : fence + t + fence;
    }

    static int longestBacktickRun(String s) {
        int longest = 0, run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** Text for one table cell: inline only, line breaks as {@code <br>}. */
    static String cell(String s) {
        if (s == null || s.isEmpty()) return "";
        String[] lines = LINE_BREAK.split(s.strip(), -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append("<br>");
            out.append(inline(lines[i].strip()));
        }
        return out.toString();
    }

    /**
     * Text for paragraphs: each line is escaped so that it cannot start a heading, list, quote, fence, HTML block,
     * table or indented code block; blank lines separate paragraphs as the author wrote them.
     */
    static String paragraph(String s) {
        if (s == null || s.isBlank()) return "";
        StringBuilder out = new StringBuilder();
        boolean blank = false;
        for (String raw : LINE_BREAK.split(s.strip(), -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                blank = true;
                continue;
            }
            if (out.length() > 0) out.append(blank ? "\n\n" : "\n");
            blank = false;
            String escaped = inline(line);
            // '-', '+' and '=' start lists, thematic breaks and setext underlines; "1." and "1)" start ordered lists.
            char first = escaped.charAt(0);
            if (first == '-' || first == '+' || first == '=') escaped = "\\" + escaped;
            escaped = ORDERED_LIST.matcher(escaped).replaceFirst("$1\\\\$2");
            out.append(escaped);
        }
        return out.toString();
    }

    /**
     * Inline text: HTML-significant characters become entities, Markdown punctuation is backslash-escaped ('$' too,
     * for GitHub's math), and control characters become spaces.
     */
    static String inline(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '~', '#', '$', '!' -> out.append('\\').append(ch);
                default -> out.append(Character.isISOControl(ch) ? ' ' : ch);
            }
        }
        return out.toString();
    }

    /** An HTML id (and link fragment) of safe characters, unique per name: a hash marks any name that was changed. */
    static String anchor(String kind, String name) {
        if (PLAIN_ANCHOR.matcher(name).matches()) return kind + "-" + name;
        String slug = SLUG_UNSAFE.matcher(name.toLowerCase(java.util.Locale.ROOT)).replaceAll("-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) slug = slug.substring(0, 40);
        return kind + "-" + (slug.isEmpty() ? "" : slug + "-") + PgTapTests.shortHash(name);
    }

    /**
     * A Mermaid entity name, always double-quoted: quoting keeps names such as "many", "one", "to" or "class" from
     * being read as keywords. Only letters, digits, '_', '-' and '.' survive; a changed name gets a hash so that two
     * names never merge into one entity.
     */
    static String mermaidEntity(String name, boolean mayContainDot) {
        String safe = MERMAID_NAME_UNSAFE.matcher(name).replaceAll("_");
        boolean changed = !safe.equals(name) || (!mayContainDot && name.indexOf('.') >= 0) || safe.isEmpty();
        return "\"" + (changed ? safe + "_" + PgTapTests.shortHash(name) : safe) + "\"";
    }

    /** A relationship label: a quoted string without quotes, '%' (Mermaid directives) or line breaks. */
    static String mermaidLabel(String s) {
        String safe = MERMAID_NAME_UNSAFE.matcher(s).replaceAll("_");
        return "\"" + (safe.isEmpty() ? "_" : safe) + "\"";
    }

    /**
     * An attribute type or name inside an entity block, where Mermaid wants a bare word: ASCII letters, digits and '_'
     * (types keep their "(n)" and "[]"), never starting with a digit and never the key words PK, FK or UK.
     */
    static String mermaidWord(String s, boolean isType) {
        String safe;
        if (isType) {
            safe = s.replaceAll("[^A-Za-z0-9_()\\[\\]]+", "_").replaceAll("_+", "_");
        } else {
            safe = MERMAID_WORD_UNSAFE.matcher(s).replaceAll("_");
        }
        if (safe.isEmpty() || !Character.isLetter(safe.charAt(0)) && safe.charAt(0) != '_'
                || safe.equalsIgnoreCase("pk") || safe.equalsIgnoreCase("fk") || safe.equalsIgnoreCase("uk")) {
            safe = "_" + safe;
        }
        return safe;
    }
}
