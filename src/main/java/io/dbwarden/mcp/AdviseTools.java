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
        return List.of(runAdvisors());
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
