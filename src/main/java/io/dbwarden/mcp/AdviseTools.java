package io.dbwarden.mcp;

import io.dbwarden.Warden;
import io.dbwarden.advise.AdvisorRows;
import io.dbwarden.advise.Advisors;
import io.dbwarden.findings.Finding;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** run_advisors and check_health: the security and performance lints and the health checks, as findings. */
final class AdviseTools {
    private final Warden warden;

    AdviseTools(Warden warden) {
        this.warden = warden;
    }

    List<McpTool> tools() {
        return List.of(runAdvisors(), checkHealth(), checkIntegrity(), getAuditLog());
    }

    private McpTool checkHealth() {
        var tool = CoreTools.tool("check_health", "Check database health",
                "Connections against max_connections, vacuum and analyze age, table and index bloat, cache hit rate, replication lag, "
                        + "long-running queries, lock waits, database size, growth and disk forecast (from samples kept between runs). Readings past "
                        + "their thresholds come back as findings with a fix. Never changes the database.",
                """
                {"type": "object", "properties": {
                  %s
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.STANDARD, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            io.dbwarden.advise.Health.Report r = warden.health(a.string("database", null)).check();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("database", r.database());
            out.put("findings", r.findings().stream().map(AdvisorRows::row).toList());
            out.put("metrics", r.metrics());
            return ToolResults.untrusted("Health of " + r.database() + ": " + r.findings().size() + " finding(s).", out);
        });
    }

    private McpTool checkIntegrity() {
        var tool = CoreTools.tool("check_integrity", "Check data integrity",
                "Find the rows that break NOT VALID constraints, orphans of *_id columns that have no foreign key, and violations "
                        + "of the data checks declared in dbwarden.yaml (not null, unique, accepted values, ranges, references, "
                        + "freshness, custom SQL). Read-only, time-bounded, samples huge tables; returns counts and example rows.",
                """
                {"type": "object", "properties": {
                  %s
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.STANDARD, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            io.dbwarden.advise.Integrity.Report r = warden.integrity(a.string("database", null)).check();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("database", r.database());
            out.put("findings", r.findings().stream().map(AdvisorRows::row).toList());
            out.put("checks", r.results());
            return ToolResults.untrusted("Integrity of " + r.database() + ": " + r.findings().size() + " finding(s).", out);
        });
    }

    private McpTool getAuditLog() {
        var tool = CoreTools.tool("get_audit_log", "Read the audit trail",
                "dbwarden's own tool calls and CLI commands (caller, arguments with secrets removed, outcome), the DDL events the schema monitor "
                        + "captured, and the row changes of tables audited with dbwarden audit enable, newest first. Filter by kind and time.",
                """
                {"type": "object", "properties": {
                  %s,
                  "kind": {"type": "string", "enum": ["tool_call", "ddl", "row_change", "all"], "default": "all"},
                  "since": {"type": "string", "description": "ISO-8601 instant, e.g. 2026-01-31T00:00:00Z."},
                  "limit": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.STANDARD, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            String kind = a.string("kind", "all");
            var since = io.dbwarden.advise.AuditLog.since(a.string("since", null));
            int limit = a.integer("limit", 100, 1, 1000);
            Warden.Services s = warden.forConnection(a.string("database", null));
            List<io.dbwarden.advise.AuditLog.Entry> entries = new java.util.ArrayList<>();
            if (!kind.equals("row_change")) {
                entries.addAll(new io.dbwarden.advise.AuditLog(warden.state()).query(s.database().name(), kind.equals("all") ? null : kind, since, limit));
            }
            if (kind.equals("row_change") || kind.equals("all")) entries.addAll(new io.dbwarden.advise.RowAudit(s.database()).changes(since, limit));
            entries = io.dbwarden.advise.AuditLog.newestFirst(entries, limit);
            return ToolResults.untrusted("Audit trail: " + entries.size() + " entries.", Map.of("entries", entries));
        });
    }

    private McpTool runAdvisors() {
        var tool = CoreTools.tool("run_advisors", "Run the security and performance advisors",
                "Lint the database: RLS gaps, exposed views, functions and sensitive columns, per-row auth calls in policies, "
                        + "unindexed foreign keys, duplicate, unused and invalid indexes, bloat, sequences near overflow, wraparound, "
                        + "idle transactions. Each finding has a level, a detail and remediation SQL. Never changes the database.",
                """
                {"type": "object", "properties": {
                  %s,
                  "category": {"type": "array", "items": {"type": "string", "enum": ["security", "performance", "integrity", "resource"]},
                    "description": "Only these categories (default: all)."},
                  "min_level": {"type": "string", "enum": ["critical", "high", "medium", "low", "info"], "description": "Only findings at or above this severity (default: all)."}
                }, "additionalProperties": false}""");
        return new McpTool(tool, McpTool.Profile.STANDARD, false, (arguments, ctx) -> {
            Args a = new Args(arguments);
            Set<Finding.Category> categories = new LinkedHashSet<>();
            for (String c : a.strings("category")) categories.add(Finding.Category.parse(c));
            String min = a.string("min_level", null);
            Advisors.Report r = warden.advisors(a.string("database", null)).run();
            List<Finding> shown = AdvisorRows.filter(r.findings(), categories, min == null ? null : Finding.Severity.parse(min));
            Map<String, Object> out = AdvisorRows.report(r, shown);
            return ToolResults.untrusted("Advisor findings (" + shown.size() + " of " + r.findings().size() + ").", out);
        });
    }
}
