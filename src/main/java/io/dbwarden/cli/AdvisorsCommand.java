package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.advise.AdvisorRows;
import io.dbwarden.advise.Advisors;
import io.dbwarden.findings.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code dbwarden advisors}: the CLI twin of run_advisors. Exit 1 only with --fail-on and a finding at that level. */
@Command(name = "advisors", description = "Run the security and performance lints; findings are recorded and resolve when fixed.")
final class AdvisorsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--category", split = ",", description = "Only these categories: security, performance, integrity, resource.")
    List<String> categories = new ArrayList<>();
    @Option(names = "--level", description = "Only findings at or above this severity: critical, high, medium, low or info.")
    String level;
    @Option(names = "--fail-on", description = "Exit 1 when a finding is at or above this severity.")
    String failOn;
    @Option(names = "--rules", description = "List the rules instead of running them.")
    boolean rules;

    @Override
    public Integer call() {
        if (rules) {
            if (common.json) Render.json(System.out, AdvisorRows.rules());
            else Render.table(System.out, List.of("id", "level", "category", "splinter", "title"), AdvisorRows.rules().stream()
                    .map(r -> List.<Object>of(r.get("id"), r.get("level"), r.get("category"), r.get("splinter") == null ? "-" : r.get("splinter"),
                            r.get("title"))).toList());
            return 0;
        }
        Set<Finding.Category> wanted = new LinkedHashSet<>();
        for (String c : categories) wanted.add(Finding.Category.parse(c));
        Finding.Severity min = level == null ? null : Finding.Severity.parse(level);
        Finding.Severity fail = failOn == null ? null : Finding.Severity.parse(failOn);
        try (Warden warden = new Warden(common.config())) {
            Advisors.Report r = warden.advisors(null).run();
            List<Finding> shown = AdvisorRows.filter(r.findings(), wanted, min);
            if (common.json) {
                Map<String, Object> out = AdvisorRows.report(r, shown);
                Render.json(System.out, out);
            } else {
                System.out.println(shown.size() + " advisor finding(s) on " + r.database() + " (exposed schemas: "
                        + String.join(", ", r.exposedSchemas()) + "; " + r.millis() + " ms):");
                Render.findings(System.out, shown);
                for (String n : r.notes()) System.out.println("\nnote: " + n);
            }
            return fail != null && shown.stream().anyMatch(f -> f.severity().atLeast(fail)) ? 1 : 0;
        }
    }
}
