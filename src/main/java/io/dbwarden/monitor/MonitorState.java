package io.dbwarden.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.catalog.SchemaChange;
import io.dbwarden.state.StateStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The schema monitor's memory in the state store: how far into the target's event table it has processed (so a
 * restart replays exactly what it missed), the DDL events it saw, and the typed changes each check found.
 */
final class MonitorState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore state;
    private final String connection;

    MonitorState(StateStore state, String connection) {
        this.state = state;
        this.connection = connection;
    }

    /** The last processed event id, or -1 before the first run. */
    long cursor() {
        return state.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select last_event_id from monitor_cursor where connection = ?")) {
                ps.setString(1, connection);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    /** Records processed events and moves the cursor past them, in one transaction. */
    void advance(List<DdlEvent> events, long newCursor) {
        state.inTransaction(c -> {
            for (DdlEvent e : events) {
                try (PreparedStatement ps = c.prepareStatement("insert into ddl_event (connection, event_id, occurred_at, command_tag, "
                        + "object_type, object_identity, role_name) select ?, ?, ?, ?, ?, ?, ? where not exists "
                        + "(select 1 from ddl_event where connection = ? and event_id = ?)")) {
                    ps.setString(1, connection);
                    ps.setLong(2, e.id());
                    ps.setString(3, e.occurredAt().toString());
                    ps.setString(4, e.commandTag());
                    ps.setString(5, e.objectType());
                    ps.setString(6, e.objectIdentity());
                    ps.setString(7, e.roleName());
                    ps.setString(8, connection);
                    ps.setLong(9, e.id());
                    ps.executeUpdate();
                }
            }
            int updated;
            try (PreparedStatement ps = c.prepareStatement("update monitor_cursor set last_event_id = ?, updated_at = ? where connection = ?")) {
                ps.setLong(1, newCursor);
                ps.setString(2, Instant.now().toString());
                ps.setString(3, connection);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("insert into monitor_cursor (connection, last_event_id, updated_at) values (?, ?, ?)")) {
                    ps.setString(1, connection);
                    ps.setLong(2, newCursor);
                    ps.setString(3, Instant.now().toString());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    void recordChanges(Long snapshotId, List<SchemaChange> changes) {
        if (changes.isEmpty()) return;
        Instant now = Instant.now();
        state.inTransaction(c -> {
            for (SchemaChange ch : changes) {
                try (PreparedStatement ps = c.prepareStatement("insert into schema_change (connection, detected_at, snapshot_id, action, "
                        + "object_type, subject, changes) values (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, connection);
                    ps.setString(2, now.toString());
                    if (snapshotId == null) ps.setNull(3, java.sql.Types.BIGINT);
                    else ps.setLong(3, snapshotId);
                    ps.setString(4, ch.action().name().toLowerCase());
                    ps.setString(5, ch.objectType().name().toLowerCase());
                    ps.setString(6, ch.subject());
                    ps.setString(7, json(ch.changes()));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The newest recorded schema changes, newest first. */
    List<Map<String, Object>> history(int limit) {
        return state.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("select detected_at, action, object_type, subject, changes from schema_change "
                    + "where connection = ? order by id desc limit ?")) {
                ps.setString(1, connection);
                ps.setInt(2, limit);
                List<Map<String, Object>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Map.of("detected_at", rs.getString(1), "action", rs.getString(2), "object_type", rs.getString(3),
                                "subject", rs.getString(4), "changes", rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
