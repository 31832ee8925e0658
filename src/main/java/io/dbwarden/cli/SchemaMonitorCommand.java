package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.catalog.SchemaChange;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.Transition;
import io.dbwarden.monitor.SchemaMonitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code dbwarden schema-monitor}: check the schema once, or follow it with --watch; --accept takes the live schema as expected. */
@Command(name = "schema-monitor", description = "Check the schema against the expected one; --watch keeps following changes.")
final class SchemaMonitorCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--tables", split = ",", description = "Tables to watch (default: monitor.tables, or all).")
    List<String> tables = new ArrayList<>();
    @Option(names = "--watch", description = "Keep following changes until stopped (Ctrl-C).")
    boolean watch;
    @Option(names = "--accept", description = "Accept the live schema as the expected one.")
    boolean accept;

    @Override
    public Integer call() throws InterruptedException {
        Warden warden = new Warden(common.config());
        try {
            SchemaMonitor monitor = warden.monitor(null);
            SchemaMonitor.CheckResult first = accept ? monitor.accept() : monitor.check(tables);
            print(first);
            if (!watch) return 0;
            monitor.addListener(this::printUpdate);
            monitor.start();
            System.err.println("dbwarden: following schema changes (" + monitor.captureMode() + "); Ctrl-C stops.");
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                warden.close();
                forever.countDown();
            }));
            forever.await();
            return 0;
        } finally {
            if (!watch) warden.close();
        }
    }

    private void print(SchemaMonitor.CheckResult r) {
        if (common.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("database", r.connection());
            out.put("expected_schema", r.baseline());
            out.put("changes_since_last_check", r.changes().stream().map(SchemaChange::toString).toList());
            out.put("findings", r.findings().stream().map(f -> Map.of("severity", f.severity().id(), "rule", f.ruleId(),
                    "title", f.title(), "fingerprint", f.fingerprint())).toList());
            Render.json(System.out, out);
            return;
        }
        System.out.println("Expected schema: " + r.baseline());
        if (r.changes().isEmpty()) System.out.println("No change since the last check.");
        else {
            System.out.println("Changes since the last check:");
            r.changes().forEach(c -> System.out.println("  " + c.toString().replace("\n", "\n  ")));
        }
        if (r.findings().isEmpty()) System.out.println("The live schema matches the expected one and the application code.");
        else {
            System.out.println(r.findings().size() + " finding(s): differences from the expected schema, and drift from the application code:");
            r.findings().stream().sorted(Finding.BY_SEVERITY)
                    .forEach(f -> System.out.println("  " + f.severity().id().toUpperCase() + "  " + f.title()));
        }
    }

    private void printUpdate(SchemaMonitor.CheckResult r) {
        if (r.changes().isEmpty() && r.transitions().stream().allMatch(t -> t.kind() == Transition.Kind.SEEN)) return;
        System.out.println("--- " + java.time.Instant.now() + " (" + r.events().size() + " DDL event(s))");
        print(r);
        System.out.flush();
    }
}
