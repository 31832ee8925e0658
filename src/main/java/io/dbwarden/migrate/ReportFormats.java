package io.dbwarden.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link MigrationReport} for people (text), for programs (JSON, documented in
 * docs/migration-validator.md), and for CI systems (JUnit XML and SARIF 2.1.0).
 */
public final class ReportFormats {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFormats() {
    }

    public static String text(MigrationReport r) {
        StringBuilder b = new StringBuilder();
        b.append("Target: ").append(r.target()).append(" (PostgreSQL ").append(r.serverVersionNum() / 10000)
                .append("), runner: ").append(r.mode().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append('\n');
        for (MigrationReport.FileResult f : r.files()) {
            b.append('\n').append(f.verdict().id().toUpperCase(Locale.ROOT)).append("  ").append(f.file())
                    .append(" (").append(f.statements()).append(" statements)\n");
            for (MigrationIssue i : f.issues()) {
                b.append("  ").append(i.verdict().id()).append("  statement ").append(i.statementIndex()).append(", line ")
                        .append(i.line()).append("  [").append(i.ruleId()).append(", ").append(i.layer().name().toLowerCase(Locale.ROOT))
                        .append("]\n");
                b.append("    ").append(i.message().replace("\n", "\n    ")).append('\n');
                if (i.lock() != null) b.append("    lock: ").append(i.lock()).append(i.blocks() == null ? "" : " (blocks " + i.blocks() + ")").append('\n');
                if (i.estimate() != null) b.append("    estimate: ").append(i.estimate()).append('\n');
                if (i.saferRewrite() != null) b.append("    instead:\n      ").append(i.saferRewrite().strip().replace("\n", "\n      ")).append('\n');
            }
            for (String n : f.notes()) b.append("  note: ").append(n).append('\n');
        }
        for (String n : r.notes()) b.append("note: ").append(n).append('\n');
        b.append("\nVerdict: ").append(r.verdict().id());
        if (r.token() != null) b.append("  (validation token ").append(r.token()).append(')');
        return b.append('\n').toString();
    }

    public static String json(MigrationReport r) {
        try {
            return JSON.writeValueAsString(tree(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON shape as a tree, for the MCP tool. */
    public static Map<String, Object> tree(MigrationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", r.verdict().id());
        m.put("target", r.target());
        m.put("server_version", r.serverVersionNum());
        m.put("runner", r.mode().name().toLowerCase(Locale.ROOT));
        m.put("token", r.token());
        m.put("files", r.files().stream().map(f -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("file", f.file());
            fm.put("verdict", f.verdict().id());
            fm.put("statements", f.statements());
            fm.put("issues", f.issues().stream().map(ReportFormats::issue).toList());
            fm.put("notes", f.notes());
            return fm;
        }).toList());
        m.put("notes", r.notes());
        return m;
    }

    private static Map<String, Object> issue(MigrationIssue i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", i.ruleId());
        m.put("verdict", i.verdict().id());
        m.put("layer", i.layer().name().toLowerCase(Locale.ROOT));
        m.put("statement", i.statementIndex());
        m.put("line", i.line());
        m.put("lock", i.lock());
        m.put("blocks", i.blocks());
        m.put("message", i.message());
        m.put("safer_rewrite", i.saferRewrite());
        m.put("estimate", i.estimate());
        m.put("evidence", i.evidence());
        return m;
    }

    public static String junit(MigrationReport r) {
        int failures = (int) r.files().stream().filter(f -> f.verdict() != Verdict.SAFE).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"dbwarden migration validation\" tests=\"").append(r.files().size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" skipped=\"0\">\n");
        for (MigrationReport.FileResult f : r.files()) {
            b.append("  <testcase classname=\"migrations\" name=\"").append(xml(f.file())).append("\"");
            if (f.verdict() == Verdict.SAFE) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n    <failure type=\"").append(f.verdict().id()).append("\" message=\"")
                    .append(xml(f.file() + " is " + f.verdict().id())).append("\">");
            for (MigrationIssue i : f.issues()) {
                if (i.verdict() == Verdict.SAFE) continue;
                b.append(xml(i.verdict().id() + " " + i.ruleId() + " at statement " + i.statementIndex() + " (line " + i.line() + "): "
                        + i.message() + (i.saferRewrite() == null ? "" : "\nInstead: " + i.saferRewrite()))).append("\n");
            }
            b.append("</failure>\n  </testcase>\n");
        }
        return b.append("</testsuite>\n").toString();
    }

    public static String sarif(MigrationReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "dbwarden");
        ArrayNode rules = driver.putArray("rules");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        ArrayNode results = run.putArray("results");
        for (MigrationReport.FileResult f : r.files()) {
            for (MigrationIssue i : f.issues()) {
                if (i.verdict() == Verdict.SAFE) continue;
                if (seen.add(i.ruleId())) rules.addObject().put("id", i.ruleId()).putObject("shortDescription").put("text", i.ruleId());
                ObjectNode res = results.addObject();
                res.put("ruleId", i.ruleId());
                res.put("level", i.verdict() == Verdict.FAILS ? "error" : "warning");
                res.putObject("message").put("text", i.message() + (i.saferRewrite() == null ? "" : "\nInstead: " + i.saferRewrite()));
                ObjectNode loc = res.putArray("locations").addObject().putObject("physicalLocation");
                loc.putObject("artifactLocation").put("uri", f.file());
                loc.putObject("region").put("startLine", Math.max(1, i.line()));
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text made safe for XML attributes and content (control characters other than whitespace dropped). */
    public static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') b.append(c);
                }
            }
        }
        return b.toString();
    }
}
