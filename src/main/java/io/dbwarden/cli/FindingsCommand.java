package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.FindingQuery;
import io.dbwarden.findings.StoredFinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden findings}: the CLI twin of get_findings. */
@Command(name = "findings", description = "List recorded findings, filtered by category, severity, status and object.")
final class FindingsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--category", description = "schema-drift, performance, security, integrity, migration or resource.")
    String category;
    @Option(names = "--severity", description = "Minimum severity: critical, high, medium, low or info.")
    String severity;
    @Option(names = "--status", defaultValue = "open", description = "open (default), resolved or all.")
    String status;
    @Option(names = "--object", description = "Only findings whose object or title contains this text.")
    String object;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            String connection = warden.forConnection(null).database().name();
            List<StoredFinding> found = warden.findings().query(new FindingQuery(connection, null,
                    status.equals("all") ? null : StoredFinding.Status.parse(status),
                    category == null ? null : Finding.Category.parse(category),
                    severity == null ? null : Finding.Severity.parse(severity), object));
            if (common.json) {
                Render.json(System.out, Map.of("total", found.size(), "findings", found.stream().map(s -> Map.of(
                        "severity", s.finding().severity().id(), "rule", s.finding().ruleId(), "category", s.finding().category().id(),
                        "subject", s.finding().subject(), "title", s.finding().title(), "status", s.status().id(),
                        "first_seen", s.firstSeen().toString(), "last_seen", s.lastSeen().toString(),
                        "fingerprint", s.finding().fingerprint())).toList()));
                return 0;
            }
            List<List<Object>> rows = new ArrayList<>();
            for (StoredFinding s : found) {
                rows.add(List.of(s.finding().severity().id(), s.status().id(), s.finding().ruleId(), s.finding().title()));
            }
            Render.table(System.out, List.of("severity", "status", "rule", "title"), rows);
            System.out.println("(" + found.size() + " finding(s))");
            return 0;
        }
    }
}
