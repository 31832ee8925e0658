package io.dbwarden.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.StoredFinding;

import java.time.Instant;

/**
 * How a finding reads as a TaskMaster task: priority from severity, details with the evidence and the remediation,
 * a testStrategy naming the dbwarden command that verifies the fix, and the fingerprint in metadata.dbwarden so the
 * same finding never makes a second task.
 */
final class FindingTasks {
    static final String METADATA_KEY = "dbwarden";

    private FindingTasks() {
    }

    /** TaskMaster's legacy CLI accepts only high, medium and low, so critical maps to high. */
    static String priority(Finding.Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "high";
            case MEDIUM -> "medium";
            case LOW, INFO -> "low";
        };
    }

    /** The command whose clean result proves the fix, by the scope (the check) that produced the finding. */
    static String validationCommand(String scope, String ruleId) {
        if ("types-file-stale".equals(ruleId)) return "dbwarden generate --check";
        if (scope == null) return "dbwarden schema-monitor";
        return switch (scope) {
            case "schema-monitor" -> "dbwarden check && dbwarden schema-monitor";
            case "drift" -> "dbwarden drift";
            case "migration-validator", "check" -> "dbwarden check";
            default -> "dbwarden " + scope;
        };
    }

    static ObjectNode newTask(long id, StoredFinding s, Instant now) {
        Finding f = s.finding();
        ObjectNode t = TasksFile.JSON.createObjectNode();
        t.put("id", id);
        t.put("title", clip(f.title(), 200));
        t.put("description", "dbwarden " + f.severity().id() + " " + f.category().id() + " finding on " + f.subject()
                + " (database '" + s.connection() + "', rule " + f.ruleId() + ").");
        t.put("details", details(id, s));
        t.put("testStrategy", "dbwarden verifies this task: after the fix, run `" + validationCommand(s.scope(), f.ruleId())
                + "`; it must no longer report finding " + f.fingerprint() + " (" + f.ruleId() + " on " + f.subject()
                + "). Then `dbwarden tasks sync` marks this task done with the time it was verified.");
        t.put("status", "pending");
        t.putArray("dependencies");
        t.put("priority", priority(f.severity()));
        t.putArray("subtasks");
        t.put("createdAt", now.toString());
        t.put("updatedAt", now.toString());
        ObjectNode m = t.putObject("metadata").putObject(METADATA_KEY);
        m.put("fingerprint", f.fingerprint());
        m.put("connection", s.connection());
        m.put("rule", f.ruleId());
        m.put("scope", s.scope());
        m.put("severity", f.severity().id());
        m.put("subject", f.subject());
        m.put("findingStatus", s.status().id());
        m.put("reopened", s.reopened());
        m.put("syncedAt", now.toString());
        return t;
    }

    /** Markdown, which task-master show renders: fenced blocks keep the evidence and SQL readable there. */
    private static String details(long id, StoredFinding s) {
        Finding f = s.finding();
        StringBuilder d = new StringBuilder();
        if (f.detail() != null && !f.detail().isBlank()) d.append(f.detail().strip()).append("\n\n");
        d.append("Evidence (first seen ").append(s.firstSeen()).append(", last seen ").append(s.lastSeen()).append("):\n\n");
        d.append("```json\n").append(pretty(f.evidence())).append("\n```\n\n");
        d.append("Remediation:\n\n").append(f.remediation() == null || f.remediation().isBlank()
                ? "(none suggested; see the evidence)" : f.remediation().strip()).append("\n\n");
        d.append("Schema, generated types and routes for this task: `dbwarden tasks context ").append(id).append("` (MCP: task_context).");
        return clip(d.toString(), 20_000);
    }

    private static String pretty(JsonNode evidence) {
        try {
            return clip(TasksFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(evidence), 8_000);
        } catch (JsonProcessingException e) {
            return String.valueOf(evidence);
        }
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
