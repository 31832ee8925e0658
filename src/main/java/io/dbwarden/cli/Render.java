package io.dbwarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Human-readable and JSON rendering for command output. */
final class Render {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Render() {
    }

    static void json(PrintStream out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain text grid; long cells are cut so one wide value cannot wreck the layout. */
    /** A report as JSON with --json, else through its text printer; the exit code is 0. */
    static int report(boolean json, java.util.Map<String, Object> report, java.util.function.Consumer<java.util.Map<String, Object>> text) {
        if (json) json(System.out, report);
        else text.accept(report);
        return 0;
    }

    static void table(PrintStream out, List<String> headers, List<List<Object>> rows) {
        int n = headers.size();
        int[] width = new int[n];
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) width[i] = headers.get(i).length();
        for (List<Object> row : rows) {
            List<String> r = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String s = row.get(i) == null ? "" : row.get(i).toString().replace('\n', ' ');
                if (s.length() > 60) s = s.substring(0, 57) + "...";
                width[i] = Math.max(width[i], s.length());
                r.add(s);
            }
            cells.add(r);
        }
        StringBuilder sep = new StringBuilder();
        for (int i = 0; i < n; i++) sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        out.println(line(headers, width));
        out.println(sep);
        for (List<String> r : cells) out.println(line(r, width));
    }

    private static String line(List<String> values, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(" | ");
            b.append(String.format("%-" + width[i] + "s", values.get(i)));
        }
        return b.toString().stripTrailing();
    }

    /** Findings as blocks: severity, title, rule and subject, then the detail and the fix. */
    static void findings(PrintStream out, List<io.dbwarden.findings.Finding> findings) {
        for (io.dbwarden.findings.Finding f : findings) {
            out.println();
            out.println(f.severity().id().toUpperCase() + "  " + f.title() + "  [" + f.ruleId() + "]  " + f.subject());
            if (f.detail() != null) out.println("  " + f.detail().replace("\n", "\n  "));
            if (f.remediation() != null) out.println("  fix: " + f.remediation().replace("\n", "\n       "));
        }
    }

    /** Nested maps and lists as indented "key: value" lines. */
    static void tree(PrintStream out, Object value, String indent) {
        if (value instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Map<?, ?> || (v instanceof List<?> l && !l.isEmpty() && !(l.get(0) instanceof String))) {
                    out.println(indent + e.getKey() + ":");
                    tree(out, v, indent + "  ");
                } else if (v instanceof List<?> l && l.isEmpty()) {
                    out.println(indent + e.getKey() + ": (none)");
                } else {
                    out.println(indent + e.getKey() + ": " + v);
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    List<String> parts = new ArrayList<>();
                    m.forEach((k, v) -> parts.add(k.equals("name") ? String.valueOf(v) : k + "=" + v));
                    out.println(indent + "- " + String.join(", ", parts));
                } else {
                    out.println(indent + "- " + o);
                }
            }
        } else {
            out.println(indent + value);
        }
    }
}
