package io.dbwarden.mcp;

import io.dbwarden.Warden;
import io.dbwarden.catalog.SchemaChange;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingQuery;
import io.dbwarden.findings.StoredFinding;
import io.dbwarden.monitor.SchemaMonitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** schema_monitor (the team's plan names it and its parameters) and get_findings. */
final class MonitorTools {
    private final Warden warden;
    private final ChangeAlerts alerts;

    MonitorTools(Warden warden, ChangeAlerts alerts) {
        this.warden = warden;
        this.alerts = alerts;
    }

    List<McpTool> tools() {
        return List.of(schemaMonitor(), getFindings());
    }

    private McpTool schemaMonitor() {
        var tool = CoreTools.tool("schema_monitor", "Monitor the schema",
                "Check the schema now: what changed since the last check, and every difference from the expected schema as "
                        + "findings. With alert_on_changes, later changes are pushed to this session as log notifications.",
                """
                {"type": "object", "properties": {
                  "database_url": {"type": "string", "description": "Name of a configured connection (default: \\"default\\")."},
                  "tables": {"type": "array", "items": {"type": "string"}, "description": "Tables to watch, e.g. [\\"users\\", \\"public.crews\\"] (default: all)."},
                  "alert_on_changes": {"type": "boolean", "default": true, "description": "Push future changes and findings to this session."}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.CORE, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            SchemaMonitor monitor = warden.monitor(a.string("database_url", null));
            SchemaMonitor.CheckResult r = monitor.check(a.strings("tables"));
            if (ctx.exchange() != null) {
                if (a.bool("alert_on_changes", true)) alerts.subscribe(ctx.exchange());
                else alerts.unsubscribe(ctx.exchange());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("database", r.connection());
            out.put("capture", monitor.captureMode());
            out.put("expected_schema", r.baseline());
            out.put("changes_since_last_check", r.changes().stream().map(SchemaChange::toString).toList());
            out.put("findings", r.findings().stream().map(MonitorTools::brief).toList());
            out.put("alerts", a.bool("alert_on_changes", true) ? "on" : "off");
            return ToolResults.untrusted("Schema check.", out);
        });
    }

    private McpTool getFindings() {
        var tool = CoreTools.tool("get_findings", "List findings",
                "Findings dbwarden has recorded (schema drift, performance, security, integrity, migration, resource), with "
                        + "their lifecycle. Filter by category, minimum severity, status and object; pages with limit/offset.",
                """
                {"type": "object", "properties": {
                  %s,
                  "category": {"type": "string", "enum": ["schema-drift", "performance", "security", "integrity", "migration", "resource"]},
                  "severity": {"type": "string", "enum": ["critical", "high", "medium", "low", "info"], "description": "Minimum severity."},
                  "status": {"type": "string", "enum": ["open", "resolved", "all"], "default": "open"},
                  "object": {"type": "string", "description": "Only findings whose object or title contains this text."},
                  "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                  "offset": {"type": "integer", "minimum": 0, "default": 0}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.STANDARD, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            String connection = warden.forConnection(a.string("database", null)).database().name();
            String status = a.string("status", "open");
            String category = a.string("category", null);
            String severity = a.string("severity", null);
            List<StoredFinding> all = warden.findings().query(new FindingQuery(connection, null,
                    status.equals("all") ? null : StoredFinding.Status.parse(status),
                    category == null ? null : Finding.Category.parse(category),
                    severity == null ? null : Finding.Severity.parse(severity), a.string("object", null)));
            int limit = a.integer("limit", 50, 1, 200);
            int offset = a.integer("offset", 0, 0, Integer.MAX_VALUE);
            List<StoredFinding> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", all.size());
            out.put("truncated", offset + page.size() < all.size());
            if (offset + page.size() < all.size()) out.put("next_offset", offset + page.size());
            out.put("findings", page.stream().map(MonitorTools::stored).toList());
            return ToolResults.untrusted("Findings.", out);
        });
    }

    static Map<String, Object> brief(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", f.severity().id());
        m.put("rule", f.ruleId());
        m.put("title", f.title());
        m.put("fingerprint", f.fingerprint());
        return m;
    }

    static Map<String, Object> stored(StoredFinding s) {
        Map<String, Object> m = brief(s.finding());
        m.put("category", s.finding().category().id());
        m.put("subject", s.finding().subject());
        m.put("status", s.status().id());
        m.put("first_seen", s.firstSeen().toString());
        m.put("last_seen", s.lastSeen().toString());
        if (s.resolvedAt() != null) m.put("resolved_at", s.resolvedAt().toString());
        m.put("times_seen", s.timesSeen());
        if (s.finding().detail() != null) m.put("detail", s.finding().detail());
        if (s.finding().remediation() != null) m.put("remediation", s.finding().remediation());
        m.put("evidence", s.finding().evidence());
        return m;
    }
}
