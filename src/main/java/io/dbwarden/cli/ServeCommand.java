package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.config.Config;
import io.dbwarden.mcp.HttpTransportServer;
import io.dbwarden.mcp.McpServerFactory;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code dbwarden serve}: serves a real database over MCP, on stdio or on Streamable HTTP. */
@Command(name = "serve", description = "Serve a database over MCP (stdio or Streamable HTTP).")
final class ServeCommand implements Callable<Integer> {
    /** Returned when the stdio transport keeps the JVM alive after the command returns. */
    static final int KEEP_RUNNING = Integer.MIN_VALUE;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true)
    Transport transport = new Transport();

    static final class Transport {
        @Option(names = "--stdio", description = "Serve MCP on stdin/stdout (the default).")
        boolean stdio;
        @Option(names = "--http", description = "Serve MCP over Streamable HTTP.")
        boolean http;
    }

    @Mixin
    HttpOptions httpOptions;

    @Override
    public Integer call() throws Exception {
        Config config = httpOptions.apply(common.config());
        config.connection(Config.DEFAULT_CONNECTION);
        return serve(new Warden(config), transport.http, null);
    }

    /** Serves until stdin closes (stdio) or the process is stopped (HTTP). banner, if set, is printed once HTTP is up. */
    static int serve(Warden warden, boolean http, java.util.function.IntConsumer banner) throws InterruptedException {
        McpServerFactory factory = new McpServerFactory(warden);
        if (!http) {
            factory.stdio(new StdioServerTransportProvider(McpJsonDefaults.getMapper()));
            return KEEP_RUNNING;
        }
        HttpTransportServer server = HttpTransportServer.start(factory, warden.config().http());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            warden.close();
        }, "dbwarden-shutdown"));
        if (banner != null) banner.accept(server.port());
        else System.err.println("dbwarden: serving MCP at http://" + warden.config().http().host() + ":" + server.port()
                + HttpTransportServer.ENDPOINT + " (Ctrl-C stops)");
        server.join();
        return 0;
    }
}
