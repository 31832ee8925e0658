package io.dbwarden.advise;

import io.dbwarden.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditLogTest {
    @Test
    void secretsNeverReachTheTrailAndDdlEventsJoinIt(@TempDir Path dir) {
        assertThat(AuditLog.redactedJson(Map.of("token", "abc", "api_key", "k", "sql", "select 'postgres://u:hunter2@h/db'", "limit", 5)))
                .contains("\"token\":\"[redacted]\"", "\"api_key\":\"[redacted]\"", "\"limit\":5").doesNotContain("hunter2").doesNotContain("abc");
        assertThat(AuditLog.redactedJson(Map.of("sql", "x".repeat(5000)))).hasSizeLessThan(2_100);
        try (StateStore state = StateStore.open("state.db", dir)) {
            AuditLog log = new AuditLog(state);
            log.recordToolCall("mcp:test", "execute_sql", Map.of("sql", "select 1"), false, "ok", 3);
            state.withConnection(c -> c.createStatement().executeUpdate("insert into ddl_event values ('db', 1, '2020-01-01T00:00:00Z', "
                    + "'ALTER TABLE', 'table', 'public.users', 'postgres')"));
            List<AuditLog.Entry> all = log.query("db", null, null, 10);
            assertThat(all).extracting(AuditLog.Entry::kind).containsExactly("tool_call", "ddl");
            assertThat(log.query("db", "ddl", null, 10)).extracting(AuditLog.Entry::subject).containsExactly("public.users");
            assertThat(log.query("other", "ddl", null, 10)).isEmpty();
            assertThat(log.query("db", null, AuditLog.since("2021-01-01T00:00:00Z"), 10)).extracting(AuditLog.Entry::kind).containsExactly("tool_call");
        }
        assertThatThrownBy(() -> AuditLog.since("last week")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
    }
}
