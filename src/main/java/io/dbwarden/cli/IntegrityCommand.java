package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.advise.AdvisorRows;
import io.dbwarden.advise.Integrity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden integrity}: the CLI twin of check_integrity. Exit 1 when a check finds violating rows. */
@Command(name = "integrity", description = "Rows that break NOT VALID constraints, orphans of *_id columns, and the data checks in "
        + "dbwarden.yaml; exit 1 when any check finds violating rows.")
final class IntegrityCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            Integrity.Report r = warden.integrity(null).check();
            if (common.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("database", r.database());
                out.put("findings", r.findings().stream().map(AdvisorRows::row).toList());
                out.put("checks", r.results());
                Render.json(System.out, out);
            } else {
                List<List<Object>> rows = new ArrayList<>();
                for (Integrity.Result c : r.results()) {
                    rows.add(List.of(c.status(), c.kind(), c.subject(), (c.capped() ? ">" : "") + c.violations() + (c.sampled() ? " (sampled)" : ""),
                            c.message() == null ? "" : c.message()));
                }
                Render.table(System.out, List.of("status", "kind", "subject", "violations", "message"), rows);
                Render.findings(System.out, r.findings());
            }
            return r.findings().isEmpty() ? 0 : 1;
        }
    }
}
