package io.dbwarden.advise;

import io.dbwarden.findings.Finding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Advisor findings in splinter's output shape (name, title, level, facing, categories, description, detail,
 * remediation, metadata, cache_key) plus dbwarden's severity and subject, so results compare lint for lint; and the
 * filter both surfaces use.
 */
public final class AdvisorRows {
    private AdvisorRows() {
    }

    /** Findings of the given categories (empty: all) at or above minSeverity (null: all). */
    public static List<Finding> filter(List<Finding> findings, Set<Finding.Category> categories, Finding.Severity minSeverity) {
        return findings.stream()
                .filter(f -> categories.isEmpty() || categories.contains(f.category()))
                .filter(f -> minSeverity == null || f.severity().atLeast(minSeverity))
                .toList();
    }

    /** A run's result as both surfaces print it: totals, notes and the shown findings as rows. */
    public static Map<String, Object> report(Advisors.Report r, List<Finding> shown) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", r.database());
        out.put("exposed_schemas", r.exposedSchemas());
        out.put("total", r.findings().size());
        out.put("shown", shown.size());
        out.put("millis", r.millis());
        out.put("notes", r.notes());
        out.put("findings", shown.stream().map(AdvisorRows::row).toList());
        return out;
    }

    public static Map<String, Object> row(Finding f) {
        LintRule rule = LintRules.ALL.stream().filter(r -> r.id().equals(f.ruleId())).findFirst().orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.ruleId());
        m.put("splinter", rule == null ? null : rule.splinterName());
        m.put("title", f.title());
        m.put("level", LintRule.level(f.severity()));
        m.put("severity", f.severity().id());
        m.put("facing", "EXTERNAL");
        m.put("categories", List.of(f.category().name().toUpperCase(Locale.ROOT)));
        m.put("subject", f.subject());
        m.put("description", rule == null ? null : rule.description());
        m.put("detail", f.detail());
        m.put("remediation", f.remediation());
        m.put("metadata", f.evidence());
        m.put("cache_key", f.ruleId() + "_" + f.fingerprint());
        return m;
    }

    /** The rule list, for documentation and for {@code dbwarden advisors --rules}. */
    public static List<Map<String, Object>> rules() {
        return LintRules.ALL.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("splinter", r.splinter());
            m.put("level", LintRule.level(r.severity()));
            m.put("severity", r.severity().id());
            m.put("category", r.category().id());
            m.put("title", r.title());
            m.put("description", r.description());
            return m;
        }).toList();
    }
}
