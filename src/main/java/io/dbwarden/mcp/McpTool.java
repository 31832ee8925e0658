package io.dbwarden.mcp;

import io.modelcontextprotocol.spec.McpSchema;

import java.util.Map;

/**
 * One MCP tool as dbwarden registers it: its definition, the smallest profile that lists it, whether it writes
 * (write tools are not listed at all in read-only mode), and the handler that adapts a call to one service.
 */
public record McpTool(McpSchema.Tool definition, Profile profile, boolean writes, Handler handler) {

    /** The tool-list profiles: every client pays for the list in tokens on every turn, so the default is small. */
    public enum Profile {
        CORE, STANDARD, ALL;

        public static Profile parse(String s) {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }

        public boolean includes(Profile p) {
            return p.ordinal() <= ordinal();
        }
    }

    @FunctionalInterface
    public interface Handler {
        McpSchema.CallToolResult call(Map<String, Object> arguments, CallContext context);
    }

    /** What a handler may know of the caller: a name for the audit trail, and its MCP session for notifications. */
    public interface CallContext {
        String caller();

        /** The calling session, or null outside MCP. */
        io.modelcontextprotocol.server.McpSyncServerExchange exchange();
    }

    public String name() {
        return definition.name();
    }
}
