package io.dbwarden.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.catalog.SchemaChange;
import io.dbwarden.findings.Finding;
import io.dbwarden.findings.Transition;
import io.dbwarden.monitor.SchemaMonitor;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;

import java.time.Duration;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Pushes what the schema monitor sees to MCP clients: {@code notifications/resources/updated} for the schema
 * resources a client subscribed to, and, for sessions that asked with alert_on_changes, a logging notification per
 * check with its changes and the findings that opened, reopened or resolved.
 */
final class ChangeAlerts implements Consumer<SchemaMonitor.CheckResult> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaResources resources;
    private final Set<String> subscribers = ConcurrentHashMap.newKeySet();
    private volatile McpSyncServer server;
    private volatile McpServerTransportProviderBase transport;

    ChangeAlerts(SchemaResources resources) {
        this.resources = resources;
    }

    /** The server exists only after the tools that use this are built. */
    void attach(McpSyncServer mcp, McpServerTransportProviderBase provider) {
        this.server = mcp;
        this.transport = provider;
    }

    /**
     * Alerts go to the session, not to the exchange of the call that asked: on Streamable HTTP that call's stream is
     * closed once it has answered, and later messages travel on the session's own stream.
     */
    void subscribe(McpSyncServerExchange exchange) {
        subscribers.add(exchange.sessionId());
    }

    void unsubscribe(McpSyncServerExchange exchange) {
        subscribers.remove(exchange.sessionId());
    }

    @Override
    public void accept(SchemaMonitor.CheckResult result) {
        McpSyncServer server = this.server;
        if (server == null) return;
        if (!result.changes().isEmpty()) {
            boolean listChanged = false;
            for (SchemaChange c : result.changes()) {
                boolean relation = c.relation() == null && (c.objectType() == SchemaChange.ObjectType.TABLE
                        || c.objectType() == SchemaChange.ObjectType.VIEW || c.objectType() == SchemaChange.ObjectType.MATERIALIZED_VIEW);
                if (!relation || c.action() == SchemaChange.Action.ALTERED) continue;
                String name = c.schema() + "." + c.name();
                if (c.action() == SchemaChange.Action.ADDED) server.addResource(resources.tableResource(name));
                else server.removeResource(SchemaResources.TABLE_PREFIX + name);
                listChanged = true;
            }
            if (listChanged) server.notifyResourcesListChanged();
            Set<String> uris = new LinkedHashSet<>();
            uris.add(SchemaResources.SCHEMA_URI);
            for (SchemaChange c : result.changes()) {
                String table = c.relation() != null ? c.relation() : c.name();
                if (c.schema() != null) uris.add(SchemaResources.TABLE_PREFIX + c.schema() + "." + table);
            }
            for (String uri : uris) server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri));
        }
        List<Transition> news = result.transitions().stream().filter(t -> t.kind() != Transition.Kind.SEEN).toList();
        if (subscribers.isEmpty() || (result.changes().isEmpty() && news.isEmpty())) return;
        McpSchema.LoggingMessageNotification message = McpSchema.LoggingMessageNotification.builder()
                .level(news.stream().anyMatch(t -> t.kind() != Transition.Kind.RESOLVED && t.finding().severity().atLeast(Finding.Severity.HIGH))
                        ? McpSchema.LoggingLevel.WARNING : McpSchema.LoggingLevel.INFO)
                .logger("dbwarden.schema_monitor")
                .data(render(result, news))
                .build();
        for (String session : subscribers) {
            try {
                transport.notifyClient(session, McpSchema.METHOD_NOTIFICATION_MESSAGE, message).block(Duration.ofSeconds(5));
            } catch (RuntimeException gone) {
                subscribers.remove(session);
            }
        }
    }

    private static String render(SchemaMonitor.CheckResult result, List<Transition> news) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "schema_change");
        m.put("database", result.connection());
        m.put("changes", result.changes().stream().map(SchemaChange::toString).toList());
        m.put("findings", news.stream().map(t -> Map.of("transition", t.kind().id(), "severity", t.finding().severity().id(),
                "rule", t.finding().ruleId(), "title", t.finding().title())).toList());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
