package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.advise.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden audit}: the CLI twin of get_audit_log. */
@Command(name = "audit", description = "Show the audit trail: dbwarden's MCP tool calls, the captured DDL events and the row changes "
        + "of audited tables, newest first.", subcommands = {AuditCommand.Enable.class, AuditCommand.Disable.class})
final class AuditCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--kind", description = "tool_call, ddl, row_change or all (default).")
    String kind = "all";
    @Option(names = "--since", description = "Only entries from this ISO-8601 instant on.")
    String since;
    @Option(names = "--limit", description = "At most this many entries (default 100).")
    int limit = 100;

    @Override
    public Integer call() {
        if (!List.of("tool_call", "ddl", "row_change", "all").contains(kind)) {
            throw new IllegalArgumentException("--kind must be tool_call, ddl, row_change or all.");
        }
        if (limit < 1 || limit > 100_000) throw new IllegalArgumentException("--limit must be from 1 to 100000.");
        try (Warden warden = new Warden(common.config())) {
            String connection = warden.config().connections().isEmpty() ? "default" : warden.forConnection(null).database().name();
            List<AuditLog.Entry> entries = new ArrayList<>();
            if (!kind.equals("row_change")) {
                entries.addAll(new AuditLog(warden.state()).query(connection, kind.equals("all") ? null : kind, AuditLog.since(since), limit));
            }
            if (kind.equals("row_change") || kind.equals("all")) {
                entries.addAll(new io.dbwarden.advise.RowAudit(warden.forConnection(null).database()).changes(AuditLog.since(since), limit));
            }
            entries = AuditLog.newestFirst(entries, limit);
            if (common.json) {
                Render.json(System.out, Map.of("entries", entries));
                return 0;
            }
            List<List<Object>> rows = new ArrayList<>();
            for (AuditLog.Entry e : entries) {
                rows.add(List.of(e.at(), e.kind(), e.actor() == null ? "" : e.actor(), e.action(),
                        e.subject() != null ? e.subject() : String.valueOf(e.details().get("arguments")), e.outcome()));
            }
            Render.table(System.out, List.of("at", "kind", "actor", "action", "subject / arguments", "outcome"), rows);
            System.out.println("(" + entries.size() + " entries)");
            return 0;
        }
    }

    @Command(name = "enable", description = "Record every insert, update and delete on a table (who, when, old and new row); needs allow_writes.")
    static final class Enable implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        CommonOptions common;
        @picocli.CommandLine.Parameters(paramLabel = "TABLE")
        String table;
        @Option(names = "--retention-days", description = "Keep changes this many days (default 90).")
        int retentionDays = 90;

        @Override
        public Integer call() {
            try (Warden warden = new Warden(common.config())) {
                String name = new io.dbwarden.advise.RowAudit(warden.forConnection(null).database()).enable(table, retentionDays);
                System.out.println("Auditing row changes on " + name + " (kept " + retentionDays + " days); read them with: dbwarden audit --kind row_change");
                return 0;
            }
        }
    }

    @Command(name = "disable", description = "Stop recording row changes on a table (the recorded changes stay); needs allow_writes.")
    static final class Disable implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        CommonOptions common;
        @picocli.CommandLine.Parameters(paramLabel = "TABLE")
        String table;

        @Override
        public Integer call() {
            try (Warden warden = new Warden(common.config())) {
                System.out.println("No longer auditing " + new io.dbwarden.advise.RowAudit(warden.forConnection(null).database()).disable(table) + ".");
                return 0;
            }
        }
    }
}
