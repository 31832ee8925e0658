package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.advise.AdvisorRows;
import io.dbwarden.advise.Health;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden health}: the CLI twin of check_health. Exit 1 when a reading is past its threshold. */
@Command(name = "health", description = "Connections, vacuum, bloat, cache hit rate, replication lag, long queries, locks, size and growth; "
        + "exit 1 when a reading is past its threshold.")
final class HealthCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            Health.Report r = warden.health(null).check();
            if (common.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("database", r.database());
                out.put("findings", r.findings().stream().map(AdvisorRows::row).toList());
                out.put("metrics", r.metrics());
                Render.json(System.out, out);
            } else {
                System.out.println("Health of " + r.database() + ":");
                Render.tree(System.out, r.metrics(), "  ");
                System.out.println(r.findings().isEmpty() ? "\nNo reading is past its threshold." : "\n" + r.findings().size() + " finding(s):");
                Render.findings(System.out, r.findings());
            }
            return r.findings().isEmpty() ? 0 : 1;
        }
    }
}
