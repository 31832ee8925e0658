package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.query.AppRole;
import io.dbwarden.query.IndexAdvisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden recommend-indexes}: the CLI twin of the recommend_indexes tool. */
@Command(name = "recommend-indexes", description = "Indexes to create (costed over real parameter values, HypoPG when present) and to drop.")
final class RecommendIndexesCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--sql", paramLabel = "QUERY", description = "Advise for this one statement instead of the workload of the window.")
    String sql;
    @Option(names = "--budget-mb", paramLabel = "MB", description = "Storage for new indexes (default: query.index_budget_mb, 1024).")
    Double budgetMb;
    @Option(names = "--role", paramLabel = "ROLE", description = "Plan as this API role under row-level security (e.g. authenticated).")
    String role;
    @Option(names = "--jwt-claims", paramLabel = "JSON", description = "JWT claims the policies read, e.g. '{\"sub\": \"<user uuid>\"}'; implies --role authenticated.")
    String jwtClaims;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            IndexAdvisor.Report r = warden.indexAdvisor(null).recommend(new IndexAdvisor.Options(sql,
                    budgetMb != null ? budgetMb : warden.indexBudgetMb(), AppRole.of(role, jwtClaims)));
            return Render.report(common.json, r.asMap(), RecommendIndexesCommand::print);
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> m) {
        System.out.println("Method: " + m.get("method") + ". " + m.get("method_note"));
        if (m.get("planned_as") instanceof Map<?, ?> as) System.out.println("Planned as role " + as.get("role") + " with JWT claims " + as.get("claims") + ".");
        System.out.println("Scope: " + m.get("scope") + ", " + m.get("statements_analyzed") + " statements analyzed, budget " + m.get("budget_mb") + " MB.");
        List<Map<String, Object>> recs = (List<Map<String, Object>>) m.get("recommendations");
        System.out.println("\nCreate (" + recs.size() + "):");
        for (Map<String, Object> r : recs) {
            Map<String, Object> w = (Map<String, Object>) r.get("write_overhead");
            System.out.println("\n" + r.get("create"));
            System.out.println("  method " + r.get("method") + ", ~" + (((Number) r.get("estimated_size_bytes")).longValue() / 1024) + " kB, writes to the table in the window: "
                    + w.get("table_writes_in_window") + (w.containsKey("table_writes_per_second") ? " (" + w.get("table_writes_per_second") + "/s)" : "")
                    + ", write cost " + w.get("estimated_cost") + (w.containsKey("stops_hot_updates_of") ? ", stops HOT updates of " + w.get("stops_hot_updates_of") : ""));
            for (Map<String, Object> h : (List<Map<String, Object>>) r.get("helps")) {
                System.out.println("  helps (" + h.get("calls") + " calls, cost " + h.get("cost_before") + " -> " + h.get("cost_after") + "): "
                        + String.valueOf(h.get("query")).replaceAll("\\s+", " "));
            }
        }
        List<Map<String, Object>> drops = (List<Map<String, Object>>) m.get("drops");
        System.out.println("\nDrop (" + drops.size() + "):");
        for (Map<String, Object> d : drops) System.out.println("  " + d.get("drop") + "  -- " + d.get("reason"));
        if (m.get("notes") instanceof List<?> notes) notes.forEach(n -> System.out.println("note: " + n));
    }
}
