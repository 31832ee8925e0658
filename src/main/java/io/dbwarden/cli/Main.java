package io.dbwarden.cli;

import io.dbwarden.config.ConfigException;
import io.dbwarden.config.Redactor;
import io.dbwarden.db.DatabaseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The dbwarden command line. Each subcommand parses its options, calls one service and renders the result; errors
 * a user can cause become one line on stderr and a non-zero exit, never a stack trace.
 */
@Command(name = "dbwarden", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Looks after a PostgreSQL or Supabase database for an app team and its AI agents.",
        subcommands = {DemoCommand.class, ServeCommand.class, SnapshotCommand.class, InstallCommand.class,
                UninstallCommand.class, SchemaMonitorCommand.class, DriftCommand.class, FindingsCommand.class,
                MigrationValidatorCommand.class, CheckCommand.class, ApplyMigrationCommand.class, GenerateCommand.class, TypesCommand.class, TasksCommand.class, ListObjectsCommand.class, DescribeObjectCommand.class, ExecuteSqlCommand.class, ExplainQueryCommand.class, QueryAnalyzerCommand.class, RecommendIndexesCommand.class,
                AdvisorsCommand.class,
                HealthCommand.class,
                IntegrityCommand.class,
                AuditCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int USAGE_ERROR = 3;
    /** Commands whose exit code is a verdict (0 safe, 1 unsafe, 2 fails): anything that stops them is a 3. */
    private static final java.util.Set<String> VERDICT_COMMANDS = java.util.Set.of("check", "migration-validator");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(args);
        // A stdio server returns from its command and lives on in the transport's thread; exit only on failure or
        // when the command finished its work.
        if (code != ServeCommand.KEEP_RUNNING) System.exit(code);
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // 1 and 2 mean unsafe and fails to the migration commands, so a usage error is 3 everywhere.
        cli.setParameterExceptionHandler((ex, badArgs) -> {
            ex.getCommandLine().getErr().println("dbwarden: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Run 'dbwarden " + ex.getCommandLine().getCommandName().replace("dbwarden", "").strip()
                    + " --help' for the options.");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code = VERDICT_COMMANDS.contains(cmd.getCommandName()) ? USAGE_ERROR : 1;
            Throwable t = e;
            if (t instanceof java.io.UncheckedIOException && t.getCause() != null) t = t.getCause();
            if (t instanceof ConfigException || t instanceof DatabaseException || t instanceof IllegalArgumentException
                    || t instanceof IllegalStateException) {
                cmd.getErr().println("dbwarden: " + Redactor.redact(t.getMessage()));
                return code;
            }
            cmd.getErr().println("dbwarden: unexpected error: " + Redactor.redact(String.valueOf(t.getMessage())));
            t.printStackTrace(cmd.getErr());
            return code;
        });
        cli.setExecutionStrategy(new CliAudit(new CommandLine.RunLast()));
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"dbwarden " + io.dbwarden.mcp.McpServerFactory.version()};
        }
    }
}
