package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.config.ConnectionUrl;
import io.dbwarden.demo.DemoDatabase;
import io.dbwarden.demo.EmbeddedServer;
import io.dbwarden.mcp.HttpTransportServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code dbwarden demo}: starts an embedded PostgreSQL with the sample field-operations database, runs a short
 * workload so there are query statistics to look at, and serves it over MCP.
 */
@Command(name = "demo", description = "Run dbwarden on an embedded demo database (Streamable HTTP by default).")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    HttpOptions httpOptions;

    @Option(names = "--stdio", description = "Serve MCP on stdin/stdout instead of HTTP.")
    boolean stdio;

    @Option(names = "--pg-version", paramLabel = "MAJOR", description = "PostgreSQL major for the embedded server (default: demo.pg_version, 17).")
    Integer pgVersion;

    @Option(names = "--project", paramLabel = "DIR", description = "Project root holding dbwarden.yaml (default: current directory).")
    java.nio.file.Path project = java.nio.file.Path.of(".");

    @Override
    public Integer call() throws Exception {
        Config base = httpOptions.apply(io.dbwarden.config.ConfigLoader.load(project));
        int major = pgVersion != null ? pgVersion : base.demo().pgVersion();
        if (major < 14 || major > 17) throw new IllegalArgumentException("--pg-version must be 14, 15, 16 or 17 (got " + major + ").");
        PrintStream log = System.err;
        log.println("dbwarden demo: starting embedded PostgreSQL " + major + " …");
        long t0 = System.nanoTime();
        EmbeddedServer pg = EmbeddedServer.start(major, base.demo().port());
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "dbwarden-demo-postgres"));
        pg.createDatabase(DemoDatabase.NAME);
        String url = pg.url(DemoDatabase.NAME);
        ConnectionUrl parsed = ConnectionUrl.parse(url);
        log.println("dbwarden demo: loading the sample database …");
        DemoDatabase.load(parsed.jdbcUrl(), parsed.user());
        int ran = DemoDatabase.runWorkload(parsed.jdbcUrl(), parsed.user(), 3);
        log.printf("dbwarden demo: database %s ready on port %d (%d workload statements, %.1f s)%n", DemoDatabase.NAME,
                pg.port(), ran, (System.nanoTime() - t0) / 1e9);
        Warden warden = new Warden(base.withConnection(Config.DEFAULT_CONNECTION, url));
        if (stdio) return ServeCommand.serve(warden, false, null);
        return ServeCommand.serve(warden, true, port -> printClientConfig(System.out, base.http().host(), port));
    }

    static void printClientConfig(PrintStream out, String host, int port) {
        String endpoint = "http://" + host + ":" + port + HttpTransportServer.ENDPOINT;
        out.println();
        out.println("dbwarden is serving MCP at " + endpoint);
        out.println();
        out.println("Claude Desktop (claude_desktop_config.json) — stdio, started by the client:");
        out.println("""
                  {
                    "mcpServers": {
                      "dbwarden": { "command": "%s", "args": ["demo", "--stdio"] }
                    }
                  }""".formatted(launcherPath()));
        out.println();
        out.println("Cursor (.cursor/mcp.json) — Streamable HTTP:");
        out.println("""
                  {
                    "mcpServers": {
                      "dbwarden": { "url": "%s" }
                    }
                  }""".formatted(endpoint));
        out.println();
        out.println("Any MCP client — Streamable HTTP endpoint: " + endpoint);
        out.println("  for example: npx @modelcontextprotocol/inspector --cli " + endpoint + " --transport http --method tools/list");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static String launcherPath() {
        String home = System.getProperty("dbwarden.home");
        return home == null ? "dbwarden" : java.nio.file.Path.of(home, "dbwarden").toAbsolutePath().normalize().toString();
    }
}
