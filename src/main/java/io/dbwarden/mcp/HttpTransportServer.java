package io.dbwarden.mcp;

import io.dbwarden.config.Config;
import io.dbwarden.config.ConfigException;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.time.Duration;
import java.util.EnumSet;

/**
 * Serves MCP over Streamable HTTP at /mcp with Jetty. It binds 127.0.0.1 unless told otherwise, and refuses to bind
 * anywhere else without a bearer token.
 */
public final class HttpTransportServer implements AutoCloseable {
    public static final String ENDPOINT = "/mcp";

    private final Server jetty;
    private final McpSyncServer mcp;

    private HttpTransportServer(Server jetty, McpSyncServer mcp) {
        this.jetty = jetty;
        this.mcp = mcp;
    }

    public static HttpTransportServer start(McpServerFactory factory, Config.Http http) {
        if (!http.loopback() && (http.token() == null || http.token().length() < 16)) {
            throw new ConfigException("Refusing to serve HTTP on " + http.host() + " without a bearer token: set http.token "
                    + "(or DBWARDEN_HTTP_TOKEN) to a secret of at least 16 characters, or bind 127.0.0.1.");
        }
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(ENDPOINT)
                .maxRequestSize(http.maxRequestBytes())
                .keepAliveInterval(Duration.ofSeconds(30))
                .build();
        McpSyncServer mcp = factory.streamable(transport);
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(http.host());
        connector.setPort(http.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, ENDPOINT);
        FilterHolder gate = new FilterHolder(new HttpGate(http));
        gate.setAsyncSupported(true);
        context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.setStopAtShutdown(true);
        try {
            jetty.start();
        } catch (Exception e) {
            mcp.close();
            throw new ConfigException("Cannot serve HTTP on " + http.host() + ":" + http.port() + ": " + e.getMessage()
                    + ". Is the port in use? Pick another with --port.");
        }
        return new HttpTransportServer(jetty, mcp);
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    public McpSyncServer mcp() {
        return mcp;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        try {
            mcp.closeGracefully();
            jetty.stop();
        } catch (Exception e) {
            // stopping: nothing left to save
        }
    }
}
