package io.dbwarden.cli;

import io.dbwarden.advise.AuditLog;
import io.dbwarden.config.Config;
import io.dbwarden.config.Redactor;
import io.dbwarden.state.StateStore;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts every CLI command in the same audit trail as the MCP tool calls: caller {@code cli:<OS user>}, the command,
 * its arguments (secrets removed by {@link AuditLog}), whether it writes, and its outcome. serve and demo are left
 * out (their tool calls are audited one by one), and so are help and version requests. A state store that cannot
 * take the entry costs a warning on stderr, never the command's own result.
 */
final class CliAudit implements CommandLine.IExecutionStrategy {
    /** Commands that change the database or write project files. */
    private static final Set<String> WRITES = Set.of("apply-migration", "install --apply", "uninstall", "audit enable", "audit disable",
            "generate", "snapshot", "tasks sync");
    private static final Set<String> NOT_AUDITED = Set.of("serve", "demo", "help");

    private final CommandLine.IExecutionStrategy inner;

    CliAudit(CommandLine.IExecutionStrategy inner) {
        this.inner = inner;
    }

    @Override
    public int execute(ParseResult parseResult) {
        ParseResult leaf = parseResult;
        List<String> path = new ArrayList<>();
        boolean help = parseResult.isUsageHelpRequested() || parseResult.isVersionHelpRequested();
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
            path.add(leaf.commandSpec().name());
            help |= leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested();
        }
        if (path.isEmpty() || help || NOT_AUDITED.contains(path.get(0))) {
            return inner.execute(parseResult);
        }
        long start = System.nanoTime();
        String outcome = "error";
        try {
            int code = inner.execute(parseResult);
            outcome = code == 0 ? "ok" : "exit " + code;
            return code;
        } finally {
            record(leaf, String.join(" ", path), outcome, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static void record(ParseResult leaf, String command, String outcome, long millis) {
        CommonOptions common = commonOptions(leaf);
        if (common == null) return;
        Map<String, Object> arguments = arguments(leaf);
        boolean writes = WRITES.contains(command) || (WRITES.contains(command + " --apply") && arguments.containsKey("apply"));
        Config config;
        try {
            config = common.config();
        } catch (io.dbwarden.config.ConfigException e) {
            return; // the command stopped on the same configuration error and said so
        }
        try (StateStore state = StateStore.open(config.stateUrl(), config.projectRoot())) {
            new AuditLog(state).recordToolCall(caller(), command, arguments, writes, outcome, millis);
        } catch (RuntimeException e) {
            System.err.println("dbwarden: the audit trail did not record this command: " + Redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    /** cli, with the OS user where the JVM knows it. */
    static String caller() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "cli" : "cli:" + user;
    }

    /** The options and parameters the user gave, by name (--db becomes db; positional parameters are "args"). */
    static Map<String, Object> arguments(ParseResult leaf) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec o : leaf.matchedOptions()) {
            out.put(o.longestName().replaceFirst("^-+", ""), plain(o));
        }
        List<Object> positional = new ArrayList<>();
        for (ArgSpec p : leaf.matchedPositionals()) positional.add(plain(p));
        if (!positional.isEmpty()) out.put("args", positional.size() == 1 ? positional.get(0) : positional);
        return out;
    }

    private static Object plain(ArgSpec a) {
        Object v = a.getValue();
        return v instanceof Boolean || v instanceof Number || v == null ? v : String.valueOf(v);
    }

    private static CommonOptions commonOptions(ParseResult leaf) {
        for (CommandLine.Model.CommandSpec mixin : leaf.commandSpec().mixins().values()) {
            if (mixin.userObject() instanceof CommonOptions c) return c;
        }
        return null;
    }
}
