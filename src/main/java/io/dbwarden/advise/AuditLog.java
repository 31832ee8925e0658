package io.dbwarden.advise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.config.Redactor;
import io.dbwarden.state.StateStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The audit trail in the state store: dbwarden's own MCP tool calls and CLI commands (arguments with secrets removed;
 * a CLI command's caller is {@code cli:<OS user>}) and the DDL events the schema monitor captured. get_audit_log and {@code dbwarden audit} read both, newest first.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Argument names whose values are not kept: secrets, and JWT claims (their values identify a user). */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|api_?key|credential|private|jwt|claims).*");
    private static final int MAX_ARGUMENT_CHARS = 2_000;

    private final StateStore state;

    public AuditLog(StateStore state) {
        this.state = state;
    }

    /** One entry: a tool call (tool, caller, arguments, outcome) or a DDL event (command, object, role). */
    public record Entry(String at, String kind, String actor, String action, String subject, String outcome, Map<String, Object> details) {
    }

    public void recordToolCall(String caller, String tool, Map<String, Object> arguments, boolean writes, String outcome, long millis) {
        String args = redactedJson(arguments);
        state.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into tool_call (at, caller, tool, arguments, writes, outcome, millis) values (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, Instant.now().toString());
                ps.setString(2, caller);
                ps.setString(3, tool);
                ps.setString(4, args);
                ps.setInt(5, writes ? 1 : 0);
                ps.setString(6, outcome);
                ps.setLong(7, millis);
                return ps.executeUpdate();
            }
        });
    }

    /** The arguments as JSON with secret-named values masked, URLs' passwords removed, and long values cut. */
    static String redactedJson(Map<String, Object> arguments) {
        Map<String, Object> clean = new LinkedHashMap<>();
        if (arguments != null) {
            arguments.forEach((k, v) -> {
                if (SECRET_NAME.matcher(k).matches()) clean.put(k, "[redacted]");
                else if (v instanceof String s) clean.put(k, cut(Redactor.redact(s)));
                else clean.put(k, v);
            });
        }
        try {
            return cut(JSON.writeValueAsString(clean));
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private static String cut(String s) {
        return s.length() <= MAX_ARGUMENT_CHARS ? s : s.substring(0, MAX_ARGUMENT_CHARS) + "…";
    }

    /** Entries of the given kind (tool_call, ddl or null for both) for a connection's DDL, newest first. */
    public List<Entry> query(String connection, String kind, Instant since, int limit) {
        String from = since == null ? "" : since.toString();
        return state.withConnection(c -> {
            List<Entry> out = new ArrayList<>();
            if (kind == null || kind.equals("tool_call")) {
                try (PreparedStatement ps = c.prepareStatement("select at, caller, tool, arguments, writes, outcome, millis from tool_call "
                        + "where at >= ? order by at desc limit ?")) {
                    ps.setString(1, from);
                    ps.setInt(2, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Map<String, Object> d = new LinkedHashMap<>();
                            d.put("arguments", parse(rs.getString("arguments")));
                            d.put("writes", rs.getInt("writes") == 1);
                            d.put("millis", rs.getLong("millis"));
                            out.add(new Entry(rs.getString("at"), "tool_call", rs.getString("caller"), rs.getString("tool"), null,
                                    rs.getString("outcome"), d));
                        }
                    }
                }
            }
            if (kind == null || kind.equals("ddl")) {
                try (PreparedStatement ps = c.prepareStatement("select occurred_at, command_tag, object_type, object_identity, role_name "
                        + "from ddl_event where connection = ? and occurred_at >= ? order by occurred_at desc limit ?")) {
                    ps.setString(1, connection);
                    ps.setString(2, from);
                    ps.setInt(3, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Map<String, Object> d = new LinkedHashMap<>();
                            d.put("object_type", rs.getString("object_type"));
                            out.add(new Entry(rs.getString("occurred_at"), "ddl", rs.getString("role_name"), rs.getString("command_tag"),
                                    rs.getString("object_identity"), "done", d));
                        }
                    }
                }
            }
            return newestFirst(out, limit);
        });
    }

    /** Entries from several sources merged newest first, at most limit of them. */
    public static List<Entry> newestFirst(List<Entry> entries, int limit) {
        List<Entry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparing(Entry::at).reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** An ISO-8601 instant, or null; a clear error for anything else. */
    public static Instant since(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Instant.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("since must be an ISO-8601 instant such as 2026-01-31T00:00:00Z (got '" + s + "').");
        }
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
