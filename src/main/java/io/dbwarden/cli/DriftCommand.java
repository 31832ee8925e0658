package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.findings.Finding;
import io.dbwarden.monitor.SchemaMonitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dbwarden drift}: for CI. Compares the live schema with what the application expects (its supabase-js calls,
 * its committed types file, the expected snapshot) and exits 1 when anything differs.
 */
@Command(name = "drift", description = "Check the database against the application code, types file and expected schema; exit 1 on drift.")
final class DriftCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--tables", split = ",", description = "Only these tables (default: all).")
    List<String> tables = new ArrayList<>();

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            SchemaMonitor.CheckResult r = warden.monitor(null).check(tables);
            List<Finding> drift = r.findings().stream()
                    .sorted(Finding.BY_SEVERITY).toList();
            if (common.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("database", r.connection());
                out.put("expected_schema", r.baseline());
                out.put("drift", !drift.isEmpty());
                out.put("findings", drift.stream().map(f -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("severity", f.severity().id());
                    m.put("rule", f.ruleId());
                    m.put("subject", f.subject());
                    m.put("title", f.title());
                    m.put("detail", f.detail());
                    m.put("remediation", f.remediation());
                    m.put("evidence", f.evidence());
                    return m;
                }).toList());
                Render.json(System.out, out);
            } else if (drift.isEmpty()) {
                System.out.println("No drift: the database matches the application code and " + r.baseline() + ".");
            } else {
                System.out.println(drift.size() + " drift finding(s) (expected schema: " + r.baseline() + "):");
                Render.findings(System.out, drift);
            }
            return drift.isEmpty() ? 0 : 1;
        }
    }
}
