package io.dbwarden.advise;

import io.dbwarden.findings.Finding;

import java.util.Map;

/**
 * One advisor rule: its stable id, the splinter lint it matches (null for checks splinter lacks), default level,
 * category, title and description, and the .sql file under lints/ that finds it (null for the rules that parse policy
 * expressions in Java). {@code params} binds rule-specific :names in that file, such as the role a shared query checks.
 */
public record LintRule(String id, String splinter, Finding.Severity severity, Finding.Category category, String title,
                       String description, String queryFile, Map<String, Object> params) {

    /** splinter's level for this rule's severity: ERROR, WARN or INFO, so results compare lint for lint. */
    public static String level(Finding.Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "ERROR";
            case MEDIUM -> "WARN";
            case LOW, INFO -> "INFO";
        };
    }

    /** splinter's lint name (without its number), or null. */
    public String splinterName() {
        return splinter == null ? null : splinter.substring(splinter.indexOf(' ') + 1);
    }
}
